import { z } from 'zod';

/**
 * Exports (issue 6). Every export is a job, validated by an independent runtime before it is
 * completed; the validation report is stored with the artifact.
 */

const Path = z.string().min(1).max(4096);

export const ExportFormat = z.enum(['gguf', 'ollama', 'onnx', 'hf']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** GGUF tensor types; _M mixes keep some tensors at a higher type, as llama.cpp's quantize does. */
export const GgufType = z.enum(['F32', 'F16', 'Q8_0', 'Q4_0', 'Q4_K_M', 'Q5_K_M', 'Q6_K']);
export type GgufType = z.infer<typeof GgufType>;

export const OllamaOptions = z
  .object({
    /** Model name for `ollama run`; defaults to the folder name, lower-cased. */
    name: z.string().regex(/^[a-z0-9][a-z0-9._:/-]{0,127}$/).optional(),
    system: z.string().max(100_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().gt(0).max(1).optional(),
    topK: z.number().int().min(0).optional(),
    repeatPenalty: z.number().min(0).max(3).optional(),
    numCtx: z.number().int().min(16).max(1_048_576).optional(),
    /** Create the model in a running Ollama (HTTP API, else the `ollama` CLI); false only writes the folder. */
    create: z.boolean().default(true),
  })
  .strict();
export type OllamaOptions = z.infer<typeof OllamaOptions>;

export const ExportSpec = z
  .object({
    model: Path,
    adapter: Path.optional(),
    format: ExportFormat,
    /** GGUF and Ollama: the tensor type. */
    quant: GgufType.default('F16'),
    /** ONNX: int8 weight-only quantization of the projections. */
    onnxInt8: z.boolean().default(false),
    /** Hugging Face: also write the PEFT adapter beside the merged folder (when there is an adapter). */
    hfAdapter: z.boolean().default(true),
    ollama: OllamaOptions.optional(),
    /** GGUF: the .gguf file to write; the other formats: the folder to write. */
    out: Path,
    /** Held-out prompts for the proof: a JSON/JSONL instruction file. */
    data: Path,
    prompts: z.number().int().min(1).max(256).default(8),
    maxNewTokens: z.number().int().min(1).max(256).default(24),
    /** Skip the proof (CLI --no-validate); the report then says it was not validated. */
    validate: z.boolean().default(true),
  })
  .strict();
export type ExportSpec = z.infer<typeof ExportSpec>;
export type ExportSpecInput = z.input<typeof ExportSpec>;

export interface ExportSample {
  prompt: string;
  engine: string;
  runtime: string;
  match: boolean;
}

/** What an independent runtime said about an export. */
export interface ExportValidation {
  runtime: string;
  prompts: number;
  identical: number;
  /** Share of positions where the runtime's greedy token equals the engine's, over all prompts. */
  tokenAgreement: number;
  /** Largest and mean absolute logit difference vs the engine, where the runtime exposes logits. */
  maxAbsLogitDiff?: number;
  meanAbsLogitDiff?: number;
  /** Whether this report passes for the export's type: identical greedy answers at F32; for F16 and quantized types, bounds on first-token agreement and log-prob error per type. */
  passed: boolean;
  notes: string[];
  samples: ExportSample[];
}

export interface ExportArtifact {
  kind: 'gguf' | 'modelfile' | 'onnx' | 'onnx-data' | 'safetensors' | 'hf-folder' | 'peft-adapter' | 'validation';
  path: string;
  bytes: number;
  sha256?: string;
}

export interface ExportResult {
  format: ExportFormat;
  /** The file (GGUF) or folder written. */
  out: string;
  quant?: GgufType;
  artifacts: ExportArtifact[];
  validations: ExportValidation[];
  /** Ollama: the name to `ollama run`, and how it was created (or the command to create it). */
  ollama?: { name: string; created: 'http' | 'cli' | 'no'; command: string };
  millis: number;
}

/** Where an export's weights come from: a finished training job (its adapter or full model), or folders. */
export const ExportSource = z.union([
  z.object({ jobId: z.string().min(1).max(64) }).strict(),
  z.object({ model: Path, adapter: Path.optional() }).strict(),
]);
export type ExportSource = z.infer<typeof ExportSource>;

/** The Export page's request: main resolves the model, adapter, held-out prompts and output folder. */
export const ExportRequest = z
  .object({
    source: ExportSource,
    format: ExportFormat,
    quant: GgufType.default('F16'),
    onnxInt8: z.boolean().default(false),
    hfAdapter: z.boolean().default(true),
    ollama: OllamaOptions.optional(),
    /** Held-out prompts; defaults to the training job's validation split, else its training data. */
    data: Path.optional(),
    prompts: z.number().int().min(1).max(256).default(8),
    maxNewTokens: z.number().int().min(1).max(256).default(24),
    validate: z.boolean().default(true),
  })
  .strict();
export type ExportRequest = z.infer<typeof ExportRequest>;

export const ExportEstimate = z.object({
  parameters: z.number(),
  choices: z.array(
    z.object({
      format: ExportFormat,
      quant: z.string(),
      /** Predicted size on disk, and RAM to run it with a 2048-token context (weights + F16 KV cache + runtime). */
      fileBytes: z.number(),
      ramBytes: z.number(),
    }),
  ),
});
export type ExportEstimate = z.infer<typeof ExportEstimate>;

/** Bits per weight of each GGUF type, averaged over a Llama-shaped model (llama.cpp's own figures for the _M mixes). */
export const GGUF_BITS_PER_WEIGHT: Record<GgufType, number> = { F32: 32, F16: 16, Q8_0: 8.5, Q4_0: 4.5, Q4_K_M: 4.85, Q5_K_M: 5.69, Q6_K: 6.56 };
