import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RopeScaling } from '../engine/rope.js';
import { errorText, modelError } from './model-error.js';

export const SUPPORTED_ARCHITECTURES = ['llama', 'qwen2', 'mistral'] as const;
export type Architecture = (typeof SUPPORTED_ARCHITECTURES)[number];

/** `architectures[0]` names the transformers class; we map it when model_type is absent. */
const CLASS_TO_TYPE: Readonly<Record<string, Architecture>> = {
  LlamaForCausalLM: 'llama',
  Qwen2ForCausalLM: 'qwen2',
  MistralForCausalLM: 'mistral',
};

/** A Llama-family decoder's config.json, normalized. Structurally a superset of the engine's DecoderShape. */
export interface ModelConfig {
  architecture: Architecture;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  vocabSize: number;
  maxPositionEmbeddings: number;
  rmsNormEps: number;
  ropeTheta: number;
  ropeScaling: RopeScaling | null;
  tieWordEmbeddings: boolean;
  /** q/k/v projections carry a bias (always in qwen2; llama's attention_bias). */
  attentionBias: boolean;
  /** o_proj carries a bias (llama's attention_bias covers o_proj too; qwen2's o_proj has none). */
  attentionOutputBias: boolean;
  mlpBias: boolean;
  /** Tokens each position may attend back to, or null for full causal attention. */
  slidingWindow: number | null;
  bosTokenId: number | null;
  eosTokenIds: number[];
  padTokenId: number | null;
  /** As written (torch_dtype, or dtype in transformers >= 4.56), e.g. "bfloat16"; null when absent. */
  torchDtype: string | null;
}

const int = z.number().int();
const RopeJson = z.object({
  rope_type: z.string().optional(),
  type: z.string().optional(), // older spelling of rope_type
  rope_theta: z.number().positive().optional(), // transformers 5 moves rope_theta into rope_parameters
  factor: z.number().positive().optional(),
  low_freq_factor: z.number().positive().optional(),
  high_freq_factor: z.number().positive().optional(),
  original_max_position_embeddings: int.positive().optional(),
});

const ConfigJson = z.object({
  hidden_size: int.positive(),
  intermediate_size: int.positive(),
  num_hidden_layers: int.positive(),
  num_attention_heads: int.positive(),
  num_key_value_heads: int.positive().nullish(),
  head_dim: int.positive().nullish(),
  vocab_size: int.positive(),
  max_position_embeddings: int.positive().optional(),
  rms_norm_eps: z.number().positive().optional(),
  rope_theta: z.number().positive().optional(),
  rope_scaling: RopeJson.nullish(),
  rope_parameters: RopeJson.nullish(),
  tie_word_embeddings: z.boolean().optional(),
  attention_bias: z.boolean().optional(),
  mlp_bias: z.boolean().optional(),
  hidden_act: z.string().optional(),
  sliding_window: int.positive().nullish(),
  use_sliding_window: z.boolean().optional(),
  bos_token_id: int.nonnegative().nullish(),
  eos_token_id: z.union([int.nonnegative(), z.array(int.nonnegative())]).nullish(),
  pad_token_id: int.nonnegative().nullish(),
  torch_dtype: z.string().nullish(),
  dtype: z.string().nullish(),
});
type ConfigJson = z.infer<typeof ConfigJson>;

/** transformers' defaults for fields a config may omit (LlamaConfig, Qwen2Config, MistralConfig __init__). */
const DEFAULT_MAX_POSITIONS: Readonly<Record<Architecture, number>> = { llama: 2048, qwen2: 32768, mistral: 4096 * 32 };

function architectureOf(json: Record<string, unknown>, file: string): Architecture {
  const type = json.model_type;
  const classes = Array.isArray(json.architectures) ? json.architectures.filter((c): c is string => typeof c === 'string') : [];
  const supported = SUPPORTED_ARCHITECTURES.join(', ');
  if (typeof type === 'string') {
    if ((SUPPORTED_ARCHITECTURES as readonly string[]).includes(type)) return type as Architecture;
    throw modelError(file, `model_type '${type}' is not supported (supported: ${supported})`);
  }
  const fromClass = classes.map((c) => CLASS_TO_TYPE[c]).find((a) => a !== undefined);
  if (fromClass) return fromClass;
  throw modelError(file, `no supported model_type or architectures (found ${classes.length ? classes.join(', ') : 'neither'}; supported: ${supported})`);
}

