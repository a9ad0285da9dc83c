import { afterEach, describe, expect, it } from 'vitest';
import { encodeF16 } from '../../../native/export/quant/f16.js';
import { f32ToF16Bits } from '../../../native/models/half-float.js';
import { loadNativeSgemm } from '../../../native/runtimes/native-sgemm.js';

/**
 * The add-on's F16C conversion (used for F16 exports where the CPU has it) must give the same bits
 * as the exact scalar converter: normals, ties, subnormals, overflow to infinity, signed zeros.
 * Skipped where the add-on is not built (npm test builds it first).
 */
const native = loadNativeSgemm();
const f16c = native.ok && native.addon.f16Available;

afterEach(() => {
  delete process.env.FTS_NATIVE_F16;
});

function corpus(): Float32Array {
  const special = [0, -0, 1, -1, 65504, 65519.99, 65520, -65520, 1e-8, -1e-8, 5.96e-8, 2.98e-8, 6.1e-5, 6.09e-5, 1 + 2 ** -11, 1 + 3 * 2 ** -11, Infinity, -Infinity, 3.4e38];
  const out = new Float32Array(100_003);
  out.set(special);
  let s = 12345;
  for (let i = special.length; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // Spread over many magnitudes: 2^-30 .. 2^20, both signs.
    out[i] = (s & 1 ? -1 : 1) * 2 ** ((s >>> 8) % 50 - 30) * (1 + (s >>> 16) / 65536);
  }
  return out;
}

describe.skipIf(!f16c)('F16C conversion in the add-on', () => {
  it('gives the exact converter bits for every value, odd tail included', () => {
    const src = corpus();
    const fast = new Uint16Array(encodeF16(src).buffer);
    for (let i = 0; i < src.length; i++) {
      if (fast[i] !== f32ToF16Bits(src[i]!)) expect({ i, value: src[i], got: fast[i] }).toEqual({ i, value: src[i], got: f32ToF16Bits(src[i]!) });
    }
    process.env.FTS_NATIVE_F16 = '0';
    expect(Buffer.from(encodeF16(src)).equals(Buffer.from(fast.buffer))).toBe(true);
  });

  it('refuses a destination shorter than the source', () => {
    if (!native.ok) return;
    expect(() => native.addon.f32ToF16(new Float32Array(9), new Uint16Array(8))).toThrow(/shorter/);
  });
});
