import { f32ToF16Bits } from '../../models/half-float.js';
import { loadNativeSgemm } from '../../runtimes/native-sgemm.js';

/**
 * Half-precision conversions for GGUF: whole tensors to little-endian binary16 (F16 tensors), and
 * the scalar scales the block quantizers store (GGML_FP32_TO_FP16 / GGML_FP16_TO_FP32). Rounding is
 * to nearest, ties to even, exactly as models/half-float.ts's f32ToF16Bits (and ggml) round.
 */

let table: Float32Array | null = null;

/** binary16 bits → number (all 65,536 values tabulated once). */
export function f16ToF32(h: number): number {
  if (!table) {
    table = new Float32Array(65536);
    for (let b = 0; b < 65536; b++) {
      const sign = b & 0x8000 ? -1 : 1;
      const exp = (b >> 10) & 0x1f;
      const frac = b & 0x3ff;
      table[b] = exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1 + frac / 1024) * 2 ** (exp - 15);
    }
  }
  return table[h & 0xffff]!;
}

/** number → binary16 bits, rounded to nearest even. */
export const f32ToF16 = f32ToF16Bits;

/**
 * A whole tensor to F16 bytes. The normal range rounds with integer arithmetic on the float's bits
 * (add 0xfff plus the kept mantissa's low bit, then shift: round to nearest even, and a carry into
 * the exponent is still correct, overflowing to infinity at 65520); subnormals, infinities and NaN,
 * rare in weights, take the scalar path. About 10x faster than calling f32ToF16Bits per element,
 * which is what lets an F16 export keep up with a file copy (bench:export).
 */
export function encodeF16(src: Float32Array, into?: Uint8Array): Uint8Array {
  // A caller streaming many tensors passes a reused buffer: touching fresh pages costs more than converting.
  const out = into && into.length >= src.length * 2 ? into.subarray(0, src.length * 2) : new Uint8Array(src.length * 2);
  // The add-on's F16C path converts 8 values per instruction; same rounding (tested against this loop).
  const native = loadNativeSgemm();
  if (native.ok && native.addon.f16Available && process.env.FTS_NATIVE_F16 !== '0') {
    native.addon.f32ToF16(src, new Uint16Array(out.buffer, out.byteOffset, src.length));
    return out;
  }
  const bits = new Int32Array(src.buffer, src.byteOffset, src.length); // Int32: a Uint32Array read above 2^31 leaves V8's small-integer fast path
  const half = new Uint16Array(out.buffer, out.byteOffset, src.length); // little-endian hosts only, as GGUF is
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i]!;
    const abs = x & 0x7fffffff;
    if (abs >= 0x38800000 && abs < 0x47800000) {
      // 2^-14 <= |x| < 65536: rebias the exponent (127 -> 15) and round the 13 dropped mantissa bits.
      half[i] = ((x >> 16) & 0x8000) | ((abs - 0x38000000 + 0xfff + ((abs >> 13) & 1)) >> 13);
    } else {
      half[i] = f32ToF16Bits(src[i]!);
    }
  }
  return out;
}

/** F16 bytes back to Float32 (for tests and the dequantizers). */
export function decodeF16(bytes: Uint8Array, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = f16ToF32(bytes[2 * i]! | (bytes[2 * i + 1]! << 8));
  return out;
}
