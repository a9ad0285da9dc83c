import { f16ToF32, f32ToF16 } from './f16.js';
import { makeQkx2Quants, makeQxQuants, nearestInt, packScalesMins, qkx2, scaleMinK4 } from './k-quant-scales.js';

/**
 * ggml's k-quants on 256-element super-blocks (ggml-quants.c quantize_row_q{4,5,6}_K_ref, what
 * llama-quantize runs without an importance matrix) and their dequantizers. Layouts (ggml-common.h):
 *   Q4_K (144 B): d f16, dmin f16, scales[12] (8 × 6-bit scale + 8 × 6-bit min), qs[128] nibbles
 *   Q5_K (176 B): d f16, dmin f16, scales[12], qh[32] (5th bits), qs[128]
 *   Q6_K (210 B): ql[128] low nibbles, qh[64] 2-bit highs, scales int8[16], d f16
 * Q4_K/Q5_K: eight 32-element sub-blocks, x = d·sc·q − dmin·m. Q6_K: sixteen 16-element
 * sub-blocks, x = d·sc·(q − 32). Rows must be a multiple of 256 long (mix.ts picks a fallback type).
 */
const fr = Math.fround;
export const QK_K = 256;

function superBlocks(x: Float32Array, bytes: number): { nb: number; out: Uint8Array; view: DataView } {
  if (x.length % QK_K !== 0) throw new Error(`k-quants need a multiple of ${QK_K} values, got ${x.length}`);
  const out = new Uint8Array((x.length / QK_K) * bytes);
  return { nb: x.length / QK_K, out, view: new DataView(out.buffer) };
}

const L = new Uint8Array(QK_K);
const laux = new Uint8Array(32);
const weights = new Float32Array(32);
const scales = new Float32Array(16);
const mins = new Float32Array(8);
const ls = new Uint8Array(8);
const lm = new Uint8Array(8);

/**
 * The shared half of Q4_K and Q5_K: per 32-element sub-block an affine fit (weights |x| + rms),
 * 6-bit scales and mins relative to the largest, then every value re-quantized against the
 * scales as stored. Writes d, dmin and the 12 scale bytes at out[o..o+16); levels land in L.
 */
function affineSuperBlock(x: Float32Array, base: number, nmax: number, rmin: number, nstep: number, out: Uint8Array, view: DataView, o: number): void {
  let maxScale = 0;
  let maxMin = 0;
  for (let j = 0; j < 8; j++) {
    let sumX2 = 0;
    for (let l = 0; l < 32; l++) sumX2 += x[base + 32 * j + l]! * x[base + 32 * j + l]!;
    const avX = fr(Math.sqrt(fr(sumX2) / 32));
    for (let l = 0; l < 32; l++) weights[l] = avX + Math.abs(x[base + 32 * j + l]!);
    scales[j] = makeQkx2Quants(32, nmax, x, base + 32 * j, weights, L, 32 * j, laux, rmin, 0.1, nstep);
    mins[j] = qkx2.min;
    if (scales[j]! > maxScale) maxScale = scales[j]!;
    if (mins[j]! > maxMin) maxMin = mins[j]!;
  }
  const invScale = maxScale > 0 ? fr(63 / maxScale) : 0;
  const invMin = maxMin > 0 ? fr(63 / maxMin) : 0;
  for (let j = 0; j < 8; j++) {
    ls[j] = Math.min(63, nearestInt(invScale * scales[j]!) & 0xff);
    lm[j] = Math.min(63, nearestInt(invMin * mins[j]!) & 0xff);
  }
  const dBits = f32ToF16(fr(maxScale / 63));
  const dminBits = f32ToF16(fr(maxMin / 63));
  view.setUint16(o, dBits, true);
  view.setUint16(o + 2, dminBits, true);
  packScalesMins(ls, lm, out, o + 4);
  const d0 = f16ToF32(dBits);
  const dmin0 = f16ToF32(dminBits);
  for (let j = 0; j < 8; j++) {
    const [sc, m] = scaleMinK4(j, out, o + 4);
    const d = fr(d0 * sc);
    if (!d) continue;
    const dm = fr(dmin0 * m);
    for (let ii = 0; ii < 32; ii++) L[32 * j + ii] = Math.max(0, Math.min(nmax, nearestInt(fr(x[base + 32 * j + ii]! + dm) / d)));
  }
}

export function quantizeQ4_K(x: Float32Array): Uint8Array {
  const { nb, out, view } = superBlocks(x, 144);
  for (let i = 0; i < nb; i++) {
    const o = i * 144;
    affineSuperBlock(x, i * QK_K, 15, -1, 20, out, view, o);
    // Nibbles: byte l of each 32-byte group holds value j+l (low) and j+l+32 (high), j = 0, 64, 128, 192.
    for (let j = 0, q = o + 16; j < QK_K; j += 64, q += 32) for (let l = 0; l < 32; l++) out[q + l] = L[j + l]! | (L[j + l + 32]! << 4);
  }
  return out;
}

export function quantizeQ5_K(x: Float32Array): Uint8Array {
  const { nb, out, view } = superBlocks(x, 176);
  for (let i = 0; i < nb; i++) {
    const o = i * 176;
    affineSuperBlock(x, i * QK_K, 31, -0.5, 15, out, view, o);
    const qh = o + 16;
    const ql = o + 48;
    let m1 = 1;
    let m2 = 2;
    for (let n = 0, q = ql; n < QK_K; n += 64, q += 32, m1 <<= 2, m2 <<= 2) {
      for (let j = 0; j < 32; j++) {
        let l1 = L[n + j]!;
        let l2 = L[n + j + 32]!;
        if (l1 > 15) {
          l1 -= 16;
          out[qh + j] = out[qh + j]! | m1;
        }
        if (l2 > 15) {
          l2 -= 16;
          out[qh + j] = out[qh + j]! | m2;
        }
        out[q + j] = l1 | (l2 << 4);
      }
    }
  }
  return out;
}

