import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../runtimes/tfjs.js';
import { AdamW, ADAMW_DEFAULTS, type AdamWState } from './adamw.js';
import { epochBatches, padBatch, type Batch, type TrainExample } from './batches.js';
import { decoderForward, type DecoderShape, type DecoderWeights } from './llama.js';
import { causalLmLoss } from './loss.js';
import { learningRate, type ScheduleKind } from './schedule.js';

export interface TrainerConfig {
  epochs: number;
  batchSize: number;
  gradAccumSteps: number;
  learningRate: number;
  schedule: ScheduleKind;
  warmupSteps: number;
  weightDecay: number;
  maxGradNorm: number; // 0 = no clipping
  seed: number;
  dropout: number;
  evalEvery: number; // optimizer steps; 0 = only at the end
  earlyStoppingPatience: number; // evaluations without improvement; 0 = off
  checkpointEvery: number; // optimizer steps; 0 = only at the end
  padId: number;
}

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainerState {
  step: number;
  epoch: number;
  cursor: number; // micro-batches of `epoch` already consumed
  bestValLoss: number | null;
  evalsWithoutImprovement: number;
  optimizer: AdamWState;
  params: Record<string, Float32Array>;
}

export interface StepMetrics {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  lr: number;
  gradNorm: number;
  tokens: number;
  seconds: number;
}

export interface TrainerCallbacks {
  onStep?(m: StepMetrics): void;
  onEval?(m: { step: number; valLoss: number; perplexity: number }): void;
  onCheckpoint?(state: TrainerState): Promise<void>;
}

export interface TrainModel {
  shape: DecoderShape;
  weights: DecoderWeights;
  /** The trainable variables by stable name (PEFT keys for LoRA). */
  params: ReadonlyMap<string, tfTypes.Variable>;
}

export type TrainOutcome = { status: 'completed' | 'early-stopped' | 'cancelled'; state: TrainerState; lastLoss: number | null };

/**
 * The training loop: AdamW, LR schedule with warmup, gradient accumulation and clipping, masked
 * loss, periodic validation with early stopping, and checkpoints. It knows nothing of IPC or
 * SQLite: it reports through callbacks and stops at the next batch boundary once `signal` aborts.
 */
export async function train(
  tf: Tf,
  model: TrainModel,
  data: { train: readonly TrainExample[]; validation?: readonly TrainExample[] },
  cfg: TrainerConfig,
  callbacks: TrainerCallbacks,
  signal: AbortSignal,
  resume?: TrainerState,
): Promise<TrainOutcome> {
  const names = [...model.params.keys()];
  const byVarName = new Map(names.map((n) => [model.params.get(n)!.name, n]));
  const opt = new AdamW(tf, model.params, { ...ADAMW_DEFAULTS, weightDecay: cfg.weightDecay });
  const microPerEpoch = Math.ceil(data.train.length / cfg.batchSize);
  const stepsPerEpoch = Math.ceil(microPerEpoch / cfg.gradAccumSteps);
  const totalSteps = stepsPerEpoch * cfg.epochs;
  let state: TrainerState = { step: 0, epoch: 0, cursor: 0, bestValLoss: null, evalsWithoutImprovement: 0, optimizer: { step: 0, m: {}, v: {} }, params: {} };
  if (resume) {
    for (const n of names) model.params.get(n)!.assign(tf.tensor(resume.params[n]!, model.params.get(n)!.shape));
    opt.load(resume.optimizer);
    state = resume;
  }
  let lastLoss: number | null = null;
  const snapshot = async (): Promise<TrainerState> => {
    const params: Record<string, Float32Array> = {};
    for (const n of names) params[n] = (await model.params.get(n)!.data()) as Float32Array;
    return { ...state, optimizer: await opt.state(), params };
  };

  try {
    for (let epoch = state.epoch; epoch < cfg.epochs; epoch++) {
      const batches = epochBatches(data.train, cfg.batchSize, cfg.seed, epoch, cfg.padId);
      let cursor = epoch === state.epoch ? state.cursor : 0;
      while (cursor < batches.length) {
        if (signal.aborted) return { status: 'cancelled', state: await snapshot(), lastLoss };
        const t0 = performance.now();
        const micro = batches.slice(cursor, cursor + cfg.gradAccumSteps);
        const lr = learningRate(cfg.schedule, cfg.learningRate, state.step, cfg.warmupSteps, totalSteps);
        const { loss, gradNorm, tokens } = await optimizerStep(tf, model, micro, cfg, state.step, opt, byVarName, lr);
        cursor += micro.length;
        lastLoss = loss;
        state = { ...state, step: state.step + 1, epoch, cursor };
        if (cursor >= batches.length) state = { ...state, epoch: epoch + 1, cursor: 0 };
        callbacks.onStep?.({ step: state.step, totalSteps, epoch, loss, lr, gradNorm, tokens, seconds: (performance.now() - t0) / 1000 });

        const lastStep = state.step === totalSteps;
        if (data.validation?.length && ((cfg.evalEvery > 0 && state.step % cfg.evalEvery === 0) || lastStep)) {
          const valLoss = evaluate(tf, model, data.validation, cfg);
          callbacks.onEval?.({ step: state.step, valLoss, perplexity: Math.exp(valLoss) });
          const improved = state.bestValLoss === null || valLoss < state.bestValLoss;
          state = { ...state, bestValLoss: improved ? valLoss : state.bestValLoss, evalsWithoutImprovement: improved ? 0 : state.evalsWithoutImprovement + 1 };
          if (cfg.earlyStoppingPatience > 0 && state.evalsWithoutImprovement >= cfg.earlyStoppingPatience) {
            const s = await snapshot();
            await callbacks.onCheckpoint?.(s);
            return { status: 'early-stopped', state: s, lastLoss };
          }
        }
        if ((cfg.checkpointEvery > 0 && state.step % cfg.checkpointEvery === 0) || lastStep) await callbacks.onCheckpoint?.(await snapshot());
      }
    }
    return { status: 'completed', state: await snapshot(), lastLoss };
  } finally {
    opt.dispose();
  }
}

