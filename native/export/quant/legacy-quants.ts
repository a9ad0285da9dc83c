import { f16ToF32, f32ToF16 } from './f16.js';

/**
 * ggml's 32-element block quantizers (ggml-quants.c quantize_row_q{4_0,5_0,5_1,8_0}_ref, which
 * llama-quantize runs when no importance matrix is given) and their dequantizers. Block layouts
 * (ggml-common.h), all little-endian:
 *   Q8_0 (34 B): d f16, qs int8[32]                       x = d·q
 *   Q4_0 (18 B): d f16, qs u8[16] (low nibble j, high j+16) x = d·(q − 8)
 *   Q5_0 (22 B): d f16, qh u32 (5th bits), qs u8[16]        x = d·(q − 16)
 *   Q5_1 (24 B): d f16, m f16, qh u32, qs u8[16]            x = d·q + m
 * Arithmetic is rounded to float32 where ggml's float arithmetic feeds a rounding decision.
 * Q5_0/Q5_1 are here as llama.cpp's fallbacks for Q4_K/Q5_K rows whose length is not a multiple of 256.
 */
const fr = Math.fround;
export const QK = 32;

function blocks(x: Float32Array, bytesPerBlock: number): { nb: number; out: Uint8Array; view: DataView } {
  if (x.length % QK !== 0) throw new Error(`legacy quantization needs a multiple of ${QK} values, got ${x.length}`);
  const nb = x.length / QK;
  const out = new Uint8Array(nb * bytesPerBlock);
  return { nb, out, view: new DataView(out.buffer) };
}

/** C's roundf: halves away from zero. */
const roundf = (v: number) => (v < 0 ? -Math.round(-v) : Math.round(v));

export function quantizeQ8_0(x: Float32Array): Uint8Array {
  const { nb, out, view } = blocks(x, 34);
  for (let i = 0; i < nb; i++) {
    const base = i * QK;
    let amax = 0;
    for (let j = 0; j < QK; j++) amax = Math.max(amax, Math.abs(x[base + j]!));
    const d = fr(amax / 127);
    const id = d ? fr(1 / d) : 0;
    const o = i * 34;
    view.setUint16(o, f32ToF16(d), true);
    for (let j = 0; j < QK; j++) out[o + 2 + j] = roundf(fr(x[base + j]! * id)) & 0xff;
  }
  return out;
}

export function dequantizeQ8_0(b: Uint8Array, n: number): Float32Array {
  const y = new Float32Array(n);
  for (let i = 0; i < n / QK; i++) {
    const d = f16ToF32(b[i * 34]! | (b[i * 34 + 1]! << 8));
    for (let j = 0; j < QK; j++) y[i * QK + j] = ((b[i * 34 + 2 + j]! << 24) >> 24) * d;
  }
  return y;
}

/** The value of largest magnitude, signed (the first one on ties), as ggml's amax/max loop finds it. */
function signedAbsMax(x: Float32Array, base: number): number {
  let amax = 0;
  let max = 0;
  for (let j = 0; j < QK; j++) {
    const v = x[base + j]!;
    if (amax < Math.abs(v)) {
      amax = Math.abs(v);
      max = v;
    }
  }
  return max;
}

export function quantizeQ4_0(x: Float32Array): Uint8Array {
  const { nb, out, view } = blocks(x, 18);
  for (let i = 0; i < nb; i++) {
    const base = i * QK;
    const d = fr(signedAbsMax(x, base) / -8);
    const id = d ? fr(1 / d) : 0;
    const o = i * 18;
    view.setUint16(o, f32ToF16(d), true);
    for (let j = 0; j < QK / 2; j++) {
      const xi0 = Math.min(15, Math.trunc(fr(fr(x[base + j]! * id) + 8.5)));
      const xi1 = Math.min(15, Math.trunc(fr(fr(x[base + QK / 2 + j]! * id) + 8.5)));
      out[o + 2 + j] = xi0 | (xi1 << 4);
    }
  }
  return out;
}

