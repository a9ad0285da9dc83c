import { z } from 'zod';
import { ImportJobSpec, PrepareJobSpec, ValidateJobSpec } from './datasets.js';
import { ExportSpec } from './exports.js';
import { ErrorShape } from './errors.js';

/** DESIGN.md "Jobs": one lifecycle for every long task. */
export const JobState = z.enum(['pending', 'queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobState>;

export const TERMINAL_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export const JobKind = z.enum(['selftest', 'train', 'generate', 'evaluate', 'export', 'import-data', 'validate-data', 'prepare-data']);
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

export const LoraTarget = z.enum(['q', 'k', 'v', 'o', 'gate', 'up', 'down']);
export const FolderPath = z.string().min(1).max(4096);

/** A fine-tuning run: LoRA on a Hugging Face model folder with a JSON/JSONL instruction file. */
export const TrainSpec = z
  .object({
    model: FolderPath,
    data: FolderPath,
    outDir: FolderPath,
    backend: TfBackendName.optional(),
    maxLength: z.number().int().min(8).max(32768).default(512),
    validationFraction: z.number().min(0).max(0.5).default(0),
    /** A prepared dataset's validation split (replaces validationFraction). */
    validationData: FolderPath.optional(),
    /** LoRA trains small adapters; full fine-tuning trains every weight (far more memory). */
    method: z.enum(['lora', 'full']).default('lora'),
    lora: z
      .object({
        rank: z.number().int().min(1).max(512).default(8),
        alpha: z.number().positive().max(4096).default(16),
        dropout: z.number().min(0).max(0.9).default(0),
        targets: z.array(LoraTarget).min(1).default(['q', 'k', 'v', 'o', 'gate', 'up', 'down']),
      })
      .strict()
      .default({ rank: 8, alpha: 16, dropout: 0, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] }),
    epochs: z.number().int().min(1).max(1000).default(3),
    batchSize: z.number().int().min(1).max(1024).default(4),
    gradAccumSteps: z.number().int().min(1).max(1024).default(1),
    learningRate: z.number().positive().max(1).default(2e-4),
    schedule: z.enum(['constant', 'linear', 'cosine']).default('cosine'),
    warmupSteps: z.number().int().min(0).default(0),
    weightDecay: z.number().min(0).max(1).default(0),
    maxGradNorm: z.number().min(0).default(1),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    evalEvery: z.number().int().min(0).default(0),
    earlyStoppingPatience: z.number().int().min(0).default(0),
    checkpointEvery: z.number().int().min(0).default(50),
    resume: z.boolean().default(false),
  })
  .strict();
export type TrainSpec = z.infer<typeof TrainSpec>;

export const GenerateSpec = z
  .object({
    model: FolderPath,
    adapter: FolderPath.optional(),
    /** Fold the adapter into the weights before generating (what an export will contain). */
    merge: z.boolean().default(false),
    prompt: z.string().max(1_000_000),
    /** Wrap the prompt as a user turn through the model's chat template. */
    chat: z.boolean().default(true),
    backend: TfBackendName.optional(),
    maxNewTokens: z.number().int().min(1).max(4096).default(128),
    temperature: z.number().min(0).max(2).default(0),
    topK: z.number().int().min(0).default(0),
    topP: z.number().gt(0).max(1).default(1),
    repetitionPenalty: z.number().min(1).max(3).default(1),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    stop: z.array(z.string().min(1)).max(16).default([]),
  })
  .strict();
export type GenerateSpec = z.infer<typeof GenerateSpec>;

/** Greedy answers to a dataset's prompts compared with its replies (exact match after trimming). */
export const EvaluateSpec = z
  .object({
    model: FolderPath,
    adapter: FolderPath.optional(),
    data: FolderPath,
    backend: TfBackendName.optional(),
    maxNewTokens: z.number().int().min(1).max(4096).default(64),
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export type EvaluateSpec = z.infer<typeof EvaluateSpec>;

export interface EvaluateResult {
  total: number;
  exact: number;
  accuracy: number;
  samples: { prompt: string; expected: string; got: string; match: boolean }[];
}

const startable = [
  z.object({ kind: z.literal('selftest'), spec: SelftestSpec }).strict(),
  z.object({ kind: z.literal('train'), spec: TrainSpec }).strict(),
  z.object({ kind: z.literal('generate'), spec: GenerateSpec }).strict(),
  z.object({ kind: z.literal('evaluate'), spec: EvaluateSpec }).strict(),
  z.object({ kind: z.literal('export'), spec: ExportSpec }).strict(),
] as const;

/** Jobs a caller may start directly (jobs:start). */
export const StartableJobSpec = z.discriminatedUnion('kind', [...startable]);
export type StartableJobSpec = z.infer<typeof StartableJobSpec>;

/** Every job, including the dataset jobs main builds itself from a datasets:* call (their folders are main's to choose). */
export const JobSpec = z.discriminatedUnion('kind', [
  ...startable,
  z.object({ kind: z.literal('import-data'), spec: ImportJobSpec }).strict(),
  z.object({ kind: z.literal('validate-data'), spec: ValidateJobSpec }).strict(),
  z.object({ kind: z.literal('prepare-data'), spec: PrepareJobSpec }).strict(),
]);
export type JobSpec = z.infer<typeof JobSpec>;

/** Job kinds whose spec names a TF.js backend: the backend setting is applied to those (and only those) that leave it out. */
export const KINDS_WITH_BACKEND: ReadonlySet<JobKind> = new Set(JobSpec.options.filter((o) => 'backend' in o.shape.spec.shape).map((o) => o.shape.kind.value));

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
  /** A queued job's sort key in the queue (lower runs first; jobs:reorder rewrites it); absent otherwise. */
  queuePosition: z.number().optional(),
});
export type Job = z.infer<typeof Job>;

/** One training metric point (loss, lr, grad_norm, tokens_per_s, val_loss, ...). */
export const JobMetric = z.object({
  jobId: z.string(),
  t: z.number(),
  name: z.string(),
  step: z.number(),
  value: z.number(),
});
export type JobMetric = z.infer<typeof JobMetric>;

export const JobLog = z.object({
  jobId: z.string(),
  t: z.number(),
  level: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'METRIC']),
  message: z.string(),
});
export type JobLog = z.infer<typeof JobLog>;

