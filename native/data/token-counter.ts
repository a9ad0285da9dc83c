import type { ModelTokenizer } from '../models/tokenizer.js';

/**
 * Exact token counts at validation speed. ModelTokenizer.encode (@huggingface/tokenizers 0.2) spends
 * ~200-800 µs on a 140-character row: its ByteLevel pre-tokenizer runs TextEncoder + Array.from for
 * every word and its BPE cache holds only 10k words. A count needs neither ids nor fresh arrays.
 *
 * How it stays exact: the library's own Tokenizer object does everything that depends on the whole
 * text (added-token splitting with lstrip/rstrip, normalizer, post-processor); only its pre-tokenizer
 * and model are swapped, on a derived object (Object.create — the ModelTokenizer's instance is not
 * touched), for a pair that splits the text into the same pieces and looks up each piece's token
 * count in a cache. That is exact because, for the shapes accepted below, pre-tokenization is
 * "split into pieces, then map each piece on its own" and the BPE model encodes each word on its
 * own (no fuse_unk), so a piece's count never depends on its neighbours. Any other shape uses
 * ModelTokenizer.encode. For tokenizers without a normalizer (the bundled model) countSections
 * also stands in for encode_text's own loop (a copy of its added-token handling, counting instead of
 * collecting). A self-check against encode() at construction and on a sample of later texts
 * switches the fast path off if a library upgrade ever breaks these assumptions; the parity test
 * (test/native/data/token-count-parity.test.ts) compares every path with encode() on real files.
 */

/** The parts of @huggingface/tokenizers 0.2's internals used here (dist/tokenizers.mjs). */
interface LibPreTokenizer {
  (text: string | string[], options?: unknown): string[];
  pre_tokenize(text: string | string[], options?: unknown): string[];
  pre_tokenize_text(text: string, options?: unknown): string[];
  constructor: { name: string };
  config?: { type?: string };
  tokenizers?: (LibPreTokenizer | null)[];
  pattern?: RegExp;
  byte_encoder?: Record<number, string>;
  add_prefix_space?: boolean;
  use_regex?: boolean;
}
interface LibModel {
  (words: string[]): string[];
  fuse_unk?: boolean;
  config?: { type?: string };
}
interface LibSplitter {
  trie: Record<string, unknown>;
  split(text: string): string[];
}
interface LibAddedToken {
  lstrip?: boolean;
  rstrip?: boolean;
}
interface LibTokenizer {
  normalizer: unknown;
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
  added_tokens_map: Map<string, LibAddedToken>;
  splitter_unnormalized: LibSplitter;
  splitter_normalized: LibSplitter;
  pre_tokenizer: LibPreTokenizer | null;
  model: LibModel;
  post_processor: ((tokens: string[], pair: null, addSpecial: boolean) => { tokens: string[] }) | null;
  encode_text(text: string): (string | number)[];
}

/** Words cached per generation; two generations bound memory to ~2 × this many short strings. */
const CACHE_GENERATION = 100_000;
/** Pieces longer than this are counted without caching (they rarely repeat). */
const MAX_CACHED_PIECE = 64;
/** Texts checked against ModelTokenizer.encode: the first ones, then one in this many. */
const CHECK_FIRST = 64;
const CHECK_EVERY = 4096;

/** Edge cases the self-check runs at construction: unicode, emoji, CJK, whitespace runs, numbers. */
export const PROBE_TEXTS = [
  '',
  ' ',
  'Hello, world! It\'s 2024 — ça va?',
  '  two  spaces,\ttab\n\nnew lines \r\n crlf   ',
  'emoji 👩‍👩‍👧‍👦 🚀🎉 and flags 🇫🇷🇯🇵',
  '中文字符和日本語のテキスト、한국어도 있습니다。',
  'numbers 1234567890 3.14159 -42 1,000,000',
  "contractions: I'm, you're, they've, we'd, it'll, DON'T",
  'mixed\u00a0nbsp\u2003em-space\u200bzero-width',
  'combining e\u0301 vs é, ﬁ ligature, Ａｂｃ fullwidth',
  '    leading and trailing    ',
  'code: `x => x * 2;` {"a": [1, 2]} <tag attr="v">',
];

export class TokenCounter {
  private fast: LibTokenizer | null = null;
  private young = new Map<string, number>();
  private old = new Map<string, number>();
  private tail: ((piece: string) => string[]) | null = null;
  private split: ((text: string, options: unknown) => string[]) | null = null;
  private readonly delta: [number, number] = [0, 0];
  private calls = 0;
  /** No normalizer, remove_space or lowercasing: countSections replaces encode_text. */
  private direct = false;
  /** Why the fast path is off (null when on): for tests and the bench's log. */
  disabledReason: string | null = null;