function dequantizeAffine(b: Uint8Array, n: number, bytes: number, fifthBit: boolean): Float32Array {
  const y = new Float32Array(n);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let k = 0;
  for (let i = 0; i < n / QK_K; i++) {
    const o = i * bytes;
    const d = f16ToF32(view.getUint16(o, true));
    const min = f16ToF32(view.getUint16(o + 2, true));
    const qh = o + 16;
    let q = fifthBit ? o + 48 : o + 16;
    let u1 = 1;
    let u2 = 2;
    for (let j = 0, is = 0; j < QK_K; j += 64, is += 2, q += 32, u1 <<= 2, u2 <<= 2) {
      const [sc1, m1] = scaleMinK4(is, b, o + 4);
      const [sc2, m2] = scaleMinK4(is + 1, b, o + 4);
      const d1 = fr(d * sc1);
      const mm1 = fr(min * m1);
      const d2 = fr(d * sc2);
      const mm2 = fr(min * m2);
      for (let l = 0; l < 32; l++) y[k++] = d1 * ((b[q + l]! & 0xf) + (fifthBit && b[qh + l]! & u1 ? 16 : 0)) - mm1;
      for (let l = 0; l < 32; l++) y[k++] = d2 * ((b[q + l]! >> 4) + (fifthBit && b[qh + l]! & u2 ? 16 : 0)) - mm2;
    }
  }
  return y;
}

export const dequantizeQ4_K = (b: Uint8Array, n: number) => dequantizeAffine(b, n, 144, false);
export const dequantizeQ5_K = (b: Uint8Array, n: number) => dequantizeAffine(b, n, 176, true);

const L6 = new Int8Array(QK_K);

export function quantizeQ6_K(x: Float32Array): Uint8Array {
  const { nb, out, view } = superBlocks(x, 210);
  for (let i = 0; i < nb; i++) {
    const base = i * QK_K;
    const o = i * 210;
    let maxScale = 0;
    let maxAbsScale = 0;
    for (let ib = 0; ib < 16; ib++) {
      const s = makeQxQuants(16, 32, x, base + 16 * ib, L6, 16 * ib);
      scales[ib] = s;
      if (Math.abs(s) > maxAbsScale) {
        maxAbsScale = Math.abs(s);
        maxScale = s;
      }
    }
    if (maxAbsScale < 1e-15) continue; // an all-zero block stays all zero bytes (d = 0)
    const iscale = fr(-128 / maxScale);
    const dBits = f32ToF16(fr(1 / iscale));
    view.setUint16(o + 208, dBits, true);
    for (let ib = 0; ib < 16; ib++) view.setInt8(o + 192 + ib, Math.min(127, nearestInt(iscale * scales[ib]!)));
    const d0 = f16ToF32(dBits);
    for (let j = 0; j < 16; j++) {
      const d = fr(d0 * view.getInt8(o + 192 + j));
      if (!d) continue;
      for (let ii = 0; ii < 16; ii++) L6[16 * j + ii] = Math.max(-32, Math.min(31, nearestInt(x[base + 16 * j + ii]! / d))) + 32;
    }
    // Per 128 values: ql holds low nibbles of l and l+64 (bytes 0-31) and of l+32 and l+96 (32-63);
    // qh holds the four 2-bit highs of l, l+32, l+64, l+96 in one byte.
    for (let j = 0, ql = o, qh = o + 128; j < QK_K; j += 128, ql += 64, qh += 32) {
      for (let l = 0; l < 32; l++) {
        const a = L6[j + l]!;
        const b = L6[j + l + 32]!;
        const c = L6[j + l + 64]!;
        const e = L6[j + l + 96]!;
        out[ql + l] = (a & 0xf) | ((c & 0xf) << 4);
        out[ql + l + 32] = (b & 0xf) | ((e & 0xf) << 4);
        out[qh + l] = (a >> 4) | ((b >> 4) << 2) | ((c >> 4) << 4) | ((e >> 4) << 6);
      }
    }
  }
  return out;
}

export function dequantizeQ6_K(b: Uint8Array, n: number): Float32Array {
  const y = new Float32Array(n);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < n / QK_K; i++) {
    const o = i * 210;
    const d = f16ToF32(view.getUint16(o + 208, true));
    for (let half = 0; half < 2; half++) {
      const ql = o + 64 * half;
      const qh = o + 128 + 32 * half;
      const sc = o + 192 + 8 * half;
      const yo = i * QK_K + 128 * half;
      for (let l = 0; l < 32; l++) {
        const is = l >> 4;
        const h = b[qh + l]!;
        y[yo + l] = fr(d * view.getInt8(sc + is)) * (((b[ql + l]! & 0xf) | ((h & 3) << 4)) - 32);
        y[yo + l + 32] = fr(d * view.getInt8(sc + is + 2)) * (((b[ql + l + 32]! & 0xf) | (((h >> 2) & 3) << 4)) - 32);
        y[yo + l + 64] = fr(d * view.getInt8(sc + is + 4)) * (((b[ql + l]! >> 4) | (((h >> 4) & 3) << 4)) - 32);
        y[yo + l + 96] = fr(d * view.getInt8(sc + is + 6)) * (((b[ql + l + 32]! >> 4) | (((h >> 6) & 3) << 4)) - 32);
      }
    }
  }
  return y;
}
