import si from 'systeminformation';
import { z } from 'zod';
import { TrainEstimate, type TrainEstimateRequest } from '../contract/jobs.js';
import type { SystemSample } from '../contract/system.js';
import { callWorker } from './worker-call.js';
import type { WorkerFactory } from './scheduler.js';

/** What the worker's estimate-training task answers (native/tasks/estimate-training.ts). */
const WorkerEstimate = TrainEstimate.omit({ availableRamBytes: true, availableVramBytes: true, fits: true, warning: true }).extend({
  hasTokenizer: z.boolean(),
  hasChatTemplate: z.boolean(),
});
export type WorkerEstimate = z.infer<typeof WorkerEstimate>;

export interface FreeMemory {
  ramBytes: number;
  /** Free memory of the first GPU the system monitor sees; null without one. */
  vramBytes: number | null;
}

/**
 * The estimate includes the runtime's measured working memory (training-memory.ts); peak RSS came
 * within 0.86-1.00 of it on the shapes measured. A run fits when the estimate plus 10 % is free;
 * it is tight above 80 % of that.
 */
const HEADROOM = 1.1;
const TIGHT = 0.8;

/**
 * Free RAM as the kernel counts it (MemAvailable: free plus reclaimable cache, via systeminformation),
 * and the first GPU's free memory from the system monitor's latest sample (null without one).
 */
export async function freeMemory(latest: SystemSample | null): Promise<FreeMemory> {
  const gpu = latest?.gpus.find((g) => g.memoryTotalMb !== null && g.memoryUsedMb !== null);
  return { ramBytes: (await si.mem()).available, vramBytes: gpu ? (gpu.memoryTotalMb! - gpu.memoryUsedMb!) * 1024 * 1024 : null };
}

/** Decimal GB (10^9 bytes), as the Train page's formatBytes shows the same numbers beside this warning. */
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(bytes < 1e9 ? 2 : 1)} GB`;

/** Judges a worker estimate against the memory free now. */
export function judgeEstimate(e: WorkerEstimate, free: FreeMemory, req: { method: 'lora' | 'full' }): TrainEstimate {
  const need = e.totalBytes * HEADROOM;
  const fits = need <= free.ramBytes;
  const advice = `try a smaller batch size or max length${req.method === 'full' ? ', or LoRA instead of full fine-tuning' : ', or a lower LoRA rank'}`;
  let warning: string | null = null;
  if (!fits) warning = `This run needs about ${gb(need)} but only ${gb(free.ramBytes)} of RAM is free: ${advice}.`;
  else if (need > free.ramBytes * TIGHT) warning = `This run needs about ${gb(need)} of the ${gb(free.ramBytes)} of RAM free now; close other programs or ${advice}.`;
  else if (free.vramBytes !== null && need > free.vramBytes) warning = `On the GPU backend this run (about ${gb(need)}) would not fit the ${gb(free.vramBytes)} of free GPU memory.`;
  const { hasTokenizer: _t, hasChatTemplate: _c, ...bytes } = e;
  return { ...bytes, availableRamBytes: free.ramBytes, availableVramBytes: free.vramBytes, fits, warning };
}

export interface TrainingEstimate {
  estimate: TrainEstimate;
  /** What the worker saw of the model folder on the way (train:start refuses a model without a tokenizer). */
  model: { hasTokenizer: boolean; hasChatTemplate: boolean };
}

/** Memory a training run would need (the worker reads the model's headers), against what is free now. */
export async function estimateTraining(newWorker: WorkerFactory, req: z.output<typeof TrainEstimateRequest>, free: () => Promise<FreeMemory>): Promise<TrainingEstimate> {
  const [e, memory] = await Promise.all([callWorker(newWorker, 'estimate-training', req).then((r) => WorkerEstimate.parse(r)), free()]);
  return { estimate: judgeEstimate(e, memory, req), model: { hasTokenizer: e.hasTokenizer, hasChatTemplate: e.hasChatTemplate } };
}
