/**
 * Symmetric per-output-channel int8 quantization of one [in, out] matrix (ONNX MatMul layout):
 * scale[o] = max_i |w[i, o]| / 127, q = round(w / scale) in [-127, 127], zero point 0. The graph
 * undoes it with DequantizeLinear(q, scale, 0, axis = 1) before the MatMul (weight-only: activations stay F32).
 */
export interface Int8Matrix {
  q: Int8Array;
  scale: Float32Array;
  zeroPoint: Int8Array;
}

export function quantizeInt8PerColumn(w: Float32Array, rows: number, cols: number): Int8Matrix {
  const maxAbs = new Float32Array(cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let o = 0; o < cols; o++) {
      const a = Math.abs(w[row + o]!);
      if (a > maxAbs[o]!) maxAbs[o] = a;
    }
  }
  // An all-zero column gets scale 1 (any scale reproduces zeros); DequantizeLinear needs scale > 0.
  const scale = maxAbs.map((m) => (m > 0 ? m / 127 : 1));
  const q = new Int8Array(w.length);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let o = 0; o < cols; o++) q[row + o] = Math.max(-127, Math.min(127, Math.round(w[row + o]! / scale[o]!)));
  }
  return { q, scale, zeroPoint: new Int8Array(cols) };
}

/** What DequantizeLinear gives back, for tests of the rounding error bound (scale / 2 per weight). */
export function dequantizeInt8PerColumn(m: Int8Matrix, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let o = 0; o < cols; o++) out[i * cols + o] = (m.q[i * cols + o]! - m.zeroPoint[o]!) * m.scale[o]!;
  return out;
}
