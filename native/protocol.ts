import { z } from 'zod';
import { ErrorCode } from '../electron/contract/errors.js';
import { JobKind } from '../electron/contract/jobs.js';
import { AnswerStats, ChatTurn, PlaygroundTarget, PromptMode, SamplingParams } from '../electron/contract/playground.js';

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

/**
 * The playground worker's protocol (native/playground/playground-worker.ts). Unlike the job worker (one `start`, then exit), a playground
 * worker lives as long as its target stays warm: it loads once, then answers `generate` after
 * `generate`. Both sides validate what they receive.
 */

export const GenerateInput = z.object({
  mode: PromptMode,
  system: z.string(),
  prompt: z.string(),
  history: z.array(ChatTurn),
  params: SamplingParams,
});
export type GenerateInput = z.infer<typeof GenerateInput>;

export const ToPlayground = z.discriminatedUnion('type', [
  /** `cacheDir`: where a gguf-auto target's GGUF is written (and found again next time). */
  z.object({ type: z.literal('load'), target: PlaygroundTarget, cacheDir: z.string() }),
  z.object({ type: z.literal('generate'), requestId: z.string(), input: GenerateInput }),
  z.object({ type: z.literal('stop'), requestId: z.string() }),
]);
export type ToPlayground = z.infer<typeof ToPlayground>;

export const FromPlayground = z.discriminatedUnion('type', [
  z.object({ type: z.literal('loading'), progress: z.number().min(0).max(1), message: z.string() }),
  z.object({ type: z.literal('ready'), runtime: z.string(), loadMs: z.number() }),
  z.object({ type: z.literal('token'), requestId: z.string(), delta: z.string() }),
  z.object({ type: z.literal('done'), requestId: z.string(), text: z.string(), stats: AnswerStats }),
  /** A failed load has no requestId; the worker exits after it. */
  z.object({ type: z.literal('failed'), requestId: z.string().optional(), code: ErrorCode, message: z.string() }),
]);
export type FromPlayground = z.infer<typeof FromPlayground>;
