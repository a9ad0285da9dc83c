import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../runtimes/tfjs.js';
import type { DecoderWeights, LayerWeights } from './llama.js';
import { hfName } from './weights.js';

export interface FullTrainable {
  /** Every weight as a trainable variable, keyed by its Hugging Face name. */
  params: Map<string, tfTypes.Variable>;
  /** Names whose engine layout is the transpose of the file's (linear weights and an untied lm_head). */
  transposed: Set<string>;
}

const LAYER_PARTS: [keyof LayerWeights, string, boolean][] = [
  ['inputNorm', 'input_layernorm.weight', false],
  ['postNorm', 'post_attention_layernorm.weight', false],
  ['q', 'self_attn.q_proj.weight', true],
  ['k', 'self_attn.k_proj.weight', true],
  ['v', 'self_attn.v_proj.weight', true],
  ['o', 'self_attn.o_proj.weight', true],
  ['qBias', 'self_attn.q_proj.bias', false],
  ['kBias', 'self_attn.k_proj.bias', false],
  ['vBias', 'self_attn.v_proj.bias', false],
  ['gate', 'mlp.gate_proj.weight', true],
  ['up', 'mlp.up_proj.weight', true],
  ['down', 'mlp.down_proj.weight', true],
];

/**
 * Turns every weight into a trainable variable, in place, for full fine-tuning. A tied lm_head is
 * not a separate parameter: the forward pass derives it from the trained embedding.
 */
export function makeFullTrainable(tf: Tf, w: DecoderWeights): FullTrainable {
  const params = new Map<string, tfTypes.Variable>();
  const transposed = new Set<string>();
  const own = <T extends tfTypes.Tensor>(t: T, name: string, isTransposed: boolean): T => {
    const v = tf.variable(t, true);
    t.dispose();
    params.set(name, v);
    if (isTransposed) transposed.add(name);
    return v as unknown as T;
  };
  w.embed = own(w.embed, hfName.embed, false);
  w.norm = own(w.norm, hfName.norm, false);
  if (w.tied) w.lmHead.dispose();
  else w.lmHead = own(w.lmHead, hfName.lmHead, true);
  w.layers.forEach((layer, i) => {
    for (const [key, part, isTransposed] of LAYER_PARTS) {
      const t = layer[key] as tfTypes.Tensor | undefined;
      if (t) (layer as unknown as Record<string, tfTypes.Tensor>)[key] = own(t, hfName.layer(i, part), isTransposed);
    }
  });
  return { params, transposed };
}
