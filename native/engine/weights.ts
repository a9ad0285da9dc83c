import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../runtimes/tfjs.js';
import type { DecoderShape, DecoderWeights, LayerWeights } from './llama.js';

export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/** Reads one tensor by its Hugging Face name, or null when the file has no such tensor. Called once per tensor, so a reader can stream. */
export type TensorSource = (name: string) => Promise<HostTensor | null> | HostTensor | null;

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
export async function loadDecoderWeights(tf: Tf, shape: DecoderShape, layout: WeightLayout, source: TensorSource, has: (name: string) => boolean): Promise<DecoderWeights> {
  const { hiddenSize: h, headDim: hd, numHeads, numKvHeads, vocabSize } = shape;
  const take = async (name: string, expected: number[]): Promise<HostTensor> => {
    const t = await source(name);
    if (!t || t.shape.length !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
      throw new MissingTensorError(name, expected, t?.shape ?? null);
    }
    return t;
  };
  const vec = async (name: string, n: number) => tf.tensor1d((await take(name, [n])).data);
  const mat = async (name: string, n: number) => tf.tensor2d((await take(name, [vocabSize, n])).data, [vocabSize, n]);
  // [out, in] -> [in, out]
  const linear = async (name: string, out: number, inp: number) => {
    const data = (await take(name, [out, inp])).data;
    return tf.tidy(() => tf.transpose(tf.tensor2d(data, [out, inp])) as tfTypes.Tensor2D);
  };

  const intermediate = layout.intermediateSize;
  const layers: LayerWeights[] = [];
  for (let i = 0; i < shape.numLayers; i++) {
    const n = (part: string) => hfName.layer(i, part);
    const layer: LayerWeights = {
      inputNorm: await vec(n('input_layernorm.weight'), h),
      postNorm: await vec(n('post_attention_layernorm.weight'), h),
      q: await linear(n('self_attn.q_proj.weight'), numHeads * hd, h),
      k: await linear(n('self_attn.k_proj.weight'), numKvHeads * hd, h),
      v: await linear(n('self_attn.v_proj.weight'), numKvHeads * hd, h),
      o: await linear(n('self_attn.o_proj.weight'), h, numHeads * hd),
      gate: await linear(n('mlp.gate_proj.weight'), intermediate, h),
      up: await linear(n('mlp.up_proj.weight'), intermediate, h),
      down: await linear(n('mlp.down_proj.weight'), h, intermediate),
    };
    if (layout.attentionBias) {
      layer.qBias = await vec(n('self_attn.q_proj.bias'), numHeads * hd);
      layer.kBias = await vec(n('self_attn.k_proj.bias'), numKvHeads * hd);
      layer.vBias = await vec(n('self_attn.v_proj.bias'), numKvHeads * hd);
    }
    layers.push(layer);
  }
  const embed = await mat(hfName.embed, h);
  const tiedHead = layout.tieWordEmbeddings || !has(hfName.lmHead);
  const lmHead = tiedHead ? (tf.transpose(embed) as tfTypes.Tensor2D) : await linear(hfName.lmHead, vocabSize, h);
  return { embed, layers, norm: await vec(hfName.norm, h), lmHead, tied: tiedHead };
}

export function disposeDecoderWeights(tf: Tf, w: DecoderWeights): void {
  const all: tfTypes.Tensor[] = [w.embed, w.norm, w.lmHead];
  for (const l of w.layers) all.push(...(Object.values(l) as tfTypes.Tensor[]));
  tf.dispose(all);
}
