/**
 * npm run bench:train — training speed per available TF.js backend, for the bundled demo model and a
 * ~25M-parameter Llama-shaped config at sequence length 256: tokens/s, step time, achieved model
 * FLOP/s (6 · parameters · tokens, the usual convention), peak RSS, and in the same run the machine's
 * best-case matmul rate through onnxruntime (MatMul 1024³) with the ratio of the two. On wasm the
 * matmuls run on the native sgemm add-on when it is built; FTS_NATIVE_MATMUL=0 measures without it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainExample } from '../engine/batches.js';
import { decoderForward, type DecoderShape } from '../engine/llama.js';
import { loadDecoder } from '../engine/load-model.js';
import { attachLora, LORA_DEFAULTS } from '../engine/lora.js';
import { Rng } from '../engine/rng.js';
import { train } from '../engine/trainer.js';
import { bareTrainerConfig } from './bare-trainer-config.js';
import { disposeDecoderWeights, loadDecoderWeights, type HostTensor } from '../engine/weights.js';
import { bestMatmulGflops } from '../runtimes/onnx-matmul.js';
import { BACKEND_ORDER, loadTf, type Tf } from '../runtimes/tfjs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Case {
  name: string;
  shape: DecoderShape;
  intermediate: number;
  seqLen: number;
  batch: number;
  steps: number;
}

const MEDIUM: Case = {
  name: '~25M llama (h512, 6 layers, vocab 8192)',
  shape: { hiddenSize: 512, numLayers: 6, numHeads: 8, numKvHeads: 4, headDim: 64, vocabSize: 8192, rmsNormEps: 1e-5, ropeTheta: 10000 },
  intermediate: 1408,
  seqLen: 256,
  batch: 1,
  steps: 2,
};

function parameterCount(s: DecoderShape, inter: number): number {
  const attn = s.hiddenSize * s.numHeads * s.headDim * 2 + s.hiddenSize * s.numKvHeads * s.headDim * 2;
  return 2 * s.vocabSize * s.hiddenSize + s.numLayers * (attn + 3 * s.hiddenSize * inter + 2 * s.hiddenSize) + s.hiddenSize;
}

function randomSource(s: DecoderShape, inter: number, seed: number): (name: string) => HostTensor | null {
  const rng = new Rng(seed);
  return (name) => {
    const h = s.hiddenSize;
    const shapes: Record<string, number[]> = {
      q_proj: [s.numHeads * s.headDim, h],
      k_proj: [s.numKvHeads * s.headDim, h],
      v_proj: [s.numKvHeads * s.headDim, h],
      o_proj: [h, s.numHeads * s.headDim],
      gate_proj: [inter, h],
      up_proj: [inter, h],
      down_proj: [h, inter],
    };
    const proj = Object.keys(shapes).find((k) => name.includes(k));
    const shape = name.includes('norm') ? [h] : proj ? shapes[proj]! : [s.vocabSize, h];
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name.includes('norm')) data.fill(1);
    else for (let i = 0; i < data.length; i++) data[i] = (rng.next() - 0.5) * 0.04;
    return { shape, data };
  };
}

function syntheticExamples(n: number, len: number, vocab: number): TrainExample[] {
  const rng = new Rng(7);
  return Array.from({ length: n }, () => ({ ids: Array.from({ length: len }, () => Math.floor(rng.next() * vocab)), targetMask: Array.from({ length: len }, (_, i) => (i < len / 4 ? 0 : 1)) }));
}

async function measure(tf: Tf, c: Case, weights: Parameters<typeof decoderForward>[2], params: number) {
  const lora = attachLora(tf, weights, LORA_DEFAULTS, new Rng(1));
  const data = syntheticExamples(c.batch * (c.steps + 1), c.seqLen, c.shape.vocabSize);
  const times: number[] = [];
  let tokens = 0;
  let peakRss = process.memoryUsage().rss;
  await train(
    tf,
    { shape: c.shape, weights, params: lora },
    { train: data },
    bareTrainerConfig(c.batch, 1e-4),
    {
      onStep: (m) => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (m.step === 1) return; // the first step compiles kernels and allocates
        times.push(m.seconds);
        tokens += m.tokens;
      },
    },
    new AbortController().signal,
  );
  tf.dispose([...lora.values()]);
  const seconds = times.reduce((a, b) => a + b, 0);
  return { stepS: seconds / times.length, tokensPerS: tokens / seconds, gflops: (6 * params * tokens) / seconds / 1e9, peakRssMb: peakRss / 2 ** 20 };
}

function backendMatmulGflops(tf: Tf, n = 1024): number {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  tf.matMul(a, b).dataSync();
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    tf.matMul(a, b).dataSync();
    best = Math.min(best, performance.now() - t0);
  }
  tf.dispose([a, b]);
  return (2 * n ** 3) / (best * 1e6);
}

async function main(): Promise<void> {
  const matmul = await bestMatmulGflops(1024);
  console.log(`best-case matmul (onnxruntime MatMul 1024³, default threads): ${matmul.toFixed(1)} GFLOP/s`);
  for (const backend of BACKEND_ORDER) {
    let tf: Tf;
    let matmulPath: string;
    try {
      ({ tf, matmul: matmulPath } = await loadTf(backend));
    } catch (err) {
      console.log(`${backend}: not available (${(err as Error).message.split('\n')[0]!.slice(0, 120)})`);
      continue;
    }
    console.log(`${backend}: TF.js matMul 1024³ ${backendMatmulGflops(tf).toFixed(1)} GFLOP/s through ${matmulPath} (the built-in wasm kernels run one thread in Node)`);
    const demo = await loadDecoder(tf, path.join(root, 'resources', 'models', 'demo-llama'));
    const demoCase: Case = { name: 'bundled demo-llama', shape: demo.config, intermediate: demo.config.intermediateSize, seqLen: 256, batch: 4, steps: 3 };
    const cases: [Case, Parameters<typeof decoderForward>[2]][] = [
      [demoCase, demo.weights],
      [MEDIUM, await loadDecoderWeights(tf, MEDIUM.shape, { intermediateSize: MEDIUM.intermediate, attentionBias: false, tieWordEmbeddings: false }, randomSource(MEDIUM.shape, MEDIUM.intermediate, 3), () => true)],
    ];
    for (const [c, weights] of cases) {
      const params = parameterCount(c.shape, c.intermediate);
      const r = await measure(tf, c, weights, params);
      console.log(
        `${backend} | ${c.name}: ${(params / 1e6).toFixed(2)}M params, batch ${c.batch} × ${c.seqLen} tokens, LoRA r8 on all projections | ` +
          `step ${r.stepS.toFixed(2)} s, ${r.tokensPerS.toFixed(0)} tokens/s, ${r.gflops.toFixed(2)} GFLOP/s model, peak RSS ${r.peakRssMb.toFixed(0)} MB, ratio to matmul ${(r.gflops / matmul).toFixed(3)}`,
      );
      disposeDecoderWeights(tf, weights);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
