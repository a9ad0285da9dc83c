import { configParameterCount, PROJECTIONS, projectionShape, type Projection } from './decoder-layout.js';
import type { ModelConfig } from './hf-config.js';

export interface TrainingMemoryOptions {
  method: 'lora' | 'full';
  /** LoRA rank r (ignored for full fine-tuning). */
  rank: number;
  batchSize: number;
  seqLen: number;
  /** Bytes per base weight as held in memory: 4 for F32, 2 for F16/BF16. */
  bytesPerParam: number;
  /** Bytes per saved activation; 4 because the engine computes in F32. */
  bytesPerActivation?: number;
  /** Projections that get LoRA adapters; all seven by default (the "all-linear" recipe). */
  targetModules?: readonly Projection[];
}

export interface TrainingMemoryEstimate {
  totalParams: number;
  trainableParams: number;
  weightsBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  /**
   * Extra copies the TF.js engine keeps: for LoRA the transpose of every frozen projection (made on
   * the first backward pass for fast gradients, native/engine/fast-matmul.ts), and a tied model's
   * output head (the embedding transposed) unless the embedding itself trains.
   */
  engineCopiesBytes: number;
  activationBytes: number;
  /**
   * What the worker process needs beyond the tensors counted above, measured (wasm backend with the
   * SGEMM add-on; test/native/engine/training-rss.test.ts checks it against peak RSS): Node and
   * TF.js themselves, allocator slack on the held tensors, and the backward pass's transients, which
   * TF.js keeps at several times the textbook activation count (the wasm heap never shrinks, so the
   * peak stays resident).
   */
  runtimeBytes: number;
  totalBytes: number;
}

/** Node + TF.js wasm loaded and the runtime's own allocations on a first step (measured: 150 MB). */
const RUNTIME_BASE_BYTES = 150 * 2 ** 20;
/** Allocator and loading slack on the tensors held for the whole run (measured: +19%). */
const HELD_SLACK = 0.19;
/** Transient memory of a training step beyond the saved activations (measured: 5.5x them). */
const TRANSIENT_PER_ACTIVATION = 5.5;

/** LoRA adds A [r, in] and B [out, r] beside each adapted [out, in] projection: r * (in + out) parameters. */
export function loraParameterCount(config: ModelConfig, rank: number, targets: readonly Projection[] = PROJECTIONS): number {
  const perLayer = targets.reduce((sum, p) => {
    const [out, inp] = projectionShape(config, p);
    return sum + rank * (inp + out);
  }, 0);
  return perLayer * config.numLayers;
}

/**
 * A planning estimate of training memory, in bytes. With P base parameters, T trainable ones, batch b,
 * sequence s, hidden h, intermediate I, heads nH, q width qd = nH*hd, k/v width kvd = nKV*hd, vocab V:
 *
 *   weights     = P * bytesPerParam            (+ T * 4 for LoRA adapters, kept in F32)
 *   gradients   = T * bytesPerParam (full)     or T * 4 (LoRA)
 *   optimizer   = T * 2 * 4                    AdamW's first and second moments, F32
 *   activations = bytesPerActivation * [ L * (b*s*(6h + 3qd + 3kvd + 4I + r*adapters) + 2*b*nH*s^2)
 *                                        + b*s*(3h + 2V) ]
 *
 * Per layer, autodiff keeps for the backward pass: the residual input, the two RMSNorm outputs, the
 * o_proj and down_proj outputs and the second residual (6h); q, q after RoPE and the attention output
 * (3qd); k, v and k after RoPE (3kvd); gate, up, silu(gate) and their product (4I); each adapter's
 * x*A (r); and the attention scores and softmax probabilities (2 * nH * s per token, hence s^2).
 * Outside the layers: the embedding output and the final norm's input and output (3h), the logits and
 * the log-softmax of the loss (2V). Without activation recomputation (Korthikanti et al. 2022 count
 * the same terms for GPT); no mixed-precision master copy is counted because the engine trains in F32.
 * On top of that textbook count, runtimeBytes adds what the worker was measured to need besides.
 */
export function trainingMemoryEstimate(config: ModelConfig, opts: TrainingMemoryOptions): TrainingMemoryEstimate {
  const targets = opts.targetModules ?? PROJECTIONS;
  const actBytes = opts.bytesPerActivation ?? 4;
  const totalParams = configParameterCount(config);
  const lora = opts.method === 'lora';
  const trainableParams = lora ? loraParameterCount(config, opts.rank, targets) : totalParams;

  const weightsBytes = totalParams * opts.bytesPerParam + (lora ? trainableParams * 4 : 0);
  const gradientBytes = trainableParams * (lora ? 4 : opts.bytesPerParam);
  const optimizerBytes = trainableParams * 2 * 4;
  const projectionParams = config.numLayers * PROJECTIONS.reduce((sum, p) => {
    const [out, inp] = projectionShape(config, p);
    return sum + out * inp;
  }, 0);
  const head = config.vocabSize * config.hiddenSize;
  // LoRA: every frozen matrix's transpose, the output head's included; a tied head is also its own
  // tensor (the embedding transposed). Full fine-tuning keeps no copies.
  const engineCopiesBytes = lora ? (projectionParams + head + (config.tieWordEmbeddings ? head : 0)) * opts.bytesPerParam : 0;

  const { hiddenSize: h, intermediateSize: inter, numHeads: nH, vocabSize: v } = config;
  const qd = nH * config.headDim;
  const kvd = config.numKvHeads * config.headDim;
  const tokens = opts.batchSize * opts.seqLen;
  const adapterWidth = lora ? opts.rank * targets.length : 0;
  const perLayer = tokens * (6 * h + 3 * qd + 3 * kvd + 4 * inter + adapterWidth) + 2 * opts.batchSize * nH * opts.seqLen * opts.seqLen;
  const activationBytes = actBytes * (config.numLayers * perLayer + tokens * (3 * h + 2 * v));
  const held = weightsBytes + gradientBytes + optimizerBytes + engineCopiesBytes;
  const runtimeBytes = Math.round(RUNTIME_BASE_BYTES + HELD_SLACK * held + TRANSIENT_PER_ACTIVATION * activationBytes);

  return {
    totalParams,
    trainableParams,
    weightsBytes,
    gradientBytes,
    optimizerBytes,
    engineCopiesBytes,
    activationBytes,
    runtimeBytes,
    totalBytes: held + activationBytes + runtimeBytes,
  };
}
