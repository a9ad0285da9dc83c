import { describe, expect, it } from 'vitest';
import { Rng } from '../../../native/engine/rng.js';
import { decodeTensor, encodeTensor, GGML_TYPES, type GgmlType } from '../../../native/export/quant/ggml-types.js';
import { encodeF16 } from '../../../native/export/quant/f16.js';
import { f32ToF16Bits } from '../../../native/models/half-float.js';

/**
 * The block quantizers against ggml: round-trip error on Gaussian data within the levels ggml's
 * formats reach (relative RMS error, i.e. RMSE / std), and bit-exact bytes for small blocks worked
 * out by hand from ggml-quants.c.
 */
const rel = (a: Float32Array, b: Float32Array) => {
  let e = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    e += (a[i]! - b[i]!) ** 2;
    s += a[i]! ** 2;
  }
  return Math.sqrt(e / s);
};

// Relative RMS error on N(0, 1) values, measured: F16 0.02%, Q8_0 0.53%, Q6_K 1.76%, Q5_K 3.59%,
// Q5_1 3.79%, Q5_0 4.21%, Q4_K 7.13%, Q4_0 8.56% — the order and levels ggml's formats are known for
// (k-quants beat the legacy type of the same width; about half the error per extra bit). Bounds
// leave ~10% headroom; a layout or scale bug lands far outside them.
const BOUNDS: Record<Exclude<GgmlType, 'F32'>, number> = { F16: 3e-4, Q8_0: 0.006, Q6_K: 0.02, Q5_K: 0.04, Q5_1: 0.042, Q5_0: 0.047, Q4_K: 0.078, Q4_0: 0.095 };

describe('ggml block quantizers: dequantize(quantize(x)) error', () => {
  const x = new Rng(7).normal(256 * 64, 1);
  for (const [type, bound] of Object.entries(BOUNDS) as [GgmlType, number][]) {
    it(`${type}: relative RMS error <= ${bound}, ${GGML_TYPES[type].blockBytes} bytes per ${GGML_TYPES[type].blockValues} values`, () => {
      const bytes = encodeTensor(type, x);
      expect(bytes.length).toBe((x.length / GGML_TYPES[type].blockValues) * GGML_TYPES[type].blockBytes);
      const e = rel(x, decodeTensor(type, bytes, x.length));
      expect(e).toBeLessThanOrEqual(bound);
    });
  }
});

const hex = (b: Uint8Array, from: number, to: number) => [...b.subarray(from, to)].map((v) => v.toString(16).padStart(2, '0')).join(' ');

