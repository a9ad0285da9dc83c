import type { Job } from '../../../electron/contract/jobs.js';
import type { StepTime } from '../../store/runs-slice';

export interface RunProgress {
  step: number | null;
  totalSteps: number | null;
  epoch: number | null;
  epochs: number | null;
  /** 0..1 */
  fraction: number;
  /** Measured milliseconds per optimizer step; null until two steps were timed. */
  stepMs: number | null;
  etaMs: number | null;
}

/** The worker's progress message (native/tasks/train.ts): "step 12/40 loss 1.2345". */
export function parseStepMessage(message: string | null): { step: number; total: number } | null {
  const m = /\bstep (\d+)\/(\d+)\b/.exec(message ?? '');
  return m ? { step: Number(m[1]), total: Number(m[2]) } : null;
}

/** Recent pace: the last points' time over their steps (a resumed run's gap before its first new step is left out). */
export function measuredStepMs(clock: readonly StepTime[], window = 20): number | null {
  const recent = clock.slice(-window);
  let first = 0;
  // Start after the last pause longer than a minute (resume, a suspended laptop).
  for (let i = 1; i < recent.length; i++) if (recent[i]!.t - recent[i - 1]!.t > 60_000) first = i;
  const a = recent[first];
  const b = recent[recent.length - 1];
  if (!a || !b || b.step <= a.step) return null;
  return (b.t - a.t) / (b.step - a.step);
}

/**
 * The step count a stopped run was heading for, read back from its stored progress: the worker
 * reports 0.03 + 0.95 × step / total (native/tasks/train.ts), and the message that named the total
 * is replaced when the job stops.
 */
export function totalFromProgress(progress: number, step: number | null): number | null {
  if (step === null || step <= 0 || progress <= 0.03 || progress >= 0.98) return null;
  const total = Math.round((0.95 * step) / (progress - 0.03));
  return Number.isFinite(total) && total >= step ? total : null;
}

function specEpochs(spec: unknown): number | null {
  const e = (spec as { epochs?: unknown } | null)?.epochs;
  return typeof e === 'number' && e > 0 ? e : null;
}

/**
 * Epoch, step, % and ETA of a training job. Steps come from the progress message while it runs, or
 * from the last loss point; the ETA uses measured step times, else the average since the job started.
 */
export function runProgress(job: Job, clock: readonly StepTime[], lastLossStep: number | null, now: number): RunProgress {
  const parsed = parseStepMessage(job.message);
  const step = parsed?.step ?? lastLossStep;
  // A run that completed all its steps ended on the last one; an early-stopped one did not.
  const ranToEnd = job.state === 'completed' && ((job.result as { status?: unknown } | null)?.status ?? 'completed') === 'completed';
  const totalSteps = parsed?.total ?? (ranToEnd ? step : totalFromProgress(job.progress, step));
  const epochs = specEpochs(job.spec);
  let epoch: number | null = null;
  if (step !== null && totalSteps && epochs) {
    const perEpoch = totalSteps / epochs;
    epoch = Math.min(epochs, Math.max(1, Math.ceil(step / perEpoch)));
  }
  const fraction = job.state === 'completed' ? 1 : step !== null && totalSteps ? step / totalSteps : job.progress;
  let stepMs = measuredStepMs(clock);
  if (stepMs === null && job.state === 'running' && job.startedAt !== null && step) stepMs = (now - job.startedAt) / step;
  const etaMs = job.state === 'running' && stepMs !== null && step !== null && totalSteps ? Math.max(0, (totalSteps - step) * stepMs) : null;
  return { step, totalSteps, epoch, epochs, fraction, stepMs, etaMs };
}
