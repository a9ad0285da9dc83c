import type { Tf } from '../runtimes/tfjs.js';
import type * as tfTypes from '@tensorflow/tfjs';

export interface RopeScaling {
  ropeType: 'llama3';
  factor: number;
  lowFreqFactor: number;
  highFreqFactor: number;
  originalMaxPositionEmbeddings: number;
}

/**
 * Inverse frequencies of rotary embeddings, as Hugging Face computes them:
 * inv_freq[i] = theta^(-2i/d). Llama 3's scaling divides the low frequencies by `factor` and
 * blends the band between (transformers' _compute_llama3_parameters).
 */
export function inverseFrequencies(headDim: number, theta: number, scaling?: RopeScaling | null): Float32Array {
  const half = headDim / 2;
  const inv = new Float32Array(half);
  for (let i = 0; i < half; i++) inv[i] = 1 / Math.pow(theta, (2 * i) / headDim);
  if (!scaling) return inv;
  const lowWavelen = scaling.originalMaxPositionEmbeddings / scaling.lowFreqFactor;
  const highWavelen = scaling.originalMaxPositionEmbeddings / scaling.highFreqFactor;
  for (let i = 0; i < half; i++) {
    const wavelen = (2 * Math.PI) / inv[i]!;
    if (wavelen > lowWavelen) inv[i] = inv[i]! / scaling.factor;
    else if (wavelen >= highWavelen) {
      const smooth = (scaling.originalMaxPositionEmbeddings / wavelen - scaling.lowFreqFactor) / (scaling.highFreqFactor - scaling.lowFreqFactor);
      inv[i] = (1 - smooth) * (inv[i]! / scaling.factor) + smooth * inv[i]!;
    }
  }
  return inv;
}

/** cos and sin tables [positions, headDim], each half repeated (HF's rotate_half layout). */
export function ropeTables(tf: Tf, positions: number, headDim: number, inv: Float32Array): { cos: tfTypes.Tensor2D; sin: tfTypes.Tensor2D } {
  const cos = new Float32Array(positions * headDim);
  const sin = new Float32Array(positions * headDim);
  const half = headDim / 2;
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < half; i++) {
      // Angles in float64, like numpy's reference; float32 would drift at long positions.
      const a = p * inv[i]!;
      const c = Math.cos(a);
      const s = Math.sin(a);
      cos[p * headDim + i] = c;
      cos[p * headDim + i + half] = c;
      sin[p * headDim + i] = s;
      sin[p * headDim + i + half] = s;
    }
  }
  return { cos: tf.tensor2d(cos, [positions, headDim]), sin: tf.tensor2d(sin, [positions, headDim]) };
}

/** x * cos + rotate_half(x) * sin with rotate_half(x) = concat(-x2, x1); x is [B, heads, T, headDim]. */
export function applyRope(tf: Tf, x: tfTypes.Tensor4D, cos: tfTypes.Tensor2D, sin: tfTypes.Tensor2D): tfTypes.Tensor4D {
  const half = x.shape[3] / 2;
  const [x1, x2] = tf.split(x, [half, half], 3);
  const rotated = tf.concat([tf.neg(x2!), x1!], 3);
  return tf.add(tf.mul(x, cos), tf.mul(rotated, sin)) as tfTypes.Tensor4D;
}