  /** selfCheck: false only in tests that compare every count with encode() themselves. */
  constructor(
    private readonly tok: ModelTokenizer,
    private readonly opts: { selfCheck: boolean } = { selfCheck: true },
  ) {
    try {
      this.setUp();
      if (opts.selfCheck) for (const text of PROBE_TEXTS) for (const special of [false, true]) this.check(text, special, this.fastCount(text, special));
    } catch (err) {
      this.disable(`setup failed: ${(err as Error).message}`);
    }
  }

  get isFast(): boolean {
    return this.fast !== null;
  }

  /** ModelTokenizer.encode(text, { addSpecialTokens }).length, exactly. */
  count(text: string, addSpecialTokens: boolean): number {
    if (this.fast === null) return this.tok.encode(text, { addSpecialTokens }).length;
    const n = this.fastCount(text, addSpecialTokens);
    const k = this.calls++;
    if (this.opts.selfCheck && (k < CHECK_FIRST || k % CHECK_EVERY === 0)) return this.check(text, addSpecialTokens, n);
    return n;
  }

  private check(text: string, addSpecialTokens: boolean, n: number): number {
    const want = this.tok.encode(text, { addSpecialTokens }).length;
    if (want !== n) this.disable(`counted ${n} tokens where encode() gives ${want} for ${JSON.stringify(text.slice(0, 80))}`);
    return want;
  }

  private disable(reason: string): void {
    this.fast = null;
    this.disabledReason = reason;
    this.young.clear();
    this.old.clear();
  }

  private fastCount(text: string, addSpecialTokens: boolean): number {
    const fast = this.fast!;
    let n = 0;
    if (this.direct) {
      n = this.countSections(fast, text);
    } else {
      for (const p of fast.encode_text(text)) n += typeof p === 'number' ? p : 1;
    }
    return n + this.delta[addSpecialTokens ? 1 : 0];
  }

  /**
   * encode_text (tokenizers.mjs) for a tokenizer without normalizer, remove_space or lowercasing,
   * counting instead of collecting: split on added tokens, apply their lstrip/rstrip to the
   * neighbours, then an added token counts 1 and any other section its pieces. (Without a
   * normalizer the second, normalized-token split finds nothing, so it is left out.)
   */
  private countSections(fast: LibTokenizer, text: string): number {
    const sections = fast.splitter_unnormalized.split(text);
    const added = fast.added_tokens_map;
    if (sections.length > 1) {
      for (let i = 0; i < sections.length; i++) {
        const token = added.get(sections[i]!);
        if (!token) continue;
        if (token.lstrip && i > 0) sections[i - 1] = sections[i - 1]!.trimEnd();
        if (token.rstrip && i < sections.length - 1) sections[i + 1] = sections[i + 1]!.trimStart();
      }
    }
    let n = 0;
    for (let i = 0; i < sections.length; i++) {
      const section = sections[i]!;
      if (section.length === 0) continue;
      if (added.has(section)) n++;
      else n += this.countPieces(this.split!(section, { section_index: i }));
    }
    return n;
  }

  private setUp(): void {
    const lib = (this.tok as unknown as { tokenizer: LibTokenizer }).tokenizer;
    if (!lib || typeof lib.encode_text !== 'function') throw new Error('unexpected @huggingface/tokenizers internals');
    const model = lib.model;
    if (model.config?.type !== 'BPE' || model.fuse_unk) throw new Error(`model ${model.config?.type ?? '?'}${model.fuse_unk ? ' with fuse_unk' : ''} is not counted per word`);
    const pre = lib.pre_tokenizer;
    if (!pre) throw new Error('no pre-tokenizer: the whole text is one word');
    // Sequence keeps no config, only its steps.
    const type = Array.isArray(pre.tokenizers) ? 'Sequence' : pre.config?.type;
    if (type === 'ByteLevel' && pre.use_regex && pre.pattern) {
      // ByteLevel.pre_tokenize_text: optional prefix space, regex matches, then bytes → unicode per match.
      const pattern = pre.pattern;
      const prefix = pre.add_prefix_space === true;
      this.split = (text) => (prefix && !text.startsWith(' ') ? ' ' + text : text).match(pattern) ?? [];
      const bytes = Object.create(pre) as LibPreTokenizer;
      Object.assign(bytes, { use_regex: false, add_prefix_space: false });
      this.tail = asciiFastTail(pre, (piece) => bytes.pre_tokenize_text(piece));
    } else if (type === 'Sequence' && pre.tokenizers && pre.tokenizers.length >= 2) {
      // Split (and other) steps first, then a ByteLevel that maps each piece on its own.
      const steps = pre.tokenizers;
      const last = steps[steps.length - 1];
      if (!last || last.config?.type !== 'ByteLevel') throw new Error('pre-tokenizer sequence does not end with ByteLevel');
      const head = steps.slice(0, -1);
      if (head.some((s) => s === null || !['Split', 'Digits', 'Punctuation', 'WhitespaceSplit'].includes(s.config?.type ?? ''))) throw new Error('unsupported pre-tokenizer step');
      this.split = (text, options) => head.reduce<string[]>((pieces, step) => step!.pre_tokenize(pieces, options), [text]);
      const own = (piece: string) => last.pre_tokenize_text(piece);
      this.tail = last.add_prefix_space || last.use_regex ? own : asciiFastTail(last, own);
    } else {
      throw new Error(`pre-tokenizer ${type ?? '?'} is not supported`);
    }
    const post = lib.post_processor;
    for (const special of [false, true]) {
      const d0 = post ? post([], null, special).tokens.length : 0;
      const d2 = post ? post(['a', 'b'], null, special).tokens.length - 2 : 0;
      if (d0 !== d2) throw new Error('post-processor depends on the tokens');
      this.delta[special ? 1 : 0] = d0;
    }
    const fast = Object.create(lib) as LibTokenizer;
    fast.splitter_unnormalized = guardedSplitter(lib.splitter_unnormalized);
    fast.splitter_normalized = guardedSplitter(lib.splitter_normalized);
    const split = this.split;
    fast.pre_tokenizer = ((text: string, options: unknown) => split(text, options)) as unknown as LibPreTokenizer;
    fast.model = ((pieces: string[]) => [this.countPieces(pieces)]) as unknown as LibModel;
    this.fast = fast;
    this.direct = lib.normalizer === null && lib.remove_space !== true && !lib.do_lowercase_and_remove_accent;
  }

