import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveTrainedModel } from '../../../native/engine/checkpoint.js';
import { decoderForward } from '../../../native/engine/llama.js';
import { loadDecoder } from '../../../native/engine/load-model.js';
import { applyAdapter } from '../../../native/engine/adapter-io.js';
import { LORA_DEFAULTS } from '../../../native/engine/lora.js';
import { Rng } from '../../../native/engine/rng.js';
import { exportDecoderGguf } from '../../../native/export/gguf-decoder.js';
import { llamaCppLogProbs } from '../../../native/export/llama-cpp-judge.js';
import { loadTf, type Tf } from '../../../native/runtimes/tfjs.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { writeTinyDecoder } from '../../helpers/tiny-decoder.js';

/**
 * The correctness judge (issue 3): the engine's next-token distributions against llama.cpp's on the
 * same weights, F32 weights and F32 KV cache. llama.cpp gives probabilities, so log-softmax values
 * are compared (equal to logits up to a per-position constant): max abs difference <= 1e-3.
 */
const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const TOKENS = [1, 17, 42, 99, 256, 300, 7, 128, 64, 5];
let tf: Tf;
let dir: string;

beforeAll(async () => {
  tf = (await loadTf()).tf;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-judge-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A random model of the given family sharing the demo model's byte-level BPE tokenizer. */
async function modelFolder(name: string, modelType: 'llama' | 'qwen2'): Promise<string> {
  const folder = path.join(dir, name);
  const vocab = (JSON.parse(fs.readFileSync(path.join(DEMO, 'config.json'), 'utf8')) as { vocab_size: number }).vocab_size;
  await writeTinyDecoder(folder, { modelType, vocab, hidden: 64, heads: 4, kvHeads: 2, intermediate: 128, layers: 2, std: 0.1, seed: modelType === 'qwen2' ? 11 : 12 });
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(DEMO, f), path.join(folder, f));
  return folder;
}

async function engineLogProbs(folder: string, adapter?: string): Promise<number[][]> {
  const m = await loadDecoder(tf, folder);
  if (adapter) await applyAdapter(tf, m.weights, adapter);
  const lp = tf.tidy(() => tf.logSoftmax(decoderForward(tf, m.config, m.weights, tf.tensor2d([TOKENS], undefined, 'int32')).logits.squeeze([0]) as tfTypes.Tensor2D));
  return lp.arraySync() as number[][];
}

function maxDiff(a: number[][], b: number[][]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i]!.length; j++) d = Math.max(d, Math.abs(a[i]![j]! - b[i]![j]!));
  return d;
}

const argmaxes = (rows: number[][]) => rows.map((r) => r.indexOf(Math.max(...r)));

describe('engine vs llama.cpp (F32 GGUF, F32 KV cache)', () => {
  for (const family of ['llama', 'qwen2'] as const) {
    it(`${family}: next-token log-probs agree within 1e-3 at every position`, async () => {
      const folder = await modelFolder(family, family);
      const gguf = path.join(dir, `${family}.gguf`);
      await exportDecoderGguf(folder, gguf, { type: 'F32' });
      const vocab = (await loadDecoder(tf, folder)).config.vocabSize;
      const [ours, theirs] = [await engineLogProbs(folder), await llamaCppLogProbs(gguf, TOKENS, vocab)];
      expect(theirs).toHaveLength(TOKENS.length);
      expect(maxDiff(ours, theirs)).toBeLessThanOrEqual(1e-3);
      expect(argmaxes(theirs)).toEqual(argmaxes(ours));
    }, 120_000);
  }

  it('the bundled demo model: agrees within 1e-4 (measured 1.4e-5)', async () => {
    const gguf = path.join(dir, 'demo.gguf');
    await exportDecoderGguf(DEMO, gguf, { type: 'F32' });
    const vocab = (await loadDecoder(tf, DEMO)).config.vocabSize;
    expect(maxDiff(await engineLogProbs(DEMO), await llamaCppLogProbs(gguf, TOKENS, vocab))).toBeLessThanOrEqual(1e-4);
  }, 120_000);

  it('llama: still agrees after a LoRA adapter is merged into the exported weights', async () => {
    const folder = await modelFolder('llama-lora', 'llama');
    // A non-zero adapter (B random too), saved in PEFT layout, applied by the engine unmerged.
    const m = await loadDecoder(tf, folder);
    const rng = new Rng(4);
    const params: Record<string, Float32Array> = {};
    const shapes = new Map<string, number[]>();
    m.weights.layers.forEach((layer, i) => {
      for (const proj of LORA_DEFAULTS.targets) {
        const [inDim, outDim] = layer[proj].shape;
        for (const [which, shape] of [['A', [inDim, 4]], ['B', [4, outDim]]] as const) {
          const key = `base_model.model.model.layers.${i}.${proj === 'gate' || proj === 'up' || proj === 'down' ? 'mlp' : 'self_attn'}.${proj}_proj.lora_${which}.weight`;
          params[key] = Float32Array.from({ length: shape[0] * shape[1] }, () => (rng.next() - 0.5) * 0.2);
          shapes.set(key, [...shape]);
        }
      }
    });
    const adapter = await saveTrainedModel(path.join(dir, 'adapter'), params, { lora: { ...LORA_DEFAULTS, rank: 4, alpha: 8 }, baseModel: folder, shapes });
    const gguf = path.join(dir, 'merged.gguf');
    await exportDecoderGguf(folder, gguf, { type: 'F32', adapterDir: adapter });
    const base = await engineLogProbs(folder);
    const tuned = await engineLogProbs(folder, adapter);
    expect(maxDiff(base, tuned)).toBeGreaterThan(1e-2); // the adapter really changes the model
    expect(maxDiff(tuned, await llamaCppLogProbs(gguf, TOKENS, m.config.vocabSize))).toBeLessThanOrEqual(1e-3);
  }, 120_000);

  it('catches a wrong q/k permutation: the judge fails when the export is wrong', async () => {
    const folder = await modelFolder('llama-bad', 'llama');
    const gguf = path.join(dir, 'bad.gguf');
    await exportDecoderGguf(folder, gguf, { type: 'F32', skipQkPermutation: true });
    const vocab = (await loadDecoder(tf, folder)).config.vocabSize;
    expect(maxDiff(await engineLogProbs(folder), await llamaCppLogProbs(gguf, TOKENS, vocab))).toBeGreaterThan(1e-3);
  }, 120_000);
});
