import { z } from 'zod';
import { ErrorShape } from './errors.js';

/**
 * The Playground (issue 7): prompts sent to up to four targets at once, each answered by a warm
 * worker that streams tokens back as `playground:token` events.
 */

const Path = z.string().min(1).max(4096);

/** What answers a prompt: the engine (base model, optionally with a LoRA adapter), a GGUF through llama.cpp, or an ONNX folder. */
export const PlaygroundTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('engine'), model: Path, adapter: Path.optional() }).strict(),
  /** `tokenizer`: the Hugging Face folder the GGUF was made from, so prompts tokenize exactly as the engine's do. */
  z.object({ kind: z.literal('gguf'), file: Path, tokenizer: Path.optional() }).strict(),
  /** A GGUF (F32) made on first use from a model (and adapter), cached in the data folder: llama.cpp speed for a fine-tune. */
  z.object({ kind: z.literal('gguf-auto'), model: Path, adapter: Path.optional() }).strict(),
  z.object({ kind: z.literal('onnx'), folder: Path }).strict(),
]);
export type PlaygroundTarget = z.infer<typeof PlaygroundTarget>;
export type PlaygroundTargetKind = PlaygroundTarget['kind'];

/** A target the page can offer, with where it came from. */
export const TargetOption = z.object({
  id: z.string(),
  label: z.string(),
  detail: z.string(),
  group: z.enum(['base', 'fine-tuned', 'gguf', 'onnx']),
  target: PlaygroundTarget,
  /** For exported models: the name `ollama run` knows it by (an Ollama export), else null. */
  ollamaName: z.string().nullable(),
  /** Set when the target cannot run yet, with the reason (e.g. "no ONNX export yet"). */
  unavailable: z.string().nullable(),
});
export type TargetOption = z.infer<typeof TargetOption>;

export const SAMPLING_LIMITS = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0.01, max: 1 },
  topK: { min: 0, max: 1000 },
  repetitionPenalty: { min: 1, max: 2 },
  maxNewTokens: { min: 1, max: 4096 },
} as const;

export const SamplingParams = z
  .object({
    /** Greedy overrides the sampling knobs: argmax at every step (identical across runtimes on the same weights). */
    greedy: z.boolean().default(false),
    temperature: z.number().min(0).max(2).default(0.7),
    topP: z.number().min(0.01).max(1).default(0.95),
    topK: z.number().int().min(0).max(1000).default(40),
    repetitionPenalty: z.number().min(1).max(2).default(1.1),
    maxNewTokens: z.number().int().min(1).max(4096).default(256),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    stop: z.array(z.string().min(1).max(200)).max(16).default([]),
  })
  .strict();
export type SamplingParams = z.infer<typeof SamplingParams>;

export const ChatTurn = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(1_000_000) }).strict();
export type ChatTurn = z.infer<typeof ChatTurn>;

/** Chat: the conversation goes through the model's chat template. Raw: the text is continued as it is. */
export const PromptMode = z.enum(['chat', 'raw']);
export type PromptMode = z.infer<typeof PromptMode>;

export const SendRequest = z
  .object({
    mode: PromptMode,
    system: z.string().max(100_000).default(''),
    /** The new user message (chat) or the text to continue (raw). */
    prompt: z.string().min(1).max(1_000_000),
    params: SamplingParams,
    /** Each target with its own earlier turns (chat mode: every target has its own conversation). */
    targets: z
      .array(z.object({ target: PlaygroundTarget, history: z.array(ChatTurn).max(200).default([]) }).strict())
      .min(1)
      .max(4),
  })
  .strict();
export type SendRequest = z.infer<typeof SendRequest>;
export type SendRequestInput = z.input<typeof SendRequest>;

export const SendReply = z.object({ requestId: z.string(), historyId: z.string(), targetIds: z.array(z.string()) });
export type SendReply = z.infer<typeof SendReply>;

export const AnswerStats = z.object({
  tokens: z.number(),
  timeToFirstTokenMs: z.number(),
  tokensPerSecond: z.number(),
  stopReason: z.enum(['eos', 'stop-string', 'max-tokens', 'cancelled', 'error']),
  /** The runtime that answered, e.g. "engine (wasm)" or "llama.cpp b1234". */
  runtime: z.string(),
});
export type AnswerStats = z.infer<typeof AnswerStats>;

/** Pushed for each streamed piece of every answer; the last one of a target has `done` and its stats (or an error). */
export const TokenEvent = z.object({
  requestId: z.string(),
  targetId: z.string(),
  /** Text to append to the answer so far. */
  delta: z.string(),
  done: z.boolean(),
  /** With `done`: the whole answer (authoritative; a token that completes a multi-byte character can change the tail). */
  text: z.string().optional(),
  stats: AnswerStats.optional(),
  error: ErrorShape.optional(),
});
export type TokenEvent = z.infer<typeof TokenEvent>;

export const WorkerState = z.enum(['loading', 'ready', 'busy', 'unloaded', 'failed']);
export type WorkerState = z.infer<typeof WorkerState>;

/** A warm (or warming) playground worker; pushed as `playground:status` whenever it changes. */
export const WorkerStatus = z.object({
  targetId: z.string(),
  state: WorkerState,
  /** 0..1 while loading. */
  progress: z.number().min(0).max(1),
  message: z.string().nullable(),
  /** Why it was unloaded (idle, memory pressure, asked) or why it failed. */
  reason: z.string().nullable(),
});
export type WorkerStatus = z.infer<typeof WorkerStatus>;

export const HistoryAnswer = z.object({
  targetId: z.string(),
  label: z.string(),
  target: PlaygroundTarget,
  text: z.string(),
  stats: AnswerStats.nullable(),
});
export type HistoryAnswer = z.infer<typeof HistoryAnswer>;

export const HistoryEntry = z.object({
  id: z.string(),
  mode: PromptMode,
  system: z.string(),
  prompt: z.string(),
  params: SamplingParams,
  answers: z.array(HistoryAnswer),
  createdAt: z.number(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryQuery = z
  .object({
    /** Only runs that asked this target. */
    targetId: z.string().max(10_000).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