async function optimizerStep(
  tf: Tf,
  model: TrainModel,
  micro: Batch[],
  cfg: TrainerConfig,
  step: number,
  opt: AdamW,
  byVarName: Map<string, string>,
  lr: number,
): Promise<{ loss: number; gradNorm: number; tokens: number }> {
  const vars = [...model.params.values()];
  const sums = new Map<string, tfTypes.Tensor>();
  let lossSum = 0;
  let tokens = 0;
  for (const [i, batch] of micro.entries()) {
    const { value, grads } = tf.tidy(() =>
      tf.variableGrads(() => {
        const ids = tf.tensor2d(batch.ids, undefined, 'int32');
        const dropout = cfg.dropout > 0 ? { rate: cfg.dropout, seed: cfg.seed * 7919 + step * 131 + i } : undefined;
        const { logits } = decoderForward(tf, model.shape, model.weights, ids, { attentionMask: tf.tensor2d(batch.attentionMask), dropout });
        return causalLmLoss(tf, logits, ids, tf.tensor2d(batch.targetMask));
      }, vars),
    );
    lossSum += (await value.data())[0]!;
    value.dispose();
    tokens += batch.tokens;
    for (const [varName, g] of Object.entries(grads)) {
      const key = byVarName.get(varName)!;
      const prev = sums.get(key);
      sums.set(key, prev ? tf.tidy(() => tf.add(prev, g)) : g);
      if (prev) {
        prev.dispose();
        g.dispose();
      }
    }
  }
  const averaged = new Map<string, tfTypes.Tensor>();
  const gradNorm = tf.tidy(() => {
    let sq = tf.scalar(0);
    for (const [k, g] of sums) {
      const avg = tf.div(g, micro.length);
      averaged.set(k, tf.keep(avg));
      sq = tf.add(sq, tf.sum(tf.square(avg)));
    }
    return tf.sqrt(sq);
  });
  const norm = (await gradNorm.data())[0]!;
  gradNorm.dispose();
  tf.dispose([...sums.values()]);
  // Clip by global norm, as torch.nn.utils.clip_grad_norm_ (scale by max / (norm + 1e-6)).
  const clip = cfg.maxGradNorm > 0 && norm > cfg.maxGradNorm ? cfg.maxGradNorm / (norm + 1e-6) : 1;
  const final = new Map<string, tfTypes.Tensor>();
  for (const [k, g] of averaged) final.set(k, clip === 1 ? g : tf.tidy(() => tf.mul(g, clip)));
  opt.apply(final, lr);
  tf.dispose([...averaged.values(), ...final.values()]);
  return { loss: lossSum / micro.length, gradNorm: norm, tokens };
}

/** Mean masked loss over a validation set, in batches, without gradients. */
export function evaluate(tf: Tf, model: TrainModel, examples: readonly TrainExample[], cfg: Pick<TrainerConfig, 'batchSize' | 'padId'>): number {
  let total = 0;
  let count = 0;
  for (let i = 0; i < examples.length; i += cfg.batchSize) {
    const batch = padBatch(examples.slice(i, i + cfg.batchSize), cfg.padId);
    const n = batch.targetMask.reduce((s, m) => s + m.slice(1).reduce((a, b) => a + b, 0), 0);
    const loss = tf.tidy(() => {
      const ids = tf.tensor2d(batch.ids, undefined, 'int32');
      const { logits } = decoderForward(tf, model.shape, model.weights, ids, { attentionMask: tf.tensor2d(batch.attentionMask) });
      return causalLmLoss(tf, logits, ids, tf.tensor2d(batch.targetMask)).dataSync()[0]!;
    });
    total += loss * n;
    count += n;
  }
  return count ? total / count : Number.NaN;
}
