import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSftFile, toTrainExample } from '../../../native/engine/sft-examples.js';
import { ModelTokenizer } from '../../../native/models/tokenizer.js';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;
let llama: ModelTokenizer;

beforeAll(async () => {
  llama = await ModelTokenizer.load(path.join(DATA, 'hf-tiny-random-llama'));
});

describe('supervised examples from real instruction files', () => {
  it('reads alpaca rows and masks everything but the response and EOS', async () => {
    const pairs = await readSftFile(path.join(DATA, 'instruct-llamafactory', 'alpaca_en_demo.json'));
    expect(pairs).toHaveLength(999);
    const ex = toTrainExample(llama, pairs[0]!, 4096);
    const target = ex.ids.filter((_, i) => ex.targetMask[i] === 1);
    expect(target.at(-1)).toBe(2); // </s>
    expect(llama.decode(target, { skipSpecialTokens: true }).trim()).toBe(pairs[0]!.completion.trim());
    // Llama-2's template writes <s> itself: exactly one BOS, at the start.
    expect(ex.ids.filter((id) => id === 1)).toEqual([1]);
    expect(ex.ids[0]).toBe(1);
    expect(llama.decode(ex.ids.slice(0, ex.targetMask.indexOf(1)))).toContain('[INST]');
  });

  it('reads chat messages whose content is a list of parts (v1_sft_demo.jsonl)', async () => {
    const pairs = await readSftFile(path.join(DATA, 'instruct-llamafactory', 'v1_sft_demo.jsonl'));
    expect(pairs[0]).toEqual({ prompt: [{ role: 'user', content: 'hi' }], completion: expect.stringMatching(/^Hello! I am/) });
  });

  it('reads ShareGPT conversations, keeping earlier turns as the prompt', async () => {
    const pairs = await readSftFile(path.join(DATA, 'chat-fastchat-sharegpt', 'dummy_conversation.json'));
    expect(pairs.length).toBe(500);
    expect(pairs[0]!.prompt.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('cuts long examples to the maximum length', async () => {
    const [pair] = await readSftFile(path.join(DATA, 'instruct-llamafactory', 'alpaca_en_demo.json'));
    const ex = toTrainExample(llama, pair!, 16);
    expect(ex.ids).toHaveLength(16);
    expect(ex.targetMask).toHaveLength(16);
  });

  it('names the line of a broken JSON Lines row and of a row with unknown fields', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-sft-'));
    const broken = path.join(dir, 'broken.jsonl');
    fs.writeFileSync(broken, '{"prompt":"a","completion":"b"}\n{"prompt": oops}\n');
    await expect(readSftFile(broken)).rejects.toMatchObject({ code: 'DATA_ERROR', message: expect.stringMatching(/line 2/) });
    const odd = path.join(dir, 'odd.jsonl');
    fs.writeFileSync(odd, '{"question":"a","answer":"b"}\n');
    await expect(readSftFile(odd)).rejects.toMatchObject({ code: 'DATA_ERROR', message: expect.stringMatching(/line 1.*question, answer/) });
    fs.rmSync(dir, { recursive: true });
  });
});
