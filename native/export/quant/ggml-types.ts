import { decodeF16, encodeF16 } from './f16.js';
import { dequantizeQ4_K, dequantizeQ5_K, dequantizeQ6_K, quantizeQ4_K, quantizeQ5_K, quantizeQ6_K } from './k-quants.js';
import { dequantizeQ4_0, dequantizeQ5_0, dequantizeQ5_1, dequantizeQ8_0, quantizeQ4_0, quantizeQ5_0, quantizeQ5_1, quantizeQ8_0 } from './legacy-quants.js';

/**
 * The ggml tensor types we write, with their GGUF ids (ggml.h enum ggml_type), block geometry
 * (ggml's type_traits: values per block, bytes per block) and encoders. A row's length must be a
 * multiple of its type's block size; mix.ts chooses types so that it is.
 */
export type GgmlType = 'F32' | 'F16' | 'Q4_0' | 'Q5_0' | 'Q5_1' | 'Q8_0' | 'Q4_K' | 'Q5_K' | 'Q6_K';

interface Traits {
  id: number;
  blockValues: number;
  blockBytes: number;
  encode: (x: Float32Array) => Uint8Array;
  decode: (bytes: Uint8Array, n: number) => Float32Array;
}

const f32Bytes = (x: Float32Array) => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
const f32Decode = (b: Uint8Array, n: number) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + n * 4));

export const GGML_TYPES: Record<GgmlType, Traits> = {
  F32: { id: 0, blockValues: 1, blockBytes: 4, encode: f32Bytes, decode: f32Decode },
  F16: { id: 1, blockValues: 1, blockBytes: 2, encode: encodeF16, decode: decodeF16 },
  Q4_0: { id: 2, blockValues: 32, blockBytes: 18, encode: quantizeQ4_0, decode: dequantizeQ4_0 },
  Q5_0: { id: 6, blockValues: 32, blockBytes: 22, encode: quantizeQ5_0, decode: dequantizeQ5_0 },
  Q5_1: { id: 7, blockValues: 32, blockBytes: 24, encode: quantizeQ5_1, decode: dequantizeQ5_1 },
  Q8_0: { id: 8, blockValues: 32, blockBytes: 34, encode: quantizeQ8_0, decode: dequantizeQ8_0 },
  Q4_K: { id: 12, blockValues: 256, blockBytes: 144, encode: quantizeQ4_K, decode: dequantizeQ4_K },
  Q5_K: { id: 13, blockValues: 256, blockBytes: 176, encode: quantizeQ5_K, decode: dequantizeQ5_K },
  Q6_K: { id: 14, blockValues: 256, blockBytes: 210, encode: quantizeQ6_K, decode: dequantizeQ6_K },
};

/** Whether rows of this length can be stored in this type (whole blocks per row). */
export const fitsRow = (type: GgmlType, rowLength: number): boolean => rowLength % GGML_TYPES[type].blockValues === 0;

/** Bytes of a tensor of `count` values whose rows are whole blocks. */
export function tensorBytes(type: GgmlType, count: number): number {
  const t = GGML_TYPES[type];
  if (count % t.blockValues !== 0) throw new Error(`${count} values are not whole ${type} blocks of ${t.blockValues}`);
  return (count / t.blockValues) * t.blockBytes;
}

export const encodeTensor = (type: GgmlType, x: Float32Array): Uint8Array => GGML_TYPES[type].encode(x);
export const decodeTensor = (type: GgmlType, bytes: Uint8Array, count: number): Float32Array => GGML_TYPES[type].decode(bytes, count);
