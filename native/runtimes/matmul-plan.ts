/**
 * How a TF.js BatchMatMul call maps onto the native sgemm: sizes, per-matrix batch strides and the
 * output shape. Null where the add-on cannot take the call as it is (a batch broadcast other than
 * "equal" or "one matrix for all", empty sizes, mismatched inner sizes): TF.js's own kernel runs
 * then, and reports any error in its own words.
 */
export interface MatMulPlan {
  batch: number;
  m: number;
  n: number;
  k: number;
  strideA: number;
  strideB: number;
  outShape: number[];
}

const product = (xs: readonly number[]): number => xs.reduce((p, x) => p * x, 1);

/** numpy-style broadcast of two batch shapes, or null when they are incompatible. */
function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(Math.max(x, y));
  }
  return out;
}

export function planMatMul(aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean): MatMulPlan | null {
  const ra = aShape.length;
  const rb = bShape.length;
  if (ra < 2 || rb < 2) return null;
  const m = transposeA ? aShape[ra - 1]! : aShape[ra - 2]!;
  const k = transposeA ? aShape[ra - 2]! : aShape[ra - 1]!;
  const kB = transposeB ? bShape[rb - 1]! : bShape[rb - 2]!;
  const n = transposeB ? bShape[rb - 2]! : bShape[rb - 1]!;
  const outer = broadcastShape(aShape.slice(0, -2), bShape.slice(0, -2));
  if (k !== kB || !outer) return null;
  const batch = product(outer);
  if (batch === 0 || m === 0 || n === 0) return null;
  // A matrix either has its own entry per output batch entry, or one matrix serves them all.
  const stride = (own: number, size: number): number | null => (own === batch ? size : own === 1 ? 0 : null);
  const strideA = stride(product(aShape.slice(0, -2)), m * k);
  const strideB = stride(product(bShape.slice(0, -2)), k * n);
  if (strideA === null || strideB === null) return null;
  return { batch, m, n, k, strideA, strideB, outShape: [...outer, m, n] };
}
