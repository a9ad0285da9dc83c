import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../electron/contract/errors.js';
import { readModelConfig, type ModelConfig } from '../models/hf-config.js';
import { SafetensorsFile } from '../models/safetensors.js';
import { SafetensorsModelFiles } from '../models/safetensors-model-files.js';
import type { GgufType } from '../../electron/contract/exports.js';
import { writeGguf, type GgmlType, type GgufTensor, type GgufValue, type GgufWriteOptions } from './gguf-writer.js';
import { chooseTensorType, FILE_TYPE_ID, isQuantized } from './quant/mix.js';

/**
 * Exports a Hugging Face Llama-family folder (optionally with a PEFT LoRA adapter merged in) to a
 * GGUF file llama.cpp loads. What llama.cpp demands is in FACTS.md: UINT32 hyperparameters, a
 * known pre-tokenizer, merges for BPE vocabularies, 1-D tensors in F32, and q/k rows permuted for
 * the llama architecture (its rope rotates adjacent pairs; qwen2's rotates halves, as HF does).
 * Quantized file types choose a ggml type per tensor as llama.cpp's quantize does (quant/mix.ts).
 * Tensors are read, merged, permuted and encoded one at a time while the file is written.
 */
export interface GgufExportOptions extends GgufWriteOptions {
  adapterDir?: string;
  type: GgufType;
  /** For tests of the validator: skip the q/k permutation so llama.cpp must disagree. */
  skipQkPermutation?: boolean;
}

export interface GgufExportSummary {
  bytes: number;
  /** How many tensors were written in each ggml type. */
  tensorTypes: Partial<Record<GgmlType, number>>;
  /** Tensors whose rows did not fit the preferred type: "name: Q4_K -> Q5_0". */
  fallbacks: string[];
}

interface TokenizerJson {
  model?: { type?: string; vocab?: Record<string, number>; merges?: (string | [string, string])[] };
  pre_tokenizer?: { type?: string };
  added_tokens?: { id: number; content: string; special: boolean }[];
}

/** HF [out, in] rows of each head reordered from halves (x0..x_{d/2-1}, y...) to adjacent pairs (convert_hf_to_gguf's permute). */
function permuteRows(w: Float32Array, rows: number, cols: number, heads: number): Float32Array {
  const hd = rows / heads;
  const out = new Float32Array(w.length);
  for (let h = 0; h < heads; h++)
    for (let i = 0; i < hd / 2; i++)
      for (let j = 0; j < 2; j++) {
        const src = h * hd + j * (hd / 2) + i;
        const dst = h * hd + i * 2 + j;
        out.set(w.subarray(src * cols, src * cols + cols), dst * cols);
      }
  return out;
}

/** W + scale · (B · A) with PEFT's A [r, in] and B [out, r]. */
function mergeLora(w: Float32Array, a: Float32Array, b: Float32Array, out: number, inp: number, r: number, scale: number): Float32Array {
  const merged = Float32Array.from(w);
  for (let o = 0; o < out; o++)
    for (let k = 0; k < r; k++) {
      const bv = b[o * r + k]! * scale;
      if (bv === 0) continue;
      for (let i = 0; i < inp; i++) merged[o * inp + i]! += bv * a[k * inp + i]!;
    }
  return merged;
}

async function tokenizerMetadata(dir: string, config: ModelConfig): Promise<Map<string, GgufValue>> {
  const file = path.join(dir, 'tokenizer.json');
  const tok = JSON.parse(await fs.readFile(file, 'utf8')) as TokenizerJson;
  if (tok.model?.type !== 'BPE' || tok.pre_tokenizer?.type !== 'ByteLevel' || !tok.model.vocab || !tok.model.merges) {
    throw new AppError('EXPORT_ERROR', `${file}: only byte-level BPE tokenizers can be written to GGUF so far (found ${tok.model?.type ?? '?'} with ${tok.pre_tokenizer?.type ?? 'no'} pre-tokenizer)`, { file });
  }
  const tokens: string[] = new Array<string>(config.vocabSize).fill('');
  const types: number[] = new Array<number>(config.vocabSize).fill(1); // 1 = normal
  for (const [t, id] of Object.entries(tok.model.vocab)) if (id < tokens.length) tokens[id] = t;
  for (const a of tok.added_tokens ?? []) {
    if (a.id >= tokens.length) continue;
    tokens[a.id] = a.content;
    types[a.id] = a.special ? 3 : 4; // 3 = control, 4 = user-defined
  }
  for (let i = 0; i < tokens.length; i++) if (!tokens[i]) [tokens[i], types[i]] = [`[PAD${i}]`, 5]; // 5 = unused
  const meta = new Map<string, GgufValue>([
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'gpt-2' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: tokens }],
    ['tokenizer.ggml.token_type', { type: 'i32[]', value: types }],
    ['tokenizer.ggml.merges', { type: 'string[]', value: tok.model.merges.map((m) => (Array.isArray(m) ? m.join(' ') : m)) }],
  ]);
  if (config.bosTokenId !== null && config.bosTokenId !== undefined) meta.set('tokenizer.ggml.bos_token_id', { type: 'u32', value: config.bosTokenId });
  if (config.eosTokenIds[0] !== undefined) meta.set('tokenizer.ggml.eos_token_id', { type: 'u32', value: config.eosTokenIds[0] });
  meta.set('tokenizer.ggml.add_bos_token', { type: 'bool', value: false });
  try {
    const tc = JSON.parse(await fs.readFile(path.join(dir, 'tokenizer_config.json'), 'utf8')) as { chat_template?: unknown };
    if (typeof tc.chat_template === 'string') meta.set('tokenizer.chat_template', { type: 'string', value: tc.chat_template });
  } catch {
    // no tokenizer_config.json: no chat template to carry
  }
  return meta;
}

