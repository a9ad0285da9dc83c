import fs from 'node:fs';
import path from 'node:path';
import { Rng } from '../../native/engine/rng.js';
import { writeSafetensors, type F32TensorToWrite } from '../../native/models/safetensors-writer.js';

export interface TinyDecoderOptions {
  modelType?: 'llama' | 'qwen2' | 'mistral';
  vocab?: number;
  hidden?: number;
  layers?: number;
  heads?: number;
  kvHeads?: number;
  intermediate?: number;
  tie?: boolean;
  seed?: number;
  /** Standard deviation of the random weights; larger than HF's 0.02 so a tiny model can learn fast. */
  std?: number;
}

/** Writes a random Llama-family model folder (config.json + model.safetensors) for tests. */
export async function writeTinyDecoder(dir: string, o: TinyDecoderOptions = {}): Promise<void> {
  const modelType = o.modelType ?? 'llama';
  const vocab = o.vocab ?? 64;
  const hidden = o.hidden ?? 32;
  const layers = o.layers ?? 2;
  const heads = o.heads ?? 4;
  const kvHeads = o.kvHeads ?? 2;
  const inter = o.intermediate ?? 64;
  const hd = hidden / heads;
  const rng = new Rng(o.seed ?? 1);
  const std = o.std ?? 0.2;
  const tensors: F32TensorToWrite[] = [];
  const add = (name: string, shape: number[], data?: Float32Array) =>
    tensors.push({ name, dtype: 'F32', shape, data: data ?? rng.normal(shape.reduce((a, b) => a * b, 1), std) });
  add('model.embed_tokens.weight', [vocab, hidden]);
  for (let i = 0; i < layers; i++) {
    const p = `model.layers.${i}.`;
    add(p + 'input_layernorm.weight', [hidden], new Float32Array(hidden).fill(1));
    add(p + 'post_attention_layernorm.weight', [hidden], new Float32Array(hidden).fill(1));
    add(p + 'self_attn.q_proj.weight', [heads * hd, hidden]);
    add(p + 'self_attn.k_proj.weight', [kvHeads * hd, hidden]);
    add(p + 'self_attn.v_proj.weight', [kvHeads * hd, hidden]);
    add(p + 'self_attn.o_proj.weight', [hidden, heads * hd]);
    if (modelType === 'qwen2') {
      add(p + 'self_attn.q_proj.bias', [heads * hd]);
      add(p + 'self_attn.k_proj.bias', [kvHeads * hd]);
      add(p + 'self_attn.v_proj.bias', [kvHeads * hd]);
    }
    add(p + 'mlp.gate_proj.weight', [inter, hidden]);
    add(p + 'mlp.up_proj.weight', [inter, hidden]);
    add(p + 'mlp.down_proj.weight', [hidden, inter]);
  }
  add('model.norm.weight', [hidden], new Float32Array(hidden).fill(1));
  if (!o.tie) add('lm_head.weight', [vocab, hidden]);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      architectures: [modelType === 'qwen2' ? 'Qwen2ForCausalLM' : modelType === 'mistral' ? 'MistralForCausalLM' : 'LlamaForCausalLM'],
      model_type: modelType,
      vocab_size: vocab,
      hidden_size: hidden,
      intermediate_size: inter,
      num_hidden_layers: layers,
      num_attention_heads: heads,
      num_key_value_heads: kvHeads,
      max_position_embeddings: 256,
      rms_norm_eps: 1e-6,
      rope_theta: 10000,
      hidden_act: 'silu',
      tie_word_embeddings: Boolean(o.tie),
      bos_token_id: 1,
      eos_token_id: 2,
      torch_dtype: 'float32',
    }),
  );
  await writeSafetensors(path.join(dir, 'model.safetensors'), tensors);
}
