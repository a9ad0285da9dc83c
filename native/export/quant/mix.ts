import type { GgufType } from '../../../electron/contract/exports.js';
import { fitsRow, type GgmlType } from './ggml-types.js';

/**
 * Which ggml type each tensor gets for a requested file type: a documented subset of llama.cpp's
 * llama-quant.cpp (llama_model_quantize_impl + llama_tensor_get_type) for dense Llama/Qwen2 models
 * without an importance matrix:
 *  - 1-D tensors (norms, biases) and every *_norm.weight stay F32 (llama.cpp quantizes only 2-D+).
 *  - Base type: Q8_0→Q8_0, Q4_0→Q4_0, Q4_K_M→Q4_K, Q5_K_M→Q5_K, Q6_K→Q6_K.
 *  - output.weight (or token_embd.weight when the embeddings are tied, as it is then the output):
 *    Q8_0 if its rows do not fit the base type's blocks, else Q6_K unless the base is Q8_0.
 *  - token_embd.weight (untied) keeps the base type.
 *  - Q4_K_M and Q5_K_M: attn_v.weight and ffn_down.weight of layers where use_more_bits holds
 *    (the first and last eighth, and every third in between) → Q6_K.
 *  - Rows that do not fit: Q4_K→Q5_0, Q5_K→Q5_1, Q6_K→Q8_0, then F16 if that still does not fit.
 *    llama.cpp refuses such rows outright for Q4_0/Q8_0; we write them as F16 instead, and say so.
 * llama.cpp counts attn_v/ffn_down tensors in file order; we write layers in order, so the count is
 * the layer index taken from the name. Falcon, MoE and 70B special cases do not apply here.
 */
export const FILE_TYPE_ID: Record<GgufType, number> = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 7, Q4_K_M: 15, Q5_K_M: 17, Q6_K: 18 };

const BASE: Record<GgufType, GgmlType> = { F32: 'F32', F16: 'F16', Q8_0: 'Q8_0', Q4_0: 'Q4_0', Q4_K_M: 'Q4_K', Q5_K_M: 'Q5_K', Q6_K: 'Q6_K' };

export const isQuantized = (t: GgufType): boolean => t !== 'F32' && t !== 'F16';

/** llama-quant.cpp's use_more_bits(i_layer, n_layers), with C's truncating integer division. */
export function useMoreBits(i: number, n: number): boolean {
  const n8 = Math.trunc(n / 8);
  return i < n8 || i >= Math.trunc((7 * n) / 8) || (i - n8) % 3 === 2;
}

export interface TensorChoice {
  type: GgmlType;
  /** Set when the preferred type did not fit the rows and a fallback was used. */
  fallbackFrom?: GgmlType;
}

export function chooseTensorType(fileType: GgufType, name: string, shape: readonly number[], model: { numLayers: number; hasOutput: boolean }): TensorChoice {
  if (shape.length < 2 || name.endsWith('_norm.weight')) return { type: 'F32' };
  const base = BASE[fileType];
  if (!isQuantized(fileType)) return { type: base };
  const rowLength = shape[shape.length - 1]!; // GGUF's ne[0]: the innermost dimension
  let type = base;
  const layer = /^blk\.(\d+)\./.exec(name);
  const i = layer ? Number(layer[1]) : -1;
  const mostly = fileType === 'Q4_K_M' || fileType === 'Q5_K_M';
  if (name === 'output.weight' || (!model.hasOutput && name === 'token_embd.weight')) {
    if (!fitsRow(base, rowLength)) type = 'Q8_0';
    else if (base !== 'Q8_0') type = 'Q6_K';
  } else if (mostly && (name.endsWith('.attn_v.weight') || name.endsWith('.ffn_down.weight')) && useMoreBits(i, model.numLayers)) {
    type = 'Q6_K';
  }
  if (fitsRow(type, rowLength)) return { type };
  const fallback: Partial<Record<GgmlType, GgmlType>> = { Q4_K: 'Q5_0', Q5_K: 'Q5_1', Q6_K: 'Q8_0' };
  const next = fallback[type];
  return { type: next && fitsRow(next, rowLength) ? next : 'F16', fallbackFrom: type };
}