export async function exportDecoderGguf(modelDir: string, outFile: string, opts: GgufExportOptions): Promise<GgufExportSummary> {
  const config = await readModelConfig(modelDir);
  const files = await SafetensorsModelFiles.open(modelDir);
  const arch = config.architecture === 'qwen2' ? 'qwen2' : 'llama';
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  const meta = new Map<string, GgufValue>([
    ['general.architecture', { type: 'string', value: arch }],
    ['general.name', { type: 'string', value: path.basename(path.resolve(modelDir)) }],
    [`${arch}.context_length`, u32(config.maxPositionEmbeddings)],
    [`${arch}.embedding_length`, u32(config.hiddenSize)],
    [`${arch}.block_count`, u32(config.numLayers)],
    [`${arch}.feed_forward_length`, u32(config.intermediateSize)],
    [`${arch}.attention.head_count`, u32(config.numHeads)],
    [`${arch}.attention.head_count_kv`, u32(config.numKvHeads)],
    [`${arch}.rope.dimension_count`, u32(config.headDim)],
    [`${arch}.rope.freq_base`, { type: 'f32', value: config.ropeTheta }],
    [`${arch}.attention.layer_norm_rms_epsilon`, { type: 'f32', value: config.rmsNormEps }],
    [`${arch}.vocab_size`, u32(config.vocabSize)],
    // llama_ftype: what llama.cpp reports as the file's type (e.g. 15 = Q4_K_M).
    ['general.file_type', u32(FILE_TYPE_ID[opts.type])],
  ]);
  if (isQuantized(opts.type)) meta.set('general.quantization_version', u32(2)); // GGML_QNT_VERSION
  for (const [k, v] of await tokenizerMetadata(modelDir, config)) meta.set(k, v);

  let adapter: { file: SafetensorsFile; scale: number; rank: number } | null = null;
  if (opts.adapterDir) {
    const ac = JSON.parse(await fs.readFile(path.join(opts.adapterDir, 'adapter_config.json'), 'utf8')) as { r: number; lora_alpha: number };
    adapter = { file: await SafetensorsFile.open(path.join(opts.adapterDir, 'adapter_model.safetensors')), scale: ac.lora_alpha / ac.r, rank: ac.r };
  }
  const tensors: GgufTensor[] = [];
  const hasOutput = !config.tieWordEmbeddings && files.has('lm_head.weight');
  const fallbacks: string[] = [];
  const tensorTypes: Partial<Record<GgmlType, number>> = {};
  const add = (hfName: string, ggufName: string, transform?: (w: Float32Array, rows: number, cols: number) => Float32Array) => {
    if (!files.has(hfName)) return;
    const shape = files.info(hfName).shape;
    const [rows, cols] = [shape[0]!, shape[1] ?? 1];
    // llama.cpp requires 1-D tensors (norms, biases) in F32 (FACTS.md); mix.ts keeps them so.
    const choice = chooseTensorType(opts.type, ggufName, shape, { numLayers: config.numLayers, hasOutput });
    if (choice.fallbackFrom) fallbacks.push(`${ggufName}: ${choice.fallbackFrom} -> ${choice.type} (rows of ${cols})`);
    tensorTypes[choice.type] = (tensorTypes[choice.type] ?? 0) + 1;
    // Read only when the writer reaches this tensor.
    const data = async () => {
      let w = await files.read(hfName);
      const peft = `base_model.model.${hfName.replace(/\.weight$/, '')}`;
      if (adapter && shape.length === 2 && adapter.file.has(`${peft}.lora_A.weight`)) {
        w = mergeLora(w, await adapter.file.read(`${peft}.lora_A.weight`), await adapter.file.read(`${peft}.lora_B.weight`), rows, cols, adapter.rank, adapter.scale);
      }
      return transform ? transform(w, rows, cols) : w;
    };
    tensors.push({ name: ggufName, shape, type: choice.type, data });
  };
  const permute = (heads: number) => (w: Float32Array, rows: number, cols: number) => (arch === 'llama' && !opts.skipQkPermutation ? permuteRows(w, rows, cols, heads) : w);
  add('model.embed_tokens.weight', 'token_embd.weight');
  for (let i = 0; i < config.numLayers; i++) {
    const hf = (p: string) => `model.layers.${i}.${p}`;
    const gg = (p: string) => `blk.${i}.${p}`;
    add(hf('input_layernorm.weight'), gg('attn_norm.weight'));
    add(hf('self_attn.q_proj.weight'), gg('attn_q.weight'), permute(config.numHeads));
    add(hf('self_attn.k_proj.weight'), gg('attn_k.weight'), permute(config.numKvHeads));
    add(hf('self_attn.v_proj.weight'), gg('attn_v.weight'));
    add(hf('self_attn.o_proj.weight'), gg('attn_output.weight'));
    add(hf('self_attn.q_proj.bias'), gg('attn_q.bias'));
    add(hf('self_attn.k_proj.bias'), gg('attn_k.bias'));
    add(hf('self_attn.v_proj.bias'), gg('attn_v.bias'));
    add(hf('post_attention_layernorm.weight'), gg('ffn_norm.weight'));
    add(hf('mlp.gate_proj.weight'), gg('ffn_gate.weight'));
    add(hf('mlp.up_proj.weight'), gg('ffn_up.weight'));
    add(hf('mlp.down_proj.weight'), gg('ffn_down.weight'));
  }
  add('model.norm.weight', 'output_norm.weight');
  if (!config.tieWordEmbeddings) add('lm_head.weight', 'output.weight');
  const { bytes } = await writeGguf(outFile, meta, tensors, { onProgress: opts.onProgress, signal: opts.signal });
  return { bytes, tensorTypes, fallbacks };
}
