import type { ModelConfig } from './hf-config.js';

/** The seven linear projections of a decoder layer, by their Hugging Face module names. */
export const PROJECTIONS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;
export type Projection = (typeof PROJECTIONS)[number];

export interface ExpectedTensor {
  name: string;
  shape: number[];
}

/** [out, in] of a projection: nn.Linear stores its weight as [out_features, in_features]. */
export function projectionShape(config: ModelConfig, p: Projection): [number, number] {
  const h = config.hiddenSize;
  const q = config.numHeads * config.headDim;
  const kv = config.numKvHeads * config.headDim;
  const i = config.intermediateSize;
  switch (p) {
    case 'q_proj': return [q, h];
    case 'k_proj': return [kv, h];
    case 'v_proj': return [kv, h];
    case 'o_proj': return [h, q];
    case 'gate_proj': return [i, h];
    case 'up_proj': return [i, h];
    case 'down_proj': return [h, i];
  }
}

/**
 * Every tensor a llama / qwen2 / mistral checkpoint holds, with its shape, as transformers names them
 * (LlamaForCausalLM's state_dict: model.embed_tokens, model.layers.N.{self_attn,mlp}.*, model.norm,
 * lm_head). lm_head is absent when the embeddings are tied.
 */
export function expectedDecoderTensors(config: ModelConfig): ExpectedTensor[] {
  const h = config.hiddenSize;
  const out: ExpectedTensor[] = [{ name: 'model.embed_tokens.weight', shape: [config.vocabSize, h] }];
  for (let l = 0; l < config.numLayers; l++) {
    const prefix = `model.layers.${l}`;
    out.push({ name: `${prefix}.input_layernorm.weight`, shape: [h] });
    out.push({ name: `${prefix}.post_attention_layernorm.weight`, shape: [h] });
    for (const p of PROJECTIONS) {
      const module = p === 'gate_proj' || p === 'up_proj' || p === 'down_proj' ? 'mlp' : 'self_attn';
      const shape = projectionShape(config, p);
      out.push({ name: `${prefix}.${module}.${p}.weight`, shape });
      const biased = module === 'mlp' ? config.mlpBias : p === 'o_proj' ? config.attentionOutputBias : config.attentionBias;
      if (biased) out.push({ name: `${prefix}.${module}.${p}.bias`, shape: [shape[0]] });
    }
  }
  out.push({ name: 'model.norm.weight', shape: [h] });
  if (!config.tieWordEmbeddings) out.push({ name: 'lm_head.weight', shape: [config.vocabSize, h] });
  return out;
}

/** Parameters the config implies (the sum of expectedDecoderTensors' elements). */
export function configParameterCount(config: ModelConfig): number {
  return expectedDecoderTensors(config).reduce((sum, t) => sum + t.shape.reduce((a, d) => a * d, 1), 0);
}
