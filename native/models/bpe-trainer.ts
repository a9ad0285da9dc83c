/**
 * Trains a byte-level BPE vocabulary (GPT-2's scheme) and writes it as a Hugging Face
 * tokenizer.json. Used to build the bundled demo model's tokenizer from a fixed corpus; the
 * tokenizer itself is then run by @huggingface/tokenizers like any other.
 */

/** GPT-2's bytes_to_unicode: every byte gets a printable character, so merges are plain strings. */
export function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) map[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  return map;
}

/** GPT-2's pre-tokenizer pattern (what tokenizers' ByteLevel use_regex applies, and llama.cpp's "gpt2" pre-tokenizer). */
const GPT2_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

export interface BpeVocabulary {
  vocab: Map<string, number>;
  merges: [string, string][];
}

/** Learns `numMerges` merges from `corpus`; ties broken by the pair's text, so the result is deterministic. */
export function trainBpe(corpus: readonly string[], numMerges: number): BpeVocabulary {
  const byteChars = bytesToUnicode();
  const encoder = new TextEncoder();
  const words = new Map<string, number>();
  for (const text of corpus) {
    for (const piece of text.match(GPT2_SPLIT) ?? []) {
      const mapped = Array.from(encoder.encode(piece), (b) => byteChars[b]!).join('\u0000');
      words.set(mapped, (words.get(mapped) ?? 0) + 1);
    }
  }
  let entries = [...words].map(([w, n]) => ({ symbols: w.split('\u0000'), n }));
  const vocab = new Map<string, number>();
  for (let b = 0; b < 256; b++) vocab.set(byteChars[b]!, b);
  const merges: [string, string][] = [];
  for (let m = 0; m < numMerges; m++) {
    const counts = new Map<string, number>();
    for (const { symbols, n } of entries) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]}\u0000${symbols[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + n);
      }
    }
    let best: string | null = null;
    let bestCount = 1; // a pair seen once is not worth a token
    for (const [key, n] of counts) if (n > bestCount || (n === bestCount && best !== null && key < best)) [best, bestCount] = [key, n];
    if (best === null) break;
    const [a, b] = best.split('\u0000') as [string, string];
    merges.push([a, b]);
    vocab.set(a + b, vocab.size);
    entries = entries.map(({ symbols, n }) => {
      const out: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
          out.push(a + b);
          i++;
        } else out.push(symbols[i]!);
      }
      return { symbols: out, n };
    });
  }
  return { vocab, merges };
}

/** A tokenizer.json for @huggingface/tokenizers / transformers: ByteLevel pre-tokenizer and decoder, BPE model, special tokens appended. */
export function tokenizerJson(bpe: BpeVocabulary, specialTokens: readonly string[]): Record<string, unknown> {
  const vocab: Record<string, number> = Object.fromEntries(bpe.vocab);
  const added = specialTokens.map((content, i) => {
    const id = bpe.vocab.size + i;
    vocab[content] = id;
    return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: bpe.merges.map(([a, b]) => `${a} ${b}`),
    },
  };
}
