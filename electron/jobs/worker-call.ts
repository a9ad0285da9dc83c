import { AppError } from '../contract/errors.js';
import type { WorkerKind } from '../../native/protocol.js';
import type { WorkerFactory } from './scheduler.js';

/** Runs one short worker task outside the job queue (probes, inspections) and returns its result. */
export async function callWorker(newWorker: WorkerFactory, kind: WorkerKind, spec: unknown): Promise<unknown> {
  const worker = newWorker();
  worker.start(kind, spec);
  const outcome = await worker.finished;
  if (outcome.status === 'done') return outcome.result;
  if (outcome.status === 'cancelled') throw new AppError('CANCELLED', `${kind} was cancelled`);
  throw new AppError(outcome.error.code, outcome.error.message, outcome.error.details);
}
