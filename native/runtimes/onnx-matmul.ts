import onnxProto from 'onnx-proto';
import { loadOrt } from './onnx.js';

const { onnx } = onnxProto;

/** A one-node ONNX graph Y = A·B with float inputs of shape [n, n] (opset 17). */
export function matmulModel(n: number): Uint8Array {
  const input = (name: string) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: n }, { dimValue: n }] } } },
    });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'finetune-studio-bench',
    graph: {
      name: 'matmul',
      node: [{ opType: 'MatMul', input: ['A', 'B'], output: ['Y'] }],
      input: [input('A'), input('B')],
      output: [input('Y')],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * The machine's best-case float32 matmul rate as onnxruntime (MLAS) reaches it: the yardstick the
 * training benchmark divides by. Best of `reps` runs after one warm-up.
 */
export async function bestMatmulGflops(n = 1024, reps = 5, threads = 0): Promise<number> {
  const ort = loadOrt();
  const session = await ort.InferenceSession.create(matmulModel(n), threads > 0 ? { intraOpNumThreads: threads } : {});
  const a = new ort.Tensor('float32', new Float32Array(n * n).fill(0.5), [n, n]);
  const b = new ort.Tensor('float32', new Float32Array(n * n).fill(0.25), [n, n]);
  await session.run({ A: a, B: b });
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await session.run({ A: a, B: b });
    best = Math.min(best, performance.now() - t0);
  }
  await session.release();
  return (2 * n * n * n) / (best * 1e6);
}
