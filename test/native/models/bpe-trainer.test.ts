import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesToUnicode, tokenizerJson, trainBpe } from '../../../native/models/bpe-trainer.js';
import { buildDemoModel } from '../../../native/models/demo-model.js';
import { ModelTokenizer } from '../../../native/models/tokenizer.js';
import { repoRoot } from '../../helpers/fixtures.js';

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('byte-level BPE trainer', () => {
  it('maps all 256 bytes to distinct printable characters (GPT-2 table)', () => {
    const map = bytesToUnicode();
    expect(new Set(map).size).toBe(256);
    expect(map[65]).toBe('A');
    expect(map[32]).toBe('Ġ'); // the space that GPT-2 vocabularies show as Ġ
  });

  it('learns frequent merges first and deterministically', () => {
    const corpus = ['the cat the hat the bat', 'the cat sat'];
    const a = trainBpe(corpus, 10);
    expect(a.merges[0]).toEqual(['a', 't']); // 'at' 5 times (cat ×2, hat, bat, sat); 'th' and 'he' 4 times
    expect(a.merges[1]).toEqual(['h', 'e']); // ties broken by text: 'h e' < 't h'
    expect(trainBpe(corpus, 10)).toEqual(a);
  });

  it('writes a tokenizer.json that @huggingface/tokenizers loads and round-trips, bytes and emoji included', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-bpe-'));
    const bpe = trainBpe(['hello world, hello tokenizer', 'world of words'], 40);
    fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(bpe, ['<|end|>'])));
    fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ eos_token: '<|end|>' }));
    const tok = await ModelTokenizer.load(dir);
    for (const text of ['hello world', 'Grüße, 世界! 🚀', '  spaced\tout\n', 'x'.repeat(50)]) {
      expect(tok.decode(tok.encode(text, { addSpecialTokens: false }))).toBe(text);
    }
    expect(tok.encode('hello', { addSpecialTokens: false })).toHaveLength(1); // learned as one token
    expect(tok.special.eos).toEqual({ content: '<|end|>', id: bpe.vocab.size });
    fs.rmSync(dir, { recursive: true });
  });
});

describe('bundled demo model', () => {
  it('is exactly what scripts/build-demo-model.mjs builds from its fixed seed', async () => {
    const shipped = path.join(repoRoot, 'resources', 'models', 'demo-llama');
    const rows = fs
      .readFileSync(path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { messages: { content: string }[] });
    const corpus = [...rows.flatMap((r) => r.messages.map((m) => m.content)), fs.readFileSync(path.join(repoRoot, 'resources', 'models', 'corpus.txt'), 'utf8')];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-demo-model-'));
    await buildDemoModel(dir, corpus);
    for (const f of fs.readdirSync(shipped)) expect(sha(path.join(dir, f)), f).toBe(sha(path.join(shipped, f)));
    fs.rmSync(dir, { recursive: true });
  });

  it('renders its ChatML template and knows its end-of-turn token', async () => {
    const tok = await ModelTokenizer.load(path.join(repoRoot, 'resources', 'models', 'demo-llama'));
    expect(tok.applyChatTemplate([{ role: 'user', content: 'Hi' }], { addGenerationPrompt: true })).toBe('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
    expect(tok.special.eos?.content).toBe('<|im_end|>');
    const ids = tok.encode('<|im_start|>user\nHi<|im_end|>', { addSpecialTokens: false });
    expect(ids[0]).toBe(tok.tokenToId('<|im_start|>'));
  });
});
