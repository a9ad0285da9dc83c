import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../runtimes/tfjs.js';

/**
 * Mean next-token cross-entropy. Position t's logits predict token t+1; `targetMask` [B, T] is 1
 * where token t counts as a target (completion tokens), 0 for prompt tokens and padding, so the
 * loss is averaged over completion tokens only.
 */
export function causalLmLoss(tf: Tf, logits: tfTypes.Tensor3D, ids: tfTypes.Tensor2D, targetMask: tfTypes.Tensor2D): tfTypes.Scalar {
  const [b, t, v] = logits.shape;
  const pred = tf.slice(logits, [0, 0, 0], [b, t - 1, v]);
  const targets = tf.slice(ids, [0, 1], [b, t - 1]);
  const mask = tf.cast(tf.slice(targetMask, [0, 1], [b, t - 1]), 'float32');
  const logp = tf.logSoftmax(pred, -1);
  const picked = tf.sum(tf.mul(logp, tf.oneHot(tf.cast(targets, 'int32'), v)), -1); // [B, T-1]
  const count = tf.maximum(tf.sum(mask), 1);
  return tf.div(tf.neg(tf.sum(tf.mul(picked, mask))), count) as tfTypes.Scalar;
}
