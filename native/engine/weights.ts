import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../runtimes/tfjs.js';
import type { DecoderShape, DecoderWeights, LayerWeights } from './llama.js';

export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/** Reads one tensor by its Hugging Face name, or returns null when the file has no such tensor. */
export type TensorSource = (name: string) => HostTensor | null;

export interface WeightLayout {
  intermediateSize: number;
  attentionBias: boolean;
  tieWordEmbeddings: boolean;
}

/** Hugging Face names of a Llama-family checkpoint (LlamaForCausalLM, Qwen2ForCausalLM, MistralForCausalLM). */
export const hfName = {
  embed: 'model.embed_tokens.weight',
  norm: 'model.norm.weight',
  lmHead: 'lm_head.weight',
  layer: (i: number, part: string) => `model.layers.${i}.${part}`,
};

export class MissingTensorError extends Error {
  constructor(readonly tensor: string, readonly expected: number[], readonly found: number[] | null) {
    super(found ? `tensor ${tensor} has shape [${found}], expected [${expected}]` : `tensor ${tensor} is missing`);
  }
}

/**
 * Builds the engine's weights from a checkpoint. Linear weights are transposed once here from
 * HF's [out, in] to [in, out] (see LayerWeights); shapes are checked against the config first.
 */
export function loadDecoderWeights(tf: Tf, shape: DecoderShape, layout: WeightLayout, source: TensorSource): DecoderWeights {
  const { hiddenSize: h, headDim: hd, numHeads, numKvHeads, vocabSize } = shape;
  const take = (name: string, expected: number[]): HostTensor => {
    const t = source(name);
    if (!t || t.shape.length !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
      throw new MissingTensorError(name, expected, t?.shape ?? null);
    }
    return t;
  };
  const vec = (name: string, n: number) => tf.tensor1d(take(name, [n]).data);
  const mat = (name: string, n: number) => tf.tensor2d(take(name, [vocabSize, n]).data, [vocabSize, n]);
  // [out, in] -> [in, out]
  const linear = (name: string, out: number, inp: number) => tf.tidy(() => tf.transpose(tf.tensor2d(take(name, [out, inp]).data, [out, inp])));

  const intermediate = layout.intermediateSize;
  const layers: LayerWeights[] = [];
  for (let i = 0; i < shape.numLayers; i++) {
    const n = (part: string) => hfName.layer(i, part);
    const layer: LayerWeights = {
      inputNorm: vec(n('input_layernorm.weight'), h),
      postNorm: vec(n('post_attention_layernorm.weight'), h),
      q: linear(n('self_attn.q_proj.weight'), numHeads * hd, h) as tfTypes.Tensor2D,
      k: linear(n('self_attn.k_proj.weight'), numKvHeads * hd, h) as tfTypes.Tensor2D,
      v: linear(n('self_attn.v_proj.weight'), numKvHeads * hd, h) as tfTypes.Tensor2D,
      o: linear(n('self_attn.o_proj.weight'), h, numHeads * hd) as tfTypes.Tensor2D,
      gate: linear(n('mlp.gate_proj.weight'), intermediate, h) as tfTypes.Tensor2D,
      up: linear(n('mlp.up_proj.weight'), intermediate, h) as tfTypes.Tensor2D,
      down: linear(n('mlp.down_proj.weight'), h, intermediate) as tfTypes.Tensor2D,
    };
    if (layout.attentionBias) {
      layer.qBias = vec(n('self_attn.q_proj.bias'), numHeads * hd);
      layer.kBias = vec(n('self_attn.k_proj.bias'), numKvHeads * hd);
      layer.vBias = vec(n('self_attn.v_proj.bias'), numKvHeads * hd);
    }
    layers.push(layer);
  }
  const embed = mat(hfName.embed, h);
  const tiedHead = layout.tieWordEmbeddings || source(hfName.lmHead) === null;
  const lmHead = tiedHead ? (tf.transpose(embed) as tfTypes.Tensor2D) : (linear(hfName.lmHead, vocabSize, h) as tfTypes.Tensor2D);
  return { embed, layers, norm: vec(hfName.norm, h), lmHead, tied: tiedHead };
}

export function disposeDecoderWeights(tf: Tf, w: DecoderWeights): void {
  const all: tfTypes.Tensor[] = [w.embed, w.norm, w.lmHead];
  for (const l of w.layers) all.push(...(Object.values(l) as tfTypes.Tensor[]));
  tf.dispose(all);
}
