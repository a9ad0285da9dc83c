import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyAdapter, mergeAdapters } from '../../../native/engine/adapter-io.js';
import { saveTrainedModel } from '../../../native/engine/checkpoint.js';
import { decoderForward } from '../../../native/engine/llama.js';
import { loadDecoder } from '../../../native/engine/load-model.js';
import { attachLora, LORA_DEFAULTS } from '../../../native/engine/lora.js';
import { Rng } from '../../../native/engine/rng.js';
import { inverseFrequencies } from '../../../native/engine/rope.js';
import { loadTf, type Tf } from '../../../native/runtimes/tfjs.js';
import { repoRoot } from '../../helpers/fixtures.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
let tf: Tf;
beforeAll(async () => {
  tf = (await loadTf()).tf;
});

describe('merged generation', () => {
  it('gives the same logits with the adapter merged into the weights as applied beside them', async () => {
    // A non-trivial adapter: attach, give B values, save in PEFT layout.
    const base = await loadDecoder(tf, DEMO);
    const params = attachLora(tf, base.weights, { ...LORA_DEFAULTS, rank: 4, alpha: 8 }, new Rng(2));
    const rng = new Rng(3);
    const values: Record<string, Float32Array> = {};
    for (const [k, v] of params) {
      const data = Float32Array.from({ length: v.size }, () => (rng.next() - 0.5) * 0.3);
      v.assign(tf.tensor(data, v.shape));
      values[k] = data;
    }
    const dir = await saveTrainedModel(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fts-merge-')), 'adapter'), values, {
      lora: { ...LORA_DEFAULTS, rank: 4, alpha: 8 },
      baseModel: DEMO,
      shapes: new Map([...params].map(([k, v]) => [k, v.shape])),
    });
    const ids = tf.tensor2d([[3, 50, 120, 7, 9]], undefined, 'int32');
    const beside = await loadDecoder(tf, DEMO);
    await applyAdapter(tf, beside.weights, dir);
    const merged = await loadDecoder(tf, DEMO);
    await applyAdapter(tf, merged.weights, dir);
    mergeAdapters(tf, merged.weights);
    expect(merged.weights.layers[0]!.adapters).toBeUndefined();
    const a = decoderForward(tf, beside.config, beside.weights, ids).logits;
    const b = decoderForward(tf, merged.config, merged.weights, ids).logits;
    const plain = decoderForward(tf, base.config, (await loadDecoder(tf, DEMO)).weights, ids).logits;
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-4);
    expect(tf.max(tf.abs(tf.sub(a, plain as tfTypes.Tensor))).dataSync()[0]).toBeGreaterThan(1e-2);
  });
});

describe('Llama 3 rope scaling', () => {
  // Llama 3.1's rope_scaling: factor 8, low_freq_factor 1, high_freq_factor 4, original context 8192, theta 500000, head_dim 128.
  const scaling = { ropeType: 'llama3' as const, factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192 };
  const plain = inverseFrequencies(128, 500000);
  const scaled = inverseFrequencies(128, 500000, scaling);

  it('keeps high frequencies (wavelength < 8192/4 = 2048) and divides low ones (wavelength > 8192) by the factor', () => {
    for (let i = 0; i < 64; i++) {
      const wavelen = (2 * Math.PI) / plain[i]!;
      if (wavelen < 2048) expect(scaled[i]).toBe(plain[i]);
      else if (wavelen > 8192) expect(scaled[i]).toBeCloseTo(plain[i]! / 8, 12);
      else {
        // The band between is blended smoothly: strictly between the two.
        expect(scaled[i]!).toBeLessThan(plain[i]!);
        expect(scaled[i]!).toBeGreaterThan(plain[i]! / 8);
      }
    }
    expect(scaled[0]).toBe(1); // theta^0
  });
});
