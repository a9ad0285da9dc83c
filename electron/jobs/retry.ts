import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../contract/errors.js';
import { StartableJobSpec, type Job } from '../contract/jobs.js';
import type { Store } from '../store/store.js';
import { isStrictlyInside } from '../paths.js';
import { EXPORTS_DIR, isOwnedRunPath, newExportDir, newRunDir } from './run-folders.js';
import type { Scheduler } from './scheduler.js';

const ACTIVE: readonly Job['state'][] = ['pending', 'queued', 'running'];

/**
 * A new job with the same spec, from the start. A training run the app placed in `<dataDir>/runs`
 * gets a fresh folder there, so the new run never picks up the old one's checkpoints; an export in
 * `<dataDir>/exports` gets a fresh folder too, so the two never share files (a failed export's folder
 * is removed, and must not take a finished one's files with it).
 */
export function retryJob(store: Store, scheduler: Scheduler, dataDir: string, id: string): Job {
  const job = store.jobs.get(id);
  if (ACTIVE.includes(job.state)) throw new AppError('CONFLICT', `Job ${id} is ${job.state}; retry a job once it has stopped`, { id, state: job.state });
  let spec = job.spec as Record<string, unknown>;
  if (job.kind === 'train') {
    spec = { ...spec, resume: false };
    if (typeof spec.outDir === 'string' && isOwnedRunPath(dataDir, spec.outDir)) spec.outDir = newRunDir(dataDir, randomUUID());
  }
  if (job.kind === 'export' && typeof spec.out === 'string' && isStrictlyInside(path.join(dataDir, EXPORTS_DIR), path.dirname(spec.out))) {
    spec = { ...spec, out: path.join(newExportDir(dataDir, randomUUID()), path.basename(spec.out)) };
  }
  const parsed = StartableJobSpec.safeParse({ kind: job.kind, spec });
  if (!parsed.success) throw new AppError('CONFLICT', `A ${job.kind} job cannot be retried; start it again from its page`, { id, kind: job.kind });
  return scheduler.submit(parsed.data);
}
