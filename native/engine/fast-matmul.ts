import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../runtimes/tfjs.js';
import { transposeFlagsAreFast } from '../runtimes/wasm-matmul.js';

/**
 * Matrix products whose backward passes use explicit transposes and plain matMul. TF.js's own
 * matMul gradient calls matMul with transpose flags, which the wasm backend runs at 0.6-2 GFLOP/s
 * instead of ~20 (FACTS.md); this made a small training step several times faster. Where flags
 * cost nothing (the native sgemm add-on, other backends) they replace the explicit transposes,
 * which are then pure copying. Frozen weights keep their cached transpose either way: the memory
 * estimate (models/training-memory.ts) counts it, and with the add-on a flagged dy · Wᵀ made a
 * ~25M-parameter LoRA step ~15% slower than reading the cached copy (packing a transposed B gathers).
 */

/** TF.js types customGrad's function over a union of tensors and the save callback; ours are precise. */
type CustomGradFn = Parameters<Tf['customGrad']>[0];

const transposedCache = new WeakMap<tfTypes.Tensor, tfTypes.Tensor2D>();

/** Wᵀ of a frozen weight, computed once and kept while W lives. */
function transposedOf(tf: Tf, w: tfTypes.Tensor2D): tfTypes.Tensor2D {
  let t = transposedCache.get(w);
  if (!t || t.isDisposed) {
    t = tf.keep(tf.transpose(w));
    transposedCache.set(w, t);
  }
  return t;
}

/**
 * x · W for a frozen W [in, out]: the gradient flows to x only (dx = dy · Wᵀ). Wᵀ is made on the
 * first backward pass and kept, so generation never pays for it and training pays once (memory:
 * one more copy of each frozen matrix while training).
 */
export function frozenLinear(tf: Tf, x: tfTypes.Tensor2D, w: tfTypes.Tensor2D): tfTypes.Tensor2D {
  const f = tf.customGrad(((input: tfTypes.Tensor, save: (ts: tfTypes.Tensor[]) => void) => {
    save([]);
    return { value: tf.matMul(input as tfTypes.Tensor2D, w), gradFunc: (dy: tfTypes.Tensor) => tf.matMul(dy as tfTypes.Tensor2D, transposedOf(tf, w)) };
  }) as unknown as CustomGradFn);
  return f(x) as tfTypes.Tensor2D;
}

/** a · b for two trainable or activation matrices [m, k] · [k, n], both gradients by plain matMul. */
export function matMul2(tf: Tf, a: tfTypes.Tensor2D, b: tfTypes.Tensor2D): tfTypes.Tensor2D {
  const f = tf.customGrad(((x: tfTypes.Tensor, y: tfTypes.Tensor, save: (ts: tfTypes.Tensor[]) => void) => {
    save([x, y]);
    return {
      value: tf.matMul(x as tfTypes.Tensor2D, y as tfTypes.Tensor2D),
      gradFunc: (dy: tfTypes.Tensor, saved: tfTypes.Tensor[]) => {
        const [sx, sy] = saved as [tfTypes.Tensor2D, tfTypes.Tensor2D];
        const g = dy as tfTypes.Tensor2D;
        if (transposeFlagsAreFast(tf)) return [tf.matMul(g, sy, false, true), tf.matMul(sx, g, true, false)];
        return [tf.matMul(g, tf.transpose(sy)), tf.matMul(tf.transpose(sx), g)];
      },
    };
  }) as unknown as CustomGradFn);
  return f(a, b) as tfTypes.Tensor2D;
}

/** Batched q · kᵀ for attention scores [B, H, Tq, d] · [B, H, Tk, d] -> [B, H, Tq, Tk]. */
export function scoresMatMul(tf: Tf, q: tfTypes.Tensor4D, k: tfTypes.Tensor4D): tfTypes.Tensor4D {
  const flags = transposeFlagsAreFast(tf);
  const f = tf.customGrad(((x: tfTypes.Tensor, y: tfTypes.Tensor, save: (ts: tfTypes.Tensor[]) => void) => {
    save([x, y]);
    return {
      value: flags ? tf.matMul(x as tfTypes.Tensor4D, y as tfTypes.Tensor4D, false, true) : tf.matMul(x as tfTypes.Tensor4D, tf.transpose(y, [0, 1, 3, 2])),
      gradFunc: (dy: tfTypes.Tensor, saved: tfTypes.Tensor[]) => {
        const [sq, sk] = saved as [tfTypes.Tensor4D, tfTypes.Tensor4D];
        const g = dy as tfTypes.Tensor4D;
        // dq = dS · k ; dk = dSᵀ · q
        return [tf.matMul(g, sk), flags ? tf.matMul(g, sq, true, false) : tf.matMul(tf.transpose(g, [0, 1, 3, 2]), sq)];
      },
    };
  }) as unknown as CustomGradFn);
  return f(q, k) as tfTypes.Tensor4D;
}

/** Batched p · v [B, H, Tq, Tk] · [B, H, Tk, d] -> [B, H, Tq, d]. */
export function valuesMatMul(tf: Tf, p: tfTypes.Tensor4D, v: tfTypes.Tensor4D): tfTypes.Tensor4D {
  const f = tf.customGrad(((x: tfTypes.Tensor, y: tfTypes.Tensor, save: (ts: tfTypes.Tensor[]) => void) => {
    save([x, y]);
    return {
      value: tf.matMul(x as tfTypes.Tensor4D, y as tfTypes.Tensor4D),
      gradFunc: (dy: tfTypes.Tensor, saved: tfTypes.Tensor[]) => {
        const [sp, sv] = saved as [tfTypes.Tensor4D, tfTypes.Tensor4D];
        const g = dy as tfTypes.Tensor4D;
        // dp = dy · vᵀ ; dv = pᵀ · dy
        if (transposeFlagsAreFast(tf)) return [tf.matMul(g, sv, false, true), tf.matMul(sp, g, true, false)];
        return [tf.matMul(g, tf.transpose(sv, [0, 1, 3, 2])), tf.matMul(tf.transpose(sp, [0, 1, 3, 2]), g)];
      },
    };
  }) as unknown as CustomGradFn);
  return f(p, v) as tfTypes.Tensor4D;
}
