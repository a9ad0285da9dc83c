import { z } from 'zod';

/** A base model the app knows: a Hugging Face folder on disk, inspected by the worker. */
export const ModelInfo = z.object({
  name: z.string(),
  path: z.string(),
  architecture: z.string(),
  parameterCount: z.number(),
  dtype: z.string(),
  contextLength: z.number(),
  hiddenSize: z.number(),
  numLayers: z.number(),
  vocabSize: z.number(),
  sizeOnDiskBytes: z.number(),
  hasTokenizer: z.boolean(),
  hasChatTemplate: z.boolean(),
  warnings: z.array(z.string()),
  /** Training memory at batch 1 × 512 tokens (F32 engine), total bytes. */
  memory: z.object({ loraR8Bytes: z.number(), fullBytes: z.number() }),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const Model = ModelInfo.extend({ id: z.string(), bundled: z.boolean(), addedAt: z.number() });
export type Model = z.infer<typeof Model>;

export const ScanResult = z.object({
  cacheDir: z.string(),
  added: z.array(Model),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type ScanResult = z.infer<typeof ScanResult>;