export function dequantizeQ4_0(b: Uint8Array, n: number): Float32Array {
  const y = new Float32Array(n);
  for (let i = 0; i < n / QK; i++) {
    const o = i * 18;
    const d = f16ToF32(b[o]! | (b[o + 1]! << 8));
    for (let j = 0; j < QK / 2; j++) {
      y[i * QK + j] = ((b[o + 2 + j]! & 0x0f) - 8) * d;
      y[i * QK + j + QK / 2] = ((b[o + 2 + j]! >> 4) - 8) * d;
    }
  }
  return y;
}

export function quantizeQ5_0(x: Float32Array): Uint8Array {
  const { nb, out, view } = blocks(x, 22);
  for (let i = 0; i < nb; i++) {
    const base = i * QK;
    const d = fr(signedAbsMax(x, base) / -16);
    const id = d ? fr(1 / d) : 0;
    const o = i * 22;
    view.setUint16(o, f32ToF16(d), true);
    let qh = 0;
    for (let j = 0; j < QK / 2; j++) {
      const xi0 = Math.min(31, Math.trunc(fr(fr(x[base + j]! * id) + 16.5)));
      const xi1 = Math.min(31, Math.trunc(fr(fr(x[base + QK / 2 + j]! * id) + 16.5)));
      out[o + 6 + j] = (xi0 & 0x0f) | ((xi1 & 0x0f) << 4);
      qh |= ((xi0 & 0x10) >> 4) << j;
      qh |= ((xi1 & 0x10) >> 4) << (j + QK / 2);
    }
    view.setUint32(o + 2, qh >>> 0, true);
  }
  return out;
}

export function dequantizeQ5_0(b: Uint8Array, n: number): Float32Array {
  const y = new Float32Array(n);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < n / QK; i++) {
    const o = i * 22;
    const d = f16ToF32(view.getUint16(o, true));
    const qh = view.getUint32(o + 2, true);
    for (let j = 0; j < QK / 2; j++) {
      const h0 = ((qh >>> j) << 4) & 0x10;
      const h1 = (qh >>> (j + 12)) & 0x10;
      y[i * QK + j] = (((b[o + 6 + j]! & 0x0f) | h0) - 16) * d;
      y[i * QK + j + QK / 2] = (((b[o + 6 + j]! >> 4) | h1) - 16) * d;
    }
  }
  return y;
}

export function quantizeQ5_1(x: Float32Array): Uint8Array {
  const { nb, out, view } = blocks(x, 24);
  for (let i = 0; i < nb; i++) {
    const base = i * QK;
    let min = Infinity;
    let max = -Infinity;
    for (let j = 0; j < QK; j++) {
      const v = x[base + j]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const d = fr(fr(max - min) / 31);
    const id = d ? fr(1 / d) : 0;
    const o = i * 24;
    view.setUint16(o, f32ToF16(d), true);
    view.setUint16(o + 2, f32ToF16(min), true);
    let qh = 0;
    for (let j = 0; j < QK / 2; j++) {
      const xi0 = Math.trunc(fr(fr(fr(x[base + j]! - min) * id) + 0.5));
      const xi1 = Math.trunc(fr(fr(fr(x[base + QK / 2 + j]! - min) * id) + 0.5));
      out[o + 8 + j] = (xi0 & 0x0f) | ((xi1 & 0x0f) << 4);
      qh |= ((xi0 & 0x10) >> 4) << j;
      qh |= ((xi1 & 0x10) >> 4) << (j + QK / 2);
    }
    view.setUint32(o + 4, qh >>> 0, true);
  }
  return out;
}

export function dequantizeQ5_1(b: Uint8Array, n: number): Float32Array {
  const y = new Float32Array(n);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < n / QK; i++) {
    const o = i * 24;
    const d = f16ToF32(view.getUint16(o, true));
    const m = f16ToF32(view.getUint16(o + 2, true));
    const qh = view.getUint32(o + 4, true);
    for (let j = 0; j < QK / 2; j++) {
      const h0 = ((qh >>> j) << 4) & 0x10;
      const h1 = (qh >>> (j + 12)) & 0x10;
      y[i * QK + j] = ((b[o + 8 + j]! & 0x0f) | h0) * d + m;
      y[i * QK + j + QK / 2] = ((b[o + 8 + j]! >> 4) | h1) * d + m;
    }
  }
  return y;
}