/** Counts for the Jobs page header (DESIGN.md seeds: current, past, completed/failed, success rate). */
export const JobStats = z.object({
  total: z.number(),
  byState: z.record(JobState, z.number()),
  running: z.number(),
  queued: z.number(),
  completed: z.number(),
  failed: z.number(),
  /** completed / (completed + failed); null before any job finished. */
  successRate: z.number().nullable(),
});
export type JobStats = z.infer<typeof JobStats>;

const TrainHyper = TrainSpec.omit({ model: true, data: true, outDir: true, validationData: true, resume: true });

/** The Train page's request: a prepared dataset version and a model; main fills in files and folders. */
export const TrainRequest = TrainHyper.extend({
  datasetVersionId: z.string().min(1).max(64),
  model: FolderPath,
  /** Queue even though the memory estimate says it will not fit. */
  force: z.boolean().default(false),
}).strict();
export type TrainRequest = z.infer<typeof TrainRequest>;

export const TrainEstimateRequest = z
  .object({
    model: FolderPath,
    method: z.enum(['lora', 'full']).default('lora'),
    rank: z.number().int().min(1).max(512).default(8),
    targets: z.array(LoraTarget).min(1).default(['q', 'k', 'v', 'o', 'gate', 'up', 'down']),
    batchSize: z.number().int().min(1).max(1024).default(4),
    maxLength: z.number().int().min(8).max(32768).default(512),
  })
  .strict();

export const TrainEstimate = z.object({
  totalParams: z.number(),
  trainableParams: z.number(),
  weightsBytes: z.number(),
  adapterBytes: z.number(),
  gradientBytes: z.number(),
  optimizerBytes: z.number(),
  activationBytes: z.number(),
  engineCopiesBytes: z.number(),
  /** The runtime's own working memory (Node, TF.js, a step's transients), as measured. */
  runtimeBytes: z.number(),
  totalBytes: z.number(),
  /** What the system monitor sees free now; VRAM null without a GPU backend. */
  availableRamBytes: z.number(),
  availableVramBytes: z.number().nullable(),
  fits: z.boolean(),
  warning: z.string().nullable(),
});
export type TrainEstimate = z.infer<typeof TrainEstimate>;
