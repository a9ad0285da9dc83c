import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainExample } from '../../../native/engine/batches.js';
import { loadDecoder } from '../../../native/engine/load-model.js';
import { attachLora, countParameters, LORA_DEFAULTS } from '../../../native/engine/lora.js';
import { Rng } from '../../../native/engine/rng.js';
import { train, type StepMetrics, type TrainerConfig, type TrainerState, type TrainModel } from '../../../native/engine/trainer.js';
import { latestCheckpoint, loadCheckpoint, saveCheckpoint } from '../../../native/engine/checkpoint.js';
import { disposeDecoderWeights } from '../../../native/engine/weights.js';
import { loadTf, type Tf } from '../../../native/runtimes/tfjs.js';
import { writeTinyDecoder } from '../../helpers/tiny-decoder.js';

const REAL_MODEL = new URL('../../../../shared/data/hf-tiny-random-llama', import.meta.url).pathname;
let tf: Tf;
let tiny: string;

beforeAll(async () => {
  tf = (await loadTf()).tf;
  // A random model with grouped-query attention and weights large enough for LoRA to move its
  // logits; hf-tiny-random-llama's 0.02-scale lm_head caps its logits near ±0.3, so no adapter
  // can halve its loss.
  tiny = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-tiny-'));
  await writeTinyDecoder(tiny, { vocab: 600, hidden: 32, kvHeads: 2, std: 0.3 });
});

afterAll(() => fs.rmSync(tiny, { recursive: true, force: true }));

/** Prompt tokens (masked) followed by a completion the model must learn to produce. */
function examples(n: number): TrainExample[] {
  return Array.from({ length: n }, (_, i) => {
    const prompt = [1, 100 + i, 200 + i];
    const completion = [300 + i, 400 + i, 500 + i, 2];
    return { ids: [...prompt, ...completion], targetMask: [...prompt.map(() => 0), ...completion.map(() => 1)] };
  });
}

const config: TrainerConfig = {
  epochs: 6,
  batchSize: 2,
  gradAccumSteps: 2,
  learningRate: 2e-2,
  schedule: 'cosine',
  warmupSteps: 2,
  weightDecay: 0,
  maxGradNorm: 1,
  seed: 3,
  dropout: 0,
  evalEvery: 0,
  earlyStoppingPatience: 0,
  checkpointEvery: 0,
  padId: 0,
};

async function freshModel(seed = 1, dir = tiny): Promise<TrainModel> {
  const { config: cfg, weights } = await loadDecoder(tf, dir);
  const params = attachLora(tf, weights, { ...LORA_DEFAULTS, rank: 4, alpha: 8 }, new Rng(seed));
  return { shape: cfg, weights, params };
}

function release(model: TrainModel) {
  disposeDecoderWeights(tf, model.weights);
}

