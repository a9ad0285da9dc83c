import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../electron/contract/errors.js';
import { Rng } from '../engine/rng.js';
import { pickToken } from '../engine/sampling.js';
import { readModelConfig } from '../models/hf-config.js';
import { loadOrt } from '../runtimes/onnx.js';
import type { GenerateInput } from '../protocol.js';
import { firstStop, type Runner, type RunnerStep, type StopReason } from './runner.js';
import { samplingOptions } from './sampling-options.js';
import { hfTextSide } from './text-side.js';

type Ort = ReturnType<typeof loadOrt>;
type OrtTensor = InstanceType<Ort['Tensor']>;

/** Where Optimum (and our exporter) put the decoder: merged first, then the plain with-past graph. */
const MODEL_FILES = ['model.onnx', 'decoder_model_merged.onnx', 'decoder_with_past_model.onnx'];

export function findOnnxModel(folder: string): string | null {
  for (const name of MODEL_FILES) {
    const file = path.join(folder, name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/**
 * An ONNX decoder in Optimum's layout, on onnxruntime-node: inputs `input_ids`, `attention_mask`,
 * (`position_ids`), `past_key_values.N.key/value` [batch, kv_heads, past, head_dim]; outputs
 * `logits` and `present.N.key/value`. The first step feeds empty pasts; each later step feeds one
 * token and the presents of the step before. Tokens are picked with the engine's own sampler
 * (sampling.ts, same seed), so on the same weights the ONNX and engine answers match even when sampling.
 */
export async function loadOnnxRunner(folder: string): Promise<Runner> {
  const file = findOnnxModel(folder);
  if (!file) throw new AppError('NOT_FOUND', `${folder} holds no ONNX decoder (looked for ${MODEL_FILES.join(', ')}). Export the model to ONNX first.`, { folder });
  const ort = loadOrt();
  const config = await readModelConfig(folder);
  const text = await hfTextSide(folder);
  // One thread, like the engine and llama.cpp here: the comparison stays fair and the UI stays responsive.
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const inputs = new Set(session.inputNames);
  const layers = config.numLayers;
  const kvShape = (past: number) => [1, config.numKvHeads, past, config.headDim];
  const int64 = (values: readonly number[], dims: number[]) => new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);

  async function* run(input: GenerateInput, signal: AbortSignal): AsyncGenerator<RunnerStep, StopReason> {
    const p = input.params;
    const opts = samplingOptions(p);
    const rng = new Rng(p.seed);
    const ids = text.promptIds(input);
    const max = Math.min(p.maxNewTokens, Math.max(0, config.maxPositionEmbeddings - ids.length));
    const all = [...ids];
    const generated: number[] = [];
    let past: Record<string, OrtTensor> = {};
    for (let l = 0; l < layers; l++) {
      past[`past_key_values.${l}.key`] = new ort.Tensor('float32', new Float32Array(0), kvShape(0));
      past[`past_key_values.${l}.value`] = new ort.Tensor('float32', new Float32Array(0), kvShape(0));
    }
    let step = [...ids];
    let pastLen = 0;
    for (let n = 0; n < max; n++) {
      if (signal.aborted) return 'cancelled';
      const feeds: Record<string, OrtTensor> = { input_ids: int64(step, [1, step.length]) };
      if (inputs.has('attention_mask')) feeds.attention_mask = int64(new Array<number>(pastLen + step.length).fill(1), [1, pastLen + step.length]);
      if (inputs.has('position_ids')) feeds.position_ids = int64(step.map((_, i) => pastLen + i), [1, step.length]);
      if (inputs.has('use_cache_branch')) feeds.use_cache_branch = new ort.Tensor('bool', [pastLen > 0], [1]);
      for (const [k, v] of Object.entries(past)) if (inputs.has(k)) feeds[k] = v;
      const out = await session.run(feeds);
      const logits = out.logits;
      if (!logits) throw new AppError('MODEL_ERROR', `${file} has no "logits" output (outputs: ${session.outputNames.join(', ')})`);
      const vocab = logits.dims[2]!;
      const data = logits.data as Float32Array;
      const last = data.subarray((step.length - 1) * vocab, step.length * vocab);
      const next: Record<string, OrtTensor> = {};
      for (let l = 0; l < layers; l++) {
        next[`past_key_values.${l}.key`] = out[`present.${l}.key`] as OrtTensor;
        next[`past_key_values.${l}.value`] = out[`present.${l}.value`] as OrtTensor;
      }
      past = next;
      pastLen += step.length;
      const id = pickToken(last, all, opts, rng);
      if (text.stopIds.includes(id)) return 'eos';
      all.push(id);
      generated.push(id);
      const s = text.decode(generated);
      const stop = firstStop(s, p.stop);
      if (stop !== -1) {
        yield { text: s.slice(0, stop) };
        return 'stop-string';
      }
      yield { text: s };
      step = [id];
    }
    return 'max-tokens';
  }

  return {
    runtime: `onnxruntime ${ort.env.versions?.common ?? ''} (cpu, 1 thread)`.replace('  ', ' '),
    generate: run,
    dispose: () => session.release(),
  };
}
