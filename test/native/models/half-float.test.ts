import { describe, expect, it } from 'vitest';
import { bf16BytesToF32, f16BytesToF32, f32ToBf16Bits, f32ToF16Bits } from '../../../native/models/half-float.js';
import { u16Bytes } from './model-fixtures.js';

describe('16-bit float conversions', () => {
  it('rounds to binary16 as numpy.float16 does (nearest, ties to even)', () => {
    // Bit patterns as numpy gives them: np.array([...], dtype=np.float16).view(np.uint16)
    const cases: [number, number][] = [
      [1.5, 0x3e00], [-2, 0xc000], [0.333, 0x3554], [65504, 0x7bff], [65520, 0x7c00], [1e6, 0x7c00],
      [2 ** -24, 0x0001], [2 ** -25, 0x0000], [3 * 2 ** -25, 0x0002], [2 ** -14, 0x0400], [-0, 0x8000],
      [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02], [Infinity, 0x7c00], [-Infinity, 0xfc00],
    ];
    for (const [value, bits] of cases) expect([value, f32ToF16Bits(value)]).toEqual([value, bits]);
    expect(f32ToF16Bits(NaN) & 0x7c00).toBe(0x7c00);
    expect(f32ToF16Bits(NaN) & 0x3ff).not.toBe(0);
  });

  it('round-trips every finite binary16 value exactly through Float32', () => {
    const all = Array.from({ length: 65536 }, (_, i) => i);
    const widened = f16BytesToF32(u16Bytes(all));
    const mismatches: number[] = [];
    for (let h = 0; h < 65536; h++) {
      if (((h >> 10) & 0x1f) === 31 && h & 0x3ff) continue; // NaN payloads need not survive
      if (f32ToF16Bits(widened[h]!) !== h) mismatches.push(h);
    }
    expect(mismatches).toEqual([]);
  });

  it('rounds to bfloat16 (nearest, ties to even) and widens back exactly', () => {
    expect(f32ToBf16Bits(1.5)).toBe(0x3fc0);
    expect(f32ToBf16Bits(-2)).toBe(0xc000);
    expect(f32ToBf16Bits(0.333)).toBe(0x3eaa); // float32 0x3EAA7EFA: low half below 0x8000 rounds down
    expect(f32ToBf16Bits(1 + 2 ** -8)).toBe(0x3f80); // tie: stays even
    expect(f32ToBf16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82); // tie: rounds up to even
    expect(Number.isNaN(bf16BytesToF32(u16Bytes([f32ToBf16Bits(NaN)]))[0])).toBe(true);
    const words = [0x3fc0, 0xc000, 0x3eaa, 0x0001, 0x7f7f, 0xff80];
    expect([...bf16BytesToF32(u16Bytes(words))]).toEqual([1.5, -2, 0.33203125, Math.fround(2 ** -133), Math.fround(3.3895313892515355e38), -Infinity]);
  });
});
