import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDecoder } from '../../../native/engine/load-model.js';
import { attachLora, LORA_DEFAULTS } from '../../../native/engine/lora.js';
import { Rng } from '../../../native/engine/rng.js';
import { bareTrainerConfig } from '../../../native/bench/bare-trainer-config.js';
import { train } from '../../../native/engine/trainer.js';
import { disposeDecoderWeights } from '../../../native/engine/weights.js';
import { trainingMemoryEstimate } from '../../../native/models/training-memory.js';
import { loadTf, type Tf } from '../../../native/runtimes/tfjs.js';
import { writeTinyDecoder } from '../../helpers/tiny-decoder.js';

/**
 * Real widths: Qwen2.5-0.5B's hidden size, heads, grouped key/value heads, MLP width and tied head,
 * with 2 of its 24 layers and a 32k vocabulary so the test stays within CI's minutes. Loads, runs,
 * trains a few LoRA steps, and checks the memory the engine holds against the estimate exactly.
 */
let tf: Tf;
let dir: string;

beforeAll(async () => {
  tf = (await loadTf()).tf;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-real-width-'));
  await writeTinyDecoder(dir, { modelType: 'qwen2', vocab: 32000, hidden: 896, heads: 14, kvHeads: 2, intermediate: 4864, layers: 2, tie: true, std: 0.02 });
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Qwen2.5-0.5B widths', () => {
  it('loads, trains LoRA steps, and holds exactly the weights, copies and optimizer state the estimate predicts', async () => {
    const before = tf.memory().numBytes;
    const m = await loadDecoder(tf, dir);
    expect(m.config).toMatchObject({ architecture: 'qwen2', numHeads: 14, numKvHeads: 2, headDim: 64, tieWordEmbeddings: true, attentionBias: true });
    const params = attachLora(tf, m.weights, LORA_DEFAULTS, new Rng(1));
    const seq = 64;
    const examples = Array.from({ length: 3 }, (_, j) => ({
      ids: Array.from({ length: seq }, (_, i) => (i * 7 + j * 13) % 32000),
      targetMask: Array.from({ length: seq }, (_, i) => (i > 8 ? 1 : 0)),
    }));
    const held: number[] = [];
    const losses: number[] = [];
    await train(
      tf,
      { shape: m.config, weights: m.weights, params },
      { train: examples },
      bareTrainerConfig(1, 1e-3),
      {
        onStep: (s) => {
          losses.push(s.loss);
          held.push(tf.memory().numBytes - before);
        },
      },
      new AbortController().signal,
    );
    expect(losses).toHaveLength(3);
    for (const l of losses) expect(l).toBeGreaterThan(9); // ≈ ln(32000) = 10.4 for near-uniform random weights
    const est = trainingMemoryEstimate(m.config, { method: 'lora', rank: LORA_DEFAULTS.rank, batchSize: 1, seqLen: seq, bytesPerParam: 4 });
    // Between steps the engine holds weights (+ adapters), its copies and AdamW's moments; gradients
    // and activations are transient. Each step must leave exactly that behind: no leak.
    const expected = est.weightsBytes + est.engineCopiesBytes + est.optimizerBytes;
    for (const bytes of held) expect(Math.abs(bytes - expected) / expected).toBeLessThan(0.01);
    disposeDecoderWeights(tf, m.weights);
    tf.dispose([...params.values()]);
  }, 180_000);
});
