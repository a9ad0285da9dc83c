import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sample } from '../../../native/data/samples.js';
import { POOL_MIN_ROWS, TokenLengthPool } from '../../../native/data/token-length-pool.js';
import { TokenLengths, type LengthTotals } from '../../../native/data/token-lengths.js';
import { ModelTokenizer } from '../../../native/models/tokenizer.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Token counting on worker threads gives the same totals as on one thread, also when a thread fails. */
const MODEL = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const THREAD = path.join(repoRoot, 'dist', 'native', 'data', 'token-count-thread.js');
const MAX_LENGTH = 48;
let tok: ModelTokenizer;

const samples: Sample[] = Array.from({ length: POOL_MIN_ROWS + 3_500 }, (_, i) =>
  i % 5 === 0
    ? { kind: 'text', text: `plain row ${i} ${'word '.repeat(i % 40)}` }
    : { kind: 'conversation', messages: [{ role: 'user', content: `Question ${i}: ${'why '.repeat(i % 30)}?` }, { role: 'assistant', content: `Answer ${i % 977} ${'because '.repeat(i % 17)}` }] },
);

const summary = (t: LengthTotals) => ({ lengths: Array.from(t.lengths.subarray(0, t.count)).sort((a, b) => a - b), truncated: t.truncated, empty: t.emptyAfterTruncation });

function onOneThread(): ReturnType<typeof summary> {
  const local = new TokenLengths(tok, MAX_LENGTH);
  for (const s of samples) local.add(s);
  return summary(local.result);
}

async function onPool(threads: number, entry: string): Promise<{ totals: ReturnType<typeof summary>; threadBatches: number }> {
  const local = new TokenLengths(tok, MAX_LENGTH);
  const pool = TokenLengthPool.open(local, { tokenizerDir: MODEL, maxLength: MAX_LENGTH }, samples.length, threads, entry);
  expect(pool).not.toBeNull();
  for (const s of samples) pool!.add(s);
  await pool!.finish();
  await pool!.close();
  return { totals: summary(local.result), threadBatches: pool!.threadBatches };
}

beforeAll(async () => {
  tok = await ModelTokenizer.load(MODEL);
  expect(fs.existsSync(THREAD), 'npm run build makes the thread file').toBe(true);
});

describe('token length pool', () => {
  it('counts on threads exactly what one thread counts', async () => {
    const want = onOneThread();
    expect(want.truncated).toBeGreaterThan(0);
    for (const threads of [1, 2]) {
      const got = await onPool(threads, THREAD);
      expect(got.threadBatches).toBeGreaterThan(0);
      expect(got.totals).toEqual(want);
    }
  }, 120_000);

  it('counts on the calling thread what a failed thread could not', async () => {
    const broken = path.join(tempDir(), 'broken-count-thread.mjs');
    fs.writeFileSync(broken, "throw new Error('no tokenizer here');\n");
    const got = await onPool(1, broken);
    expect(got.threadBatches).toBe(0);
    expect(got.totals).toEqual(onOneThread());
  }, 120_000);

  it('is not used for small datasets', () => {
    expect(TokenLengthPool.open(new TokenLengths(tok, MAX_LENGTH), { tokenizerDir: MODEL, maxLength: MAX_LENGTH }, POOL_MIN_ROWS - 1, 2, THREAD)).toBeNull();
  });
});
