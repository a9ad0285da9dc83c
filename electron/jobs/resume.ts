import { AppError } from '../contract/errors.js';
import type { Job } from '../contract/jobs.js';
import type { Store } from '../store/store.js';
import { latestCheckpointStep } from './run-folders.js';
import type { Scheduler } from './scheduler.js';

const RESUMABLE: readonly Job['state'][] = ['interrupted', 'failed'];

/** Why a job cannot resume, or null when it can (a stopped training job with a checkpoint on disk). */
export function whyNotResumable(job: Job): string | null {
  if (job.kind !== 'train') return `only training jobs resume from checkpoints; this is a ${job.kind} job (retry it instead)`;
  if (!RESUMABLE.includes(job.state)) return `it is ${job.state}; only interrupted or failed jobs resume`;
  const outDir = (job.spec as { outDir?: unknown }).outDir;
  if (typeof outDir !== 'string' || latestCheckpointStep(outDir) === null) return 'it wrote no checkpoint before it stopped (retry it from the start instead)';
  return null;
}

/**
 * Continues a stopped training job from its last checkpoint: the same job, queued again with
 * `resume: true`; the worker loads the newest checkpoint under its outDir (native/tasks/train.ts).
 */
export function resumeJob(store: Store, scheduler: Scheduler, id: string): Job {
  const job = store.jobs.get(id);
  const why = whyNotResumable(job);
  if (why) throw new AppError('CONFLICT', `Job ${id} cannot resume: ${why}`, { id, state: job.state, kind: job.kind });
  const spec = job.spec as { outDir: string };
  return scheduler.requeue(id, { ...spec, resume: true }, `Resuming from step ${latestCheckpointStep(spec.outDir)}`);
}

/** The autoResume setting: after start-up marked jobs interrupted, the resumable training jobs go back in the queue. */
export function autoResume(store: Store, scheduler: Scheduler): Job[] {
  if (!store.settings.get().autoResume) return [];
  return store.jobs.inState('interrupted').filter((j) => whyNotResumable(j) === null).map((j) => resumeJob(store, scheduler, j.id));
}
