import { z } from 'zod';
import { ErrorCode } from '../electron/contract/errors.js';
import { JobKind } from '../electron/contract/jobs.js';

/**
 * The worker protocol (DESIGN.md): main -> worker `start`, `cancel`; worker -> main `progress`,
 * `metric`, `log`, `artifact`, `done`, `failed`. Both sides validate what they receive.
 */
export const WorkerKind = z.union([JobKind, z.literal('probe'), z.literal('inspect-model'), z.literal('estimate-training')]);
export type WorkerKind = z.infer<typeof WorkerKind>;

export const ToWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), kind: WorkerKind, spec: z.unknown() }),
  z.object({ type: z.literal('cancel') }),
]);
export type ToWorker = z.infer<typeof ToWorker>;

export const LogLevel = z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'METRIC']);

export const FromWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), progress: z.number().min(0).max(1), message: z.string().optional() }),
  z.object({ type: z.literal('metric'), name: z.string(), step: z.number(), value: z.number() }),
  z.object({ type: z.literal('log'), level: LogLevel, message: z.string() }),
  z.object({ type: z.literal('artifact'), kind: z.string(), path: z.string(), sha256: z.string().optional() }),
  /** Generation streams: the new token and the whole text so far. */
  z.object({ type: z.literal('token'), id: z.number().int(), text: z.string() }),
  z.object({ type: z.literal('done'), result: z.unknown() }),
  z.object({ type: z.literal('failed'), code: ErrorCode, message: z.string(), details: z.unknown().optional() }),
]);
export type FromWorker = z.infer<typeof FromWorker>;

