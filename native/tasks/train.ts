import path from 'node:path';
import { AppError } from '../../electron/contract/errors.js';
import { TrainSpec } from '../../electron/contract/jobs.js';
import { latestCheckpoint, loadCheckpoint, saveCheckpoint, saveTrainedModel, type CheckpointMeta } from '../engine/checkpoint.js';
import { makeFullTrainable } from '../engine/full-ft.js';
import { loadDecoder } from '../engine/load-model.js';
import { attachLora, countParameters } from '../engine/lora.js';
import { Rng } from '../engine/rng.js';
import { readSftFile, toTrainExample } from '../engine/sft-examples.js';
import { train } from '../engine/trainer.js';
import { disposeDecoderWeights } from '../engine/weights.js';
import { ModelTokenizer } from '../models/tokenizer.js';
import { loadTf } from '../runtimes/tfjs.js';
import type { TaskContext } from './task.js';

export interface TrainResult {
  backend: string;
  status: 'completed' | 'early-stopped' | 'cancelled';
  steps: number;
  finalLoss: number | null;
  trainableParameters: number;
  examples: number;
  tokensPerSecond: number;
  seconds: number;
  /** The PEFT adapter folder (LoRA) or the full model folder (full fine-tuning). */
  outputDir: string | null;
  method: 'lora' | 'full';
  resumedFromStep: number | null;
}

/** A LoRA fine-tuning run in the worker: data and model in, checkpoints and a PEFT adapter out. */
export async function trainTask(rawSpec: unknown, { signal, report }: TaskContext): Promise<TrainResult> {
  const spec = TrainSpec.parse(rawSpec);
  const started = performance.now();
  report.progress(0.01, 'Loading TF.js backend');
  const { tf, backend } = await loadTf(spec.backend);
  report.log('INFO', `backend ${backend}`);
  report.progress(0.02, 'Loading model and tokenizer');
  const { config, weights } = await loadDecoder(tf, spec.model);
  const tokenizer = await ModelTokenizer.load(spec.model);
  const pairs = await readSftFile(spec.data);
  if (pairs.length === 0) throw new AppError('DATA_ERROR', `${spec.data}: no examples`);
  const all = pairs.map((p) => toTrainExample(tokenizer, p, spec.maxLength));
  // A prepared dataset brings its own validation split; otherwise a seeded share is held out (the same rows on resume).
  const nVal = spec.validationData ? 0 : Math.floor(all.length * spec.validationFraction);
  const order = new Rng(spec.seed ^ 0x5f3759df).shuffle(all.map((_, i) => i));
  const validation = spec.validationData
    ? (await readSftFile(spec.validationData)).map((p) => toTrainExample(tokenizer, p, spec.maxLength))
    : order.slice(0, nVal).map((i) => all[i]!);
  const trainSet = order.slice(nVal).map((i) => all[i]!);
  const full = spec.method === 'full' ? makeFullTrainable(tf, weights) : null;
  const params = full ? full.params : attachLora(tf, weights, spec.lora, new Rng(spec.seed));
  const trainable = countParameters(params);
  const how = full ? 'full fine-tuning' : `LoRA rank ${spec.lora.rank}`;
  report.log('INFO', `${config.architecture}: ${trainSet.length} training and ${validation.length} validation examples, ${trainable} trainable parameters (${how})`);

  const meta: CheckpointMeta = {
    lora: full ? null : spec.lora,
    baseModel: path.resolve(spec.model),
    shapes: new Map([...params].map(([k, v]) => [k, v.shape])),
    transposed: full?.transposed,
  };
  const checkpoints = path.join(spec.outDir, 'checkpoints');
  let resume;
  if (spec.resume) {
    const latest = await latestCheckpoint(checkpoints);
    if (latest) {
      resume = await loadCheckpoint(latest, meta);
      report.log('INFO', `resuming from ${latest} (step ${resume.step})`);
    }
  }
  let tokens = 0;
  const outcome = await train(
    tf,
    { shape: config, weights, params },
    { train: trainSet, validation },
    { ...spec, dropout: spec.lora.dropout, padId: tokenizer.special.pad?.id ?? tokenizer.special.eos?.id ?? 0 },
    {
      onStep: (m) => {
        tokens += m.tokens;
        report.metric('loss', m.step, m.loss);
        report.metric('lr', m.step, m.lr);
        report.metric('grad_norm', m.step, m.gradNorm);
        report.metric('tokens_per_s', m.step, m.tokens / Math.max(m.seconds, 1e-9));
        report.progress(0.03 + (0.95 * m.step) / m.totalSteps, `step ${m.step}/${m.totalSteps} loss ${m.loss.toFixed(4)}`);
      },
      onEval: (e) => {
        report.metric('val_loss', e.step, e.valLoss);
        report.metric('val_perplexity', e.step, e.perplexity);
      },
      onCheckpoint: async (s) => {
        const dir = await saveCheckpoint(checkpoints, s, meta);
        report.artifact('checkpoint', dir);
      },
    },
    signal,
    resume,
  );
  let outputDir: string | null = null;
  if (outcome.status !== 'cancelled') {
    outputDir = await saveTrainedModel(path.join(spec.outDir, full ? 'model' : 'adapter'), outcome.state.params, meta);
    report.artifact(full ? 'model' : 'adapter', outputDir);
  }
  // Full fine-tuning made the weights themselves the variables; dispose each tensor once.
  disposeDecoderWeights(tf, weights);
  if (!full) tf.dispose([...params.values()]);
  // A cancelled run ends the job as cancelled (not completed); its checkpoints stay on disk.
  if (outcome.status === 'cancelled') throw new AppError('CANCELLED', `Cancelled at step ${outcome.state.step}`);
  const seconds = (performance.now() - started) / 1000;
  return {
    backend,
    status: outcome.status,
    steps: outcome.state.step,
    finalLoss: outcome.lastLoss,
    trainableParameters: trainable,
    examples: trainSet.length,
    tokensPerSecond: tokens / seconds,
    seconds,
    outputDir,
    method: spec.method,
    resumedFromStep: resume?.step ?? null,
  };
}
