import { z } from 'zod';
import { TrainEstimateRequest } from '../../electron/contract/jobs.js';
import type { Projection } from '../models/decoder-layout.js';
import { inspectModelFolder, trainingMemoryEstimate, type TrainingMemoryEstimate } from '../models/model-folder.js';
import type { TaskContext } from './task.js';

/** The contract's short target names -> the projections native/models/decoder-layout.ts names. */
const PROJECTION: Record<z.infer<typeof TrainEstimateRequest>['targets'][number], Projection> = {
  q: 'q_proj',
  k: 'k_proj',
  v: 'v_proj',
  o: 'o_proj',
  gate: 'gate_proj',
  up: 'up_proj',
  down: 'down_proj',
};

export interface TrainingEstimateResult extends TrainingMemoryEstimate {
  /** LoRA adapters' share of weightsBytes (kept in F32). */
  adapterBytes: number;
  hasTokenizer: boolean;
  hasChatTemplate: boolean;
}

/** Memory a training run on a model folder would need (headers and config only; no weights loaded). */
export async function estimateTraining(rawSpec: unknown, _ctx: TaskContext): Promise<TrainingEstimateResult> {
  const req = TrainEstimateRequest.parse(rawSpec);
  const info = await inspectModelFolder(req.model);
  // As inspect-model.ts: LoRA keeps the frozen base in its stored precision; full fine-tuning trains in F32.
  const stored = info.dtype === 'F32' || info.dtype === 'mixed' ? 4 : 2;
  const estimate = trainingMemoryEstimate(info.config, {
    method: req.method,
    rank: req.rank,
    batchSize: req.batchSize,
    seqLen: req.maxLength,
    bytesPerParam: req.method === 'full' ? 4 : stored,
    targetModules: req.targets.map((t) => PROJECTION[t]),
  });
  return {
    ...estimate,
    adapterBytes: req.method === 'lora' ? estimate.trainableParams * 4 : 0,
    hasTokenizer: info.hasTokenizer,
    hasChatTemplate: Boolean(info.chatTemplate),
  };
}