  private countPieces(pieces: string[]): number {
    let n = 0;
    for (const piece of pieces) {
      let c = this.young.get(piece);
      if (c === undefined) {
        c = this.old.get(piece);
        if (c === undefined) c = this.countPiece(piece);
        if (piece.length <= MAX_CACHED_PIECE) {
          if (this.young.size >= CACHE_GENERATION) {
            this.old = this.young;
            this.young = new Map();
          }
          this.young.set(piece, c);
        }
      }
      n += c;
    }
    return n;
  }

  private countPiece(piece: string): number {
    const lib = (this.tok as unknown as { tokenizer: LibTokenizer }).tokenizer;
    return lib.model(this.tail!(piece)).length;
  }
}

/**
 * DictionarySplitter.split (the added-token splitter) walks its trie from every character, a third
 * of the count's time. A match can only start at a character that starts some added token, so this
 * runs the same walk, with the same longest-match and skip rules, only from those characters: the
 * result is identical (tokenizers.mjs DictionarySplitter.split, the loop this copies).
 */
function guardedSplitter(splitter: LibSplitter): LibSplitter {
  const firsts = Object.keys(splitter.trie);
  if (firsts.some((c) => c.length !== 1)) return splitter; // an empty added token ('end' at the root)
  if (firsts.length === 0) return { trie: splitter.trie, split: (text) => (text.length === 0 ? [] : [text]) };
  const starts = new RegExp(`[${firsts.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g');
  type TrieNode = Record<string, unknown> & { end?: string };
  const trie = splitter.trie as TrieNode;
  const split = (text: string): string[] => {
    const result: string[] = [];
    const n = text.length;
    let start = 0;
    let i = 0;
    while (i < n) {
      starts.lastIndex = i;
      const next = starts.exec(text);
      if (next === null) break;
      i = next.index;
      let node: TrieNode | undefined = trie;
      let match: string | null = null;
      let j = i;
      while (j < n && (node = node[text[j]!] as TrieNode | undefined)) {
        if (node.end) match = node.end;
        ++j;
      }
      if (match) {
        if (i > start) result.push(text.slice(start, i));
        result.push(match);
        i += match.length;
        start = i;
      } else {
        ++i;
      }
    }
    if (start < n) result.push(text.slice(start));
    return result;
  };
  return { trie: splitter.trie, split };
}

/**
 * ByteLevel's mapping of one piece (no prefix space, no regex): each UTF-8 byte through its
 * byte_encoder table, joined. For an ASCII piece the bytes are the char codes, so the table is read
 * directly, skipping TextEncoder + Array.from (a third of an uncached word's cost); anything else
 * goes through the library.
 */
function asciiFastTail(byteLevel: LibPreTokenizer, library: (piece: string) => string[]): (piece: string) => string[] {
  const table = byteLevel.byte_encoder;
  if (!table) return library;
  const ascii: string[] = [];
  for (let b = 0; b < 128; b++) {
    const mapped = table[b];
    if (typeof mapped !== 'string') return library;
    ascii.push(mapped);
  }
  return (piece) => {
    let out = '';
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (c >= 128) return library(piece);
      out += ascii[c]!;
    }
    return [out];
  };
}
