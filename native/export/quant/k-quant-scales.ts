/**
 * The scale searches behind ggml's k-quants (ggml-quants.c: nearest_int, make_qkx2_quants,
 * make_qx_quants, get_scale_min_k4), transcribed loop for loop. Values that decide a rounding are
 * rounded to float32 as ggml's float arithmetic does; running sums stay in float64, so a rare exact
 * tie may pick the neighbouring scale (still a valid encoding of the same layout).
 */
const fr = Math.fround;
const GROUP_MAX_EPS = 1e-15;

/** ggml's nearest_int: adds 1.5·2^23 in float32, so ties round to even. */
export function nearestInt(v: number): number {
  return fr(fr(v) + 12582912) - 12582912;
}

/** Out-parameter of makeQkx2Quants (ggml's `the_min`), kept in a module slot to avoid allocating per block. */
export const qkx2 = { min: 0 };

/**
 * Affine quantization of x[xo..xo+n) to 0..nmax with a weighted least-squares search over nstep+1
 * candidate scales: returns the scale, leaves −min in qkx2.min and the levels in L[lo..lo+n).
 */
export function makeQkx2Quants(n: number, nmax: number, x: Float32Array, xo: number, weights: Float32Array, L: Uint8Array, lo: number, laux: Uint8Array, rmin: number, rdelta: number, nstep: number): number {
  let min = x[xo]!;
  let max = x[xo]!;
  let sumW = weights[0]!;
  let sumX = fr(sumW * x[xo]!);
  for (let i = 1; i < n; i++) {
    const v = x[xo + i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    const w = weights[i]!;
    sumW = fr(sumW + w);
    sumX = fr(sumX + fr(w * v));
  }
  if (min > 0) min = 0;
  if (max === min) {
    for (let i = 0; i < n; i++) L[lo + i] = 0;
    qkx2.min = -min;
    return 0;
  }
  let iscale = fr(nmax / fr(max - min));
  let scale = fr(1 / iscale);
  let bestError = 0;
  for (let i = 0; i < n; i++) {
    const l = Math.max(0, Math.min(nmax, nearestInt(iscale * fr(x[xo + i]! - min))));
    L[lo + i] = l;
    const diff = fr(scale * l) + min - x[xo + i]!;
    bestError += weights[i]! * diff * diff;
  }
  for (let is = 0; is <= nstep; is++) {
    iscale = fr(fr(rmin + fr(rdelta * is) + nmax) / fr(max - min));
    let sumL = 0;
    let sumL2 = 0;
    let sumXL = 0;
    for (let i = 0; i < n; i++) {
      const l = Math.max(0, Math.min(nmax, nearestInt(iscale * fr(x[xo + i]! - min))));
      laux[i] = l;
      const w = weights[i]!;
      sumL += w * l;
      sumL2 += w * l * l;
      sumXL += w * l * x[xo + i]!;
    }
    const D = sumW * sumL2 - sumL * sumL;
    if (D > 0) {
      let thisScale = fr((sumW * sumXL - sumX * sumL) / D);
      let thisMin = fr((sumL2 * sumX - sumL * sumXL) / D);
      if (thisMin > 0) {
        thisMin = 0;
        thisScale = fr(sumXL / sumL2);
      }
      let err = 0;
      for (let i = 0; i < n; i++) {
        const diff = thisScale * laux[i]! + thisMin - x[xo + i]!;
        err += weights[i]! * diff * diff;
      }
      if (err < bestError) {
        for (let i = 0; i < n; i++) L[lo + i] = laux[i]!;
        bestError = err;
        scale = thisScale;
        min = thisMin;
      }
    }
  }
  qkx2.min = -min;
  return scale;
}

/**
 * Symmetric quantization of x[xo..xo+n) to −nmax..nmax−1 (stored + nmax in L), weights x² (ggml's
 * rmse_type 1), searching 18 scales around nmax/max. Returns the (signed) scale.
 */
export function makeQxQuants(n: number, nmax: number, x: Float32Array, xo: number, L: Int8Array | Uint8Array, lo: number): number {
  let max = 0;
  let amax = 0;
  for (let i = 0; i < n; i++) {
    const ax = Math.abs(x[xo + i]!);
    if (ax > amax) {
      amax = ax;
      max = x[xo + i]!;
    }
  }
  if (amax < GROUP_MAX_EPS) {
    for (let i = 0; i < n; i++) L[lo + i] = 0;
    return 0;
  }
  let iscale = fr(-nmax / max);
  let sumlx = 0;
  let suml2 = 0;
  for (let i = 0; i < n; i++) {
    const v = x[xo + i]!;
    const l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * v)));
    L[lo + i] = l + nmax;
    const w = v * v;
    sumlx += w * v * l;
    suml2 += w * l * l;
  }
  let scale = suml2 ? fr(sumlx / suml2) : 0;
  let best = scale * sumlx;
  for (let is = -9; is <= 9; is++) {
    if (is === 0) continue;
    iscale = fr(-fr(nmax + fr(0.1 * is)) / max);
    sumlx = 0;
    suml2 = 0;
    for (let i = 0; i < n; i++) {
      const v = x[xo + i]!;
      const l = Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * v)));
      const w = v * v;
      sumlx += w * v * l;
      suml2 += w * l * l;
    }
    if (suml2 > 0 && sumlx * sumlx > best * suml2) {
      for (let i = 0; i < n; i++) L[lo + i] = nmax + Math.max(-nmax, Math.min(nmax - 1, nearestInt(iscale * x[xo + i]!)));
      scale = fr(sumlx / suml2);
      best = scale * sumlx;
    }
  }
  return scale;
}

/** Q4_K/Q5_K's 12 bytes of eight 6-bit scales and eight 6-bit mins (quantize_row_q4_K_ref's packing). */
export function packScalesMins(ls: Uint8Array, lm: Uint8Array, out: Uint8Array, o: number): void {
  for (let j = 0; j < 12; j++) out[o + j] = 0;
  for (let j = 0; j < 8; j++) {
    if (j < 4) {
      out[o + j] = ls[j]!;
      out[o + j + 4] = lm[j]!;
    } else {
      out[o + j + 4] = (ls[j]! & 0xf) | ((lm[j]! & 0xf) << 4);
      out[o + j - 4] = out[o + j - 4]! | ((ls[j]! >> 4) << 6);
      out[o + j] = out[o + j]! | ((lm[j]! >> 4) << 6);
    }
  }
}

/** get_scale_min_k4: sub-block j's 6-bit scale and min from the 12 packed bytes at q[o..]. */
export function scaleMinK4(j: number, q: Uint8Array, o: number): [number, number] {
  if (j < 4) return [q[o + j]! & 63, q[o + j + 4]! & 63];
  return [(q[o + j + 4]! & 0xf) | ((q[o + j - 4]! >> 6) << 4), (q[o + j + 4]! >> 4) | ((q[o + j]! >> 6) << 4)];
}