describe('trainer (LoRA)', () => {
  it('counts trainable parameters: rank × (in + out) over every projection', async () => {
    const model = await freshModel(1, REAL_MODEL);
    // hidden 16, intermediate 64, 2 layers: q,k,v,o 4·(16+16) + gate,up 4·(16+64) + down 4·(64+16), times 2 layers.
    expect(countParameters(model.params)).toBe(2 * (4 * 4 * 32 + 3 * 4 * 80));
    release(model);
  });

  it('learns the completions: masked loss falls by more than half', async () => {
    const model = await freshModel();
    const losses: number[] = [];
    const out = await train(tf, model, { train: examples(8), validation: examples(8) }, config, { onStep: (m) => losses.push(m.loss) }, new AbortController().signal);
    expect(out.status).toBe('completed');
    expect(losses).toHaveLength(12); // 8 examples / 2 per batch / 2 accumulated = 2 steps per epoch, 6 epochs
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
    release(model);
  }, 60_000);

  it('resumes exactly: the loss sequence after a checkpoint equals the uninterrupted run', async () => {
    const full: number[] = [];
    const a = await freshModel();
    const ref = await train(tf, a, { train: examples(8) }, config, { onStep: (m) => full.push(m.loss) }, new AbortController().signal);
    release(a);

    const first: number[] = [];
    let saved: TrainerState | null = null;
    const stopAt = 5;
    const abort = new AbortController();
    const b = await freshModel();
    const cut = await train(
      tf,
      b,
      { train: examples(8) },
      { ...config, checkpointEvery: 1 },
      {
        onStep: (m: StepMetrics) => {
          first.push(m.loss);
          if (m.step === stopAt) abort.abort();
        },
        onCheckpoint: async (s) => {
          saved = s;
        },
      },
      abort.signal,
    );
    release(b);
    expect(cut.status).toBe('cancelled');
    expect(saved!.step).toBe(stopAt);

    const rest: number[] = [];
    // Through the disk: the checkpoint folder is written, found as the latest, and read back.
    const c = await freshModel(99); // different init: resume must overwrite it from the checkpoint
    const shapes = new Map([...c.params].map(([k, v]) => [k, v.shape]));
    const ckptDir = path.join(tiny, 'checkpoints');
    const meta = { lora: { ...LORA_DEFAULTS, rank: 4, alpha: 8 }, baseModel: tiny, shapes };
    await saveCheckpoint(ckptDir, saved!, meta);
    const fromDisk = await loadCheckpoint((await latestCheckpoint(ckptDir))!, meta);
    expect(fromDisk.step).toBe(stopAt);
    const resumed = await train(tf, c, { train: examples(8) }, config, { onStep: (m) => rest.push(m.loss) }, new AbortController().signal, fromDisk);
    release(c);
    expect([...first, ...rest]).toHaveLength(full.length);
    for (let i = 0; i < full.length; i++) expect([...first, ...rest][i]).toBeCloseTo(full[i]!, 5);
    for (const [k, v] of Object.entries(ref.state.params)) {
      const r = resumed.state.params[k]!;
      let maxDiff = 0;
      for (let j = 0; j < v.length; j++) maxDiff = Math.max(maxDiff, Math.abs(v[j]! - r[j]!));
      expect(maxDiff).toBeLessThan(1e-5);
    }
  }, 120_000);

  it('writes PEFT adapter files and refuses a checkpoint of an unknown version', async () => {
    const model = await freshModel();
    const shapes = new Map([...model.params].map(([k, v]) => [k, v.shape]));
    const out = await train(tf, model, { train: examples(4) }, { ...config, epochs: 1 }, {}, new AbortController().signal);
    const parent = path.join(tiny, 'ckpt-version');
    const dir = await saveCheckpoint(parent, out.state, { lora: { ...LORA_DEFAULTS, rank: 4, alpha: 8 }, baseModel: 'tiny', shapes });
    const adapterConfig = JSON.parse(fs.readFileSync(path.join(dir, 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
    expect(adapterConfig).toMatchObject({ peft_type: 'LORA', r: 4, lora_alpha: 8, task_type: 'CAUSAL_LM' });
    expect(fs.readdirSync(parent)).toEqual([path.basename(dir)]); // no temporary folder left behind
    const stateFile = path.join(dir, 'trainer_state.json');
    fs.writeFileSync(stateFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(stateFile, 'utf8')), version: 99 }));
    await expect(loadCheckpoint(dir, { lora: LORA_DEFAULTS, baseModel: 'tiny', shapes })).rejects.toMatchObject({ code: 'TRAINING_ERROR', message: expect.stringMatching(/version 99/) });
    release(model);
  });
});

describe('trainer (full fine-tuning)', () => {
  it('trains every weight, embeddings included (wasm gather gradient), and resumes exactly from a full checkpoint', async () => {
    const { makeFullTrainable } = await import('../../../native/engine/full-ft.js');
    const fresh = async () => {
      const { config: cfg, weights } = await loadDecoder(tf, tiny);
      const full = makeFullTrainable(tf, weights);
      return { model: { shape: cfg, weights, params: full.params }, transposed: full.transposed };
    };
    const cfg = { ...config, epochs: 2, learningRate: 5e-3 };
    const a = await fresh();
    const embedBefore = Array.from((await a.model.params.get('model.embed_tokens.weight')!.data()) as Float32Array);
    const losses: number[] = [];
    const ref = await train(tf, a.model, { train: examples(8) }, cfg, { onStep: (m) => losses.push(m.loss) }, new AbortController().signal);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    const embedAfter = ref.state.params['model.embed_tokens.weight']!;
    expect(embedAfter.some((v, i) => v !== embedBefore[i])).toBe(true);
    disposeDecoderWeights(tf, a.model.weights);

    let saved: TrainerState | null = null;
    const abort = new AbortController();
    const b = await fresh();
    const first: number[] = [];
    await train(tf, b.model, { train: examples(8) }, { ...cfg, checkpointEvery: 1 }, {
      onStep: (m) => {
        first.push(m.loss);
        if (m.step === 2) abort.abort();
      },
      onCheckpoint: async (s) => {
        saved = s;
      },
    }, abort.signal);
    const shapes = new Map([...b.model.params].map(([k, v]) => [k, v.shape]));
    const meta = { lora: null, baseModel: tiny, shapes, transposed: b.transposed };
    const dir = await saveCheckpoint(path.join(tiny, 'full-ckpt'), saved!, meta);
    disposeDecoderWeights(tf, b.model.weights);
    expect(fs.existsSync(path.join(dir, 'model.safetensors'))).toBe(true);

    const c = await fresh();
    const rest: number[] = [];
    await train(tf, c.model, { train: examples(8) }, cfg, { onStep: (m) => rest.push(m.loss) }, new AbortController().signal, await loadCheckpoint(dir, meta));
    disposeDecoderWeights(tf, c.model.weights);
    const all = [...first, ...rest];
    expect(all).toHaveLength(losses.length);
    for (let i = 0; i < losses.length; i++) expect(all[i]).toBeCloseTo(losses[i]!, 4);
  }, 120_000);
});
