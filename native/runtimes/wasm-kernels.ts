import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from './tfjs.js';

/** The parts of the wasm backend a JS kernel needs (its typed-array views of the wasm heap). */
interface WasmBackendLike {
  typedArrayFromHeap(t: tfTypes.TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tfTypes.DataType): tfTypes.TensorInfo;
}

let registered = false;

/**
 * Kernels training needs that TF.js's wasm backend lacks, written in JS over the backend's heap
 * (FACTS.md: such a kernel matched the cpu backend exactly). UnsortedSegmentSum is the gradient
 * of gather, i.e. of the embedding lookup, which full fine-tuning trains.
 */
export function registerWasmTrainingKernels(tf: Tf): void {
  if (registered || tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  registered = true;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const wasm = backend as unknown as WasmBackendLike;
      const x = inputs.x as tfTypes.TensorInfo;
      const segmentIds = inputs.segmentIds as tfTypes.TensorInfo;
      const numSegments = (attrs as { numSegments: number }).numSegments;
      // Segment ids index the first axis; every row of x is `inner` values long.
      const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
      const inner = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
      const out = wasm.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
      const xs = wasm.typedArrayFromHeap(x);
      const ids = wasm.typedArrayFromHeap(segmentIds);
      const ys = wasm.typedArrayFromHeap(out);
      ys.fill(0);
      for (let r = 0; r < rows; r++) {
        const seg = ids[r]!;
        if (seg < 0 || seg >= numSegments) continue; // as TF: out-of-range ids are dropped
        const src = r * inner;
        const dst = seg * inner;
        for (let i = 0; i < inner; i++) ys[dst + i]! += xs[src + i]!;
      }
      return out;
    },
  });
}
