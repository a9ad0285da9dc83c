import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoderForward, type DecoderWeights } from '../../../native/engine/llama.js';
import { loadDecoder, type LoadedDecoder } from '../../../native/engine/load-model.js';
import { loadTf, type Tf } from '../../../native/runtimes/tfjs.js';
import { writeTinyDecoder } from '../../helpers/tiny-decoder.js';

let tf: Tf;
let dir: string;

beforeAll(async () => {
  tf = (await loadTf()).tf;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-gqa-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Multi-head weights equivalent to a GQA model: each key/value head's columns copied to the query heads it serves. */
function expandKv(m: LoadedDecoder): DecoderWeights {
  const { numHeads, numKvHeads, headDim } = m.config;
  const groups = numHeads / numKvHeads;
  const cols: number[] = [];
  for (let h = 0; h < numHeads; h++) for (let d = 0; d < headDim; d++) cols.push(Math.floor(h / groups) * headDim + d);
  const idx = tf.tensor1d(cols, 'int32');
  const expand = (w: tfTypes.Tensor2D) => tf.gather(w, idx, 1) as tfTypes.Tensor2D;
  const expandBias = (b?: tfTypes.Tensor1D) => (b ? (tf.gather(b, idx) as tfTypes.Tensor1D) : undefined);
  return {
    ...m.weights,
    layers: m.weights.layers.map((l) => ({ ...l, k: expand(l.k), v: expand(l.v), kBias: expandBias(l.kBias), vBias: expandBias(l.vBias) })),
  };
}

describe('grouped-query attention', () => {
  for (const modelType of ['llama', 'qwen2'] as const) {
    it(`${modelType}: GQA logits equal those of the same model with key/value heads duplicated`, async () => {
      const folder = path.join(dir, modelType);
      await writeTinyDecoder(folder, { modelType, heads: 4, kvHeads: 2, seed: 5 });
      const m = await loadDecoder(tf, folder);
      const ids = tf.tensor2d([[1, 5, 9, 14, 3, 7]], undefined, 'int32');
      const gqa = decoderForward(tf, m.config, m.weights, ids).logits;
      const mha = decoderForward(tf, { ...m.config, numKvHeads: m.config.numHeads }, expandKv(m), ids).logits;
      const diff = tf.max(tf.abs(tf.sub(gqa, mha))).dataSync()[0]!;
      expect(diff).toBeLessThan(1e-5);
    });
  }
});