function ropeScalingOf(c: ConfigJson, file: string): RopeScaling | null {
  const r = c.rope_scaling ?? c.rope_parameters;
  const type = r?.rope_type ?? r?.type ?? 'default';
  if (!r || type === 'default') return null;
  if (type !== 'llama3') throw modelError(file, `rope scaling type '${type}' is not supported (supported: llama3, or none)`);
  const { factor, low_freq_factor: low, high_freq_factor: high, original_max_position_embeddings: original } = r;
  if (factor === undefined || low === undefined || high === undefined || original === undefined) {
    throw modelError(file, 'llama3 rope scaling needs factor, low_freq_factor, high_freq_factor and original_max_position_embeddings');
  }
  if (high <= low) throw modelError(file, `llama3 rope scaling needs high_freq_factor (${high}) > low_freq_factor (${low})`);
  return { ropeType: 'llama3', factor, lowFreqFactor: low, highFreqFactor: high, originalMaxPositionEmbeddings: original };
}

/** Normalizes a parsed config.json; `file` names it in errors. */
export function parseModelConfig(json: unknown, file: string): ModelConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw modelError(file, 'not a JSON object');
  const architecture = architectureOf(json as Record<string, unknown>, file);
  const parsed = ConfigJson.safeParse(json);
  if (!parsed.success) {
    throw modelError(file, `invalid ${architecture} config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const c = parsed.data;
  const act = c.hidden_act ?? 'silu';
  if (act !== 'silu') throw modelError(file, `hidden_act '${act}' is not supported (the ${architecture} MLP is SwiGLU: silu)`);
  const numHeads = c.num_attention_heads;
  const numKvHeads = c.num_key_value_heads ?? numHeads;
  if (!c.head_dim && c.hidden_size % numHeads !== 0) throw modelError(file, `hidden_size ${c.hidden_size} is not divisible by num_attention_heads ${numHeads}`);
  const headDim = c.head_dim ?? c.hidden_size / numHeads;
  if (numHeads % numKvHeads !== 0) throw modelError(file, `num_attention_heads ${numHeads} is not a multiple of num_key_value_heads ${numKvHeads}`);
  if (headDim % 2 !== 0) throw modelError(file, `head dimension ${headDim} is odd; rotary embeddings rotate pairs`);
  const eos = c.eos_token_id;
  // Qwen2 uses sliding attention only when use_sliding_window is true; Mistral whenever sliding_window is set.
  const sliding = architecture === 'qwen2' ? (c.use_sliding_window ? c.sliding_window ?? null : null) : c.sliding_window ?? null;
  return {
    architecture,
    hiddenSize: c.hidden_size,
    intermediateSize: c.intermediate_size,
    numLayers: c.num_hidden_layers,
    numHeads,
    numKvHeads,
    headDim,
    vocabSize: c.vocab_size,
    maxPositionEmbeddings: c.max_position_embeddings ?? DEFAULT_MAX_POSITIONS[architecture],
    rmsNormEps: c.rms_norm_eps ?? 1e-6,
    ropeTheta: c.rope_theta ?? c.rope_parameters?.rope_theta ?? 10000,
    ropeScaling: ropeScalingOf(c, file),
    tieWordEmbeddings: c.tie_word_embeddings ?? false,
    // transformers' Qwen2Attention hard-codes bias=True for q/k/v and False for o_proj.
    attentionBias: architecture === 'qwen2' ? true : architecture === 'llama' && (c.attention_bias ?? false),
    attentionOutputBias: architecture === 'llama' && (c.attention_bias ?? false),
    mlpBias: architecture === 'llama' && (c.mlp_bias ?? false),
    slidingWindow: sliding,
    bosTokenId: c.bos_token_id ?? null,
    eosTokenIds: eos === undefined || eos === null ? [] : Array.isArray(eos) ? eos : [eos],
    padTokenId: c.pad_token_id ?? null,
    torchDtype: c.torch_dtype ?? c.dtype ?? null,
  };
}

/** Reads and normalizes `dir`/config.json. */
export async function readModelConfig(dir: string): Promise<ModelConfig> {
  const file = path.join(dir, 'config.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw modelError(file, missing ? 'missing: a Hugging Face model folder needs config.json' : `cannot read (${errorText(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw modelError(file, `not valid JSON (${errorText(err)})`);
  }
  return parseModelConfig(json, file);
}
