import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingMemoryEstimate } from '../../../native/models/training-memory.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { writeTinyDecoder } from '../../helpers/tiny-decoder.js';

/**
 * The training-memory estimate against what a real run takes: each case trains three LoRA steps in a
 * process of its own (dist/native/bench/training-rss-probe.js; the wasm heap never shrinks, so runs
 * cannot share one) and its peak RSS must land within 25 % of the estimate. These shapes are not the
 * ones the runtime term was fitted on (training-memory.ts).
 */
const PROBE = path.join(repoRoot, 'dist', 'native', 'bench', 'training-rss-probe.js');
let dir: string;

function probe(model: string, seq: number, batch: number): { rssPeak: number; estimate: TrainingMemoryEstimate } {
  const out = execFileSync(process.execPath, [PROBE, model, String(seq), String(batch)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { rssPeak: number; estimate: TrainingMemoryEstimate };
}

beforeAll(async () => {
  expect(fs.existsSync(PROBE), 'npm run build makes the probe').toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-training-rss-'));
  await writeTinyDecoder(path.join(dir, 'llama'), { modelType: 'llama', vocab: 8192, hidden: 384, heads: 6, kvHeads: 2, intermediate: 1024, layers: 4, std: 0.02 });
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('training memory estimate vs measured peak RSS', () => {
  it.each([
    ['the bundled model, batch 4 x 256', () => path.join(repoRoot, 'resources', 'models', 'demo-llama'), 256, 4],
    ['a 4-layer llama (h384, vocab 8192), batch 2 x 128', () => path.join(dir, 'llama'), 128, 2],
  ] as const)('%s', (_name, model, seq, batch) => {
    const { rssPeak, estimate } = probe(model(), seq, batch);
    const ratio = rssPeak / estimate.totalBytes;
    expect(ratio, `peak RSS ${(rssPeak / 2 ** 20).toFixed(0)} MiB, estimate ${(estimate.totalBytes / 2 ** 20).toFixed(0)} MiB`).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.25);
  }, 120_000);
});
