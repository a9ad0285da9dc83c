import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { planMatMul } from '../../../native/runtimes/matmul-plan.js';
import { loadNativeSgemm } from '../../../native/runtimes/native-sgemm.js';
import { loadTf } from '../../../native/runtimes/tfjs.js';

/**
 * The optional SGEMM add-on against the pure-JS cpu backend's matMul, through tf.matMul on wasm
 * (i.e. through the kernel override, wasm heap and all). Skipped where the add-on is not built:
 * `npm test` builds it first, and the app works without it.
 */
const native = loadNativeSgemm();

/** Deterministic values in [-1, 1) (a tiny LCG, so failures reproduce). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

interface Case {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const CASES: Case[] = [
  { a: [1, 1], b: [1, 1], transposeA: false, transposeB: false },
  { a: [7, 13], b: [13, 5], transposeA: false, transposeB: false },
  { a: [13, 7], b: [13, 31], transposeA: true, transposeB: false },
  { a: [37, 300], b: [17, 300], transposeA: false, transposeB: true },
  { a: [300, 37], b: [17, 300], transposeA: true, transposeB: true },
  { a: [130, 513], b: [513, 129], transposeA: false, transposeB: false }, // several k blocks, ragged tiles
  { a: [3, 29, 40], b: [3, 40, 23], transposeA: false, transposeB: false },
  { a: [2, 3, 40, 29], b: [2, 3, 23, 40], transposeA: true, transposeB: true },
  { a: [1, 4, 64, 50], b: [1, 4, 64, 50], transposeA: false, transposeB: true }, // attention scores shape
  { a: [4, 19, 33], b: [33, 21], transposeA: false, transposeB: false }, // one B for every batch entry
  { a: [33, 19], b: [5, 33, 21], transposeA: true, transposeB: false }, // one A for every batch entry
  { a: [2, 1, 9, 8], b: [3, 8, 4], transposeA: false, transposeB: false }, // broadcast the add-on leaves to TF.js
];

function matMulOn(backend: string, c: Case, seed: number): { shape: number[]; data: Float32Array } {
  tf.setBackend(backend);
  const a = tf.tensor(values(c.a.reduce((p, x) => p * x, 1), seed), c.a);
  const b = tf.tensor(values(c.b.reduce((p, x) => p * x, 1), seed + 1), c.b);
  const y = tf.matMul(a, b, c.transposeA, c.transposeB);
  const out = { shape: y.shape, data: y.dataSync() as Float32Array };
  tf.dispose([a, b, y]);
  return out;
}

describe.skipIf(!native.ok)('native sgemm add-on', () => {
  beforeAll(async () => {
    const loaded = await loadTf('wasm');
    expect(loaded.matmul).toMatch(/^native sgemm/);
  });

  it('matches the cpu backend on odd sizes, batch dims, broadcasts and transposes', () => {
    CASES.forEach((c, i) => {
      const ref = matMulOn('cpu', c, 10 * i);
      const got = matMulOn('wasm', c, 10 * i);
      expect(got.shape).toEqual(ref.shape);
      // Relative to the largest magnitude: float32 sums of up to 513 terms in another order.
      const scale = Math.max(1, ...Array.from(ref.data, Math.abs));
      let worst = 0;
      for (let j = 0; j < ref.data.length; j++) worst = Math.max(worst, Math.abs(got.data[j]! - ref.data[j]!) / scale);
      expect(worst, JSON.stringify(c)).toBeLessThan(1e-4);
    });
    tf.setBackend('wasm');
  });

  it('gives bit-identical results run to run and with one or two threads', () => {
    if (!native.ok) return;
    const [m, n, k] = [200, 333, 700];
    const a = values(m * k, 1);
    const b = values(k * n, 2);
    const run = (threads: number): Float32Array => {
      const c = new Float32Array(m * n);
      native.addon.sgemm(a, b, c, 1, m, n, k, false, false, 0, 0, threads);
      return c;
    };
    const first = run(2);
    expect(Buffer.from(run(2).buffer).equals(Buffer.from(first.buffer))).toBe(true);
    expect(Buffer.from(run(1).buffer).equals(Buffer.from(first.buffer))).toBe(true);
  });

  it('refuses arrays shorter than the sizes say instead of reading past them', () => {
    if (!native.ok) return;
    const small = new Float32Array(10);
    expect(() => native.addon.sgemm(small, small, small, 1, 4, 4, 4, false, false, 0, 0, 1)).toThrow(/shorter/);
    expect(() => native.addon.sgemm(new Float32Array(16), new Float32Array(16), small, 1, 4, 4, 4, false, false, 0, 0, 1)).toThrow(/shorter/);
  });
});

describe('matmul planning', () => {
  it('maps batch broadcasts onto strides and leaves the rest to TF.js', () => {
    expect(planMatMul([4, 19, 33], [33, 21], false, false)).toEqual({ batch: 4, m: 19, n: 21, k: 33, strideA: 19 * 33, strideB: 0, outShape: [4, 19, 21] });
    expect(planMatMul([2, 3, 40, 29], [2, 3, 23, 40], true, true)).toMatchObject({ batch: 6, m: 29, n: 23, k: 40, outShape: [2, 3, 29, 23] });
    expect(planMatMul([2, 1, 9, 8], [3, 8, 4], false, false)).toBeNull(); // broadcast both ways
    expect(planMatMul([9, 8], [7, 4], false, false)).toBeNull(); // inner sizes differ
    expect(planMatMul([0, 9, 8], [8, 4], false, false)).toBeNull(); // empty
  });
});
