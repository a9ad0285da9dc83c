import { z } from 'zod';
import { ErrorShape } from './errors.js';

/** DESIGN.md "Jobs": one lifecycle for every long task. */
export const JobState = z.enum(['pending', 'queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobState>;

export const TERMINAL_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export const JobKind = z.enum(['selftest']);
export type JobKind = z.infer<typeof JobKind>;

export const TfBackendName = z.enum(['tfjs-node-gpu', 'tfjs-node', 'wasm']);
export type TfBackendName = z.infer<typeof TfBackendName>;

export const SelftestSpec = z
  .object({
    /** Side of the square matrices multiplied by the self-test. */
    size: z.number().int().min(16).max(4096).default(512),
    /** Force one backend instead of the first that loads. */
    backend: TfBackendName.optional(),
  })
  .strict();
export type SelftestSpec = z.infer<typeof SelftestSpec>;

/** What a completed self-test job stores as its result (native/tasks/selftest.ts). */
export interface SelftestResult {
  backend: string;
  tfjsVersion: string;
  size: number;
  /** Sum of C = A·B with A = 1 and B = 1/size, which must equal size² exactly in float32 arithmetic. */
  checksum: number;
  expectedChecksum: number;
  millis: number;
  gflops: number;
}

export const JobSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('selftest'), spec: SelftestSpec }).strict(),
]);
export type JobSpec = z.infer<typeof JobSpec>;

export const Job = z.object({
  id: z.string(),
  kind: JobKind,
  state: JobState,
  spec: z.unknown(),
  progress: z.number().min(0).max(1),
  message: z.string().nullable(),
  result: z.unknown().nullable(),
  error: ErrorShape.nullable(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
export type Job = z.infer<typeof Job>;

export const JobLog = z.object({
  jobId: z.string(),
  t: z.number(),
  level: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'METRIC']),
  message: z.string(),
});
export type JobLog = z.infer<typeof JobLog>;