describe('ggml block layouts, bit for bit', () => {
  it('Q8_0: d = amax/127 as f16, then roundf(x/d) as int8', () => {
    const x = new Float32Array(32);
    x.set([127, -127, 0.5, -0.5, 1.5, 2.4]);
    const b = encodeTensor('Q8_0', x);
    // d = 1.0 = f16 0x3c00; roundf rounds halves away from zero: 0.5 -> 1, -0.5 -> -1 (0xff), 1.5 -> 2.
    expect(hex(b, 0, 8)).toBe('00 3c 7f 81 01 ff 02 02');
    expect(hex(b, 8, 34)).toBe(Array(26).fill('00').join(' '));
  });

  it('Q4_0: d = max/-8 (signed), q = min(15, trunc(x/d + 8.5)), value j in the low nibble, j+16 in the high', () => {
    // x[0] = -8 has the largest magnitude, so d = 1 and the levels are x + 8.
    const x = Float32Array.from({ length: 32 }, (_, j) => (j < 16 ? j - 8 : 7 - (j - 16)));
    const b = encodeTensor('Q4_0', x);
    expect(hex(b, 0, 2)).toBe('00 3c');
    expect([...b.subarray(2)]).toEqual(Array.from({ length: 16 }, (_, j) => j | ((15 - j) << 4)));
    expect([...decodeTensor('Q4_0', b, 32)]).toEqual([...x]);
  });

  it('Q5_0: the fifth bits of values j and j+16 go to bits j and j+16 of qh', () => {
    // x[0] = -16: d = 1, levels x + 16 = 0..31; value 17 (level 31 at j = 15) needs the 5th bit.
    const x = Float32Array.from({ length: 32 }, (_, j) => (j < 16 ? j - 16 : j - 16 - 1));
    x[16] = 15; // level 31 in the high half (j + 16 = 16)
    const b = encodeTensor('Q5_0', x);
    expect(hex(b, 0, 2)).toBe('00 3c');
    // Levels: j < 16 -> j (5th bit never set); j >= 16 -> j - 1, except 31 at 16. Bits 16..31 set where level >= 16.
    const qh = new DataView(b.buffer).getUint32(2, true);
    expect(qh >>> 0).toBe(0xffff0000 >>> 0);
    expect(b[6]).toBe(0 | ((31 & 15) << 4));
    expect([...decodeTensor('Q5_0', b, 32)]).toEqual([...x]);
  });

  it('Q4_K: 6-bit scales/mins packed in 12 bytes, d and dmin as f16, nibbles of values l and l+32 share a byte', () => {
    // Sub-block j holds levels 0..15, 0..15 times s_j = ls_j/64, so every scale is exact:
    // d = max_scale/63 = 1/64 (f16 0x2400), dmin = 0, the 6-bit scales are ls_j themselves.
    const lsj = [63, 32, 16, 8, 4, 2, 1, 48];
    const x = Float32Array.from({ length: 256 }, (_, i) => (i % 16) * (lsj[i >> 5]! / 64));
    const b = encodeTensor('Q4_K', x);
    expect(hex(b, 0, 4)).toBe('00 24 00 00');
    // j < 4: bytes 0-3 = scales, 4-7 = mins; j >= 4: bytes 8-11 = low nibbles (scale | min << 4),
    // with the scale's top 2 bits in bits 6-7 of byte j-4 (48 = 0b110000 -> byte 3 gets 0b11 << 6).
    expect(hex(b, 4, 16)).toBe('3f 20 10 c8 00 00 00 00 04 02 01 00');
    expect([...b.subarray(16, 48)]).toEqual(Array.from({ length: 32 }, (_, l) => (l % 16) * 17));
    expect([...decodeTensor('Q4_K', b, 256)]).toEqual([...x]);
  });

  it('Q5_K: as Q4_K with 5-bit levels; the fifth bit of value 64g+l goes to qh[l] bit 2g (bit 2g+1 for +32)', () => {
    const lsj = [63, 32, 16, 8, 4, 2, 1, 48];
    const x = Float32Array.from({ length: 256 }, (_, i) => (i % 32) * (lsj[i >> 5]! / 64) / 2);
    const b = encodeTensor('Q5_K', x);
    expect(hex(b, 0, 4)).toBe('00 20 00 00'); // d = 1/128
    expect(hex(b, 4, 16)).toBe('3f 20 10 c8 00 00 00 00 04 02 01 00');
    // Levels l = i % 32 in every sub-block: qh[l] has all 8 bits set for l >= 16, none below.
    expect([...b.subarray(16, 48)]).toEqual(Array.from({ length: 32 }, (_, l) => (l >= 16 ? 0xff : 0)));
    expect([...b.subarray(48, 80)]).toEqual(Array.from({ length: 32 }, (_, l) => (l % 16) * 17));
    expect([...decodeTensor('Q5_K', b, 256)]).toEqual([...x]);
  });

  it('Q6_K: signed 8-bit scales against d = -max_scale/128, 4+2-bit levels in ql/qh', () => {
    // Sub-block ib: values (4i - 32)·s for i = 0..15 with s = 2^-(3 + ib % 4): exact, so levels are 4i
    // and the scales -128·s/max_scale = -128, -64, -32, -16; d = -1/1024 = f16 0x9400.
    const x = Float32Array.from({ length: 256 }, (_, p) => (4 * (p % 16) - 32) * 2 ** -(3 + ((p >> 4) % 4)));
    const b = encodeTensor('Q6_K', x);
    expect(hex(b, 208, 210)).toBe('00 94');
    expect([...new Int8Array(b.buffer, 192, 16)]).toEqual(Array.from({ length: 16 }, (_, ib) => [-128, -64, -32, -16][ib % 4]));
    // ql[l] = low nibble of level l | of level l+64 << 4; qh[l] = 2-bit highs of l, l+32, l+64, l+96.
    expect(b[1]).toBe(0x44); // levels 4, 4
    expect(b[3]).toBe(0xcc); // levels 12, 12
    expect(b[4]).toBe(0x00); // levels 16, 16: low nibbles 0 ...
    expect(b[128 + 4]).toBe(0x55); // ... high bits 01 for all four
    expect(b[128 + 15]).toBe(0xff); // level 60 = 0b111100 everywhere
    expect([...decodeTensor('Q6_K', b, 256)]).toEqual([...x]);
  });

  it('F16: the fast tensor path rounds exactly as the scalar one (ties, subnormals, overflow, NaN)', () => {
    const edge = [0, -0, 1, -1, 65504, 65519.99, 65520, 1e6, -1e6, 6.1e-5, 6.0e-5, 5.96e-8, 2.98e-8, 1 + 2 ** -11, 1 + 3 * 2 ** -11, Infinity, -Infinity, NaN];
    const x = Float32Array.from([...edge, ...new Rng(3).normal(10_000, 10)]);
    const fast = new Uint16Array(encodeF16(x).buffer);
    expect([...fast]).toEqual([...x].map((v) => f32ToF16Bits(v)));
  });
});
