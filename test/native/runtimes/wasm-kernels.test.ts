import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadTf } from '../../../native/runtimes/tfjs.js';

/** The wasm UnsortedSegmentSum kernel against the pure-JS cpu backend, through the gradient of an embedding lookup. */
describe('wasm training kernels', () => {
  it('gives the same embedding-lookup gradient as the cpu backend, repeated ids included', async () => {
    await loadTf('wasm');
    const table = Array.from({ length: 7 * 3 }, (_, i) => Math.sin(i));
    const ids = [[1, 4, 4], [0, 6, 1]];
    const upstream = Array.from({ length: 2 * 3 * 3 }, (_, i) => Math.cos(i * 0.7));
    const grad = async (backend: string) => {
      await tf.setBackend(backend);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor2d(ids, undefined, 'int32')), tf.tensor3d(upstream, [2, 3, 3]))));
      return Array.from(await g(tf.tensor2d(table, [7, 3])).data());
    };
    const onWasm = await grad('wasm');
    const onCpu = await grad('cpu');
    expect(onWasm).toEqual(onCpu);
    expect(onWasm.slice(2 * 3, 3 * 3)).toEqual([0, 0, 0]); // id 2 never looked up
    await tf.setBackend('wasm');
  });
});
