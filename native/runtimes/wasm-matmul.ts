import os from 'node:os';
import type * as tfTypes from '@tensorflow/tfjs';
import { planMatMul } from './matmul-plan.js';
import { loadNativeSgemm } from './native-sgemm.js';
import type { Tf } from './tfjs.js';

/** The parts of the wasm backend a kernel needs: views of its heap and output allocation. */
interface WasmBackendLike {
  typedArrayFromHeap(t: tfTypes.TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tfTypes.DataType): tfTypes.TensorInfo;
}

/** Two fixed halves suit this app's two-core target; results do not depend on the count. */
const THREADS = Math.min(2, os.availableParallelism());

let active: string | null = null;

/**
 * Replaces the wasm backend's BatchMatMul (what tf.matMul runs, gradients included) with the
 * native AVX2/FMA sgemm working in place on the wasm heap: ~150 GFLOP/s on two threads instead of
 * ~20 (and 1-2 with transpose flags). Calls the add-on cannot take go to the original kernel.
 * _FusedMatMul is left alone: TF.js only dispatches it with a bias or an activation, which the
 * engine never asks for. Returns how matmuls run, for the log line.
 */
export function registerNativeMatMul(tf: Tf): string {
  if (active) return active;
  const load = loadNativeSgemm();
  const original = tf.getKernel('BatchMatMul', 'wasm');
  if (!load.ok || !original) return `wasm built-in (native sgemm ${load.ok ? 'has no kernel to replace' : load.reason})`;
  const { addon } = load;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tfTypes.TensorInfo; b: tfTypes.TensorInfo };
      const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
      const plan = a.dtype === 'float32' && b.dtype === 'float32' ? planMatMul(a.shape, b.shape, transposeA, transposeB) : null;
      if (!plan) return original.kernelFunc(args);
      const backend = args.backend as unknown as WasmBackendLike;
      const out = backend.makeOutput(plan.outShape, 'float32');
      // Views only after makeOutput: its allocation may grow the wasm memory, detaching older views.
      const [av, bv, cv] = [a, b, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
      addon.sgemm(av, bv, cv, plan.batch, plan.m, plan.n, plan.k, transposeA, transposeB, plan.strideA, plan.strideB, THREADS);
      return out;
    },
  });
  active = `native sgemm (AVX2/FMA, ${THREADS} thread${THREADS > 1 ? 's' : ''})`;
  return active;
}

/**
 * Whether tf.matMul's transpose flags cost nothing extra on the current backend: everywhere but
 * on plain wasm, whose flagged BatchMatMul runs at 1-2 GFLOP/s (FACTS.md).
 */
export function transposeFlagsAreFast(tf: Tf): boolean {
  return tf.getBackend() !== 'wasm' || active !== null;
}
