import fs from 'node:fs/promises';
import path from 'node:path';
import { Rng } from '../engine/rng.js';
import { trainBpe, tokenizerJson } from './bpe-trainer.js';
import { writeSafetensors, type F32TensorToWrite } from './safetensors-writer.js';

/**
 * The bundled demo model: a small Llama-architecture decoder in Hugging Face format with a byte-level
 * BPE tokenizer learned from the demo corpus, a ChatML chat template and random weights from a fixed
 * seed. It knows nothing until fine-tuned; `npm run demo` teaches it the demo dataset.
 */
export const DEMO_SHAPE = { hidden: 64, layers: 2, heads: 4, kvHeads: 2, intermediate: 176, maxVocab: 512 } as const;
export const DEMO_SEED = 20261121;
const SPECIALS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'];
const CHATML =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export async function buildDemoModel(dir: string, corpus: readonly string[]): Promise<void> {
  const { hidden, layers, heads, kvHeads, intermediate, maxVocab } = DEMO_SHAPE;
  // Merges stop early when no pair repeats, so the vocabulary is at most maxVocab.
  const bpe = trainBpe(corpus, maxVocab - 256 - SPECIALS.length);
  const vocab = bpe.vocab.size + SPECIALS.length;
  const rng = new Rng(DEMO_SEED);
  const hd = hidden / heads;
  const tensors: F32TensorToWrite[] = [];
  // Larger than Hugging Face's 0.02 init: with frozen random weights, only well-spread embeddings
  // and output rows let a LoRA adapter separate hundreds of tokens in a 64-wide model.
  const add = (name: string, shape: number[], std = 0.15, fill?: number) => {
    const n = shape.reduce((a, b) => a * b, 1);
    tensors.push({ name, dtype: 'F32', shape, data: fill === undefined ? rng.normal(n, std) : new Float32Array(n).fill(fill) });
  };
  add('model.embed_tokens.weight', [vocab, hidden], 1);
  for (let i = 0; i < layers; i++) {
    const p = `model.layers.${i}.`;
    add(`${p}input_layernorm.weight`, [hidden], 0, 1);
    add(`${p}self_attn.q_proj.weight`, [heads * hd, hidden]);
    add(`${p}self_attn.k_proj.weight`, [kvHeads * hd, hidden]);
    add(`${p}self_attn.v_proj.weight`, [kvHeads * hd, hidden]);
    add(`${p}self_attn.o_proj.weight`, [hidden, heads * hd]);
    add(`${p}post_attention_layernorm.weight`, [hidden], 0, 1);
    add(`${p}mlp.gate_proj.weight`, [intermediate, hidden]);
    add(`${p}mlp.up_proj.weight`, [intermediate, hidden]);
    add(`${p}mlp.down_proj.weight`, [hidden, intermediate]);
  }
  add('model.norm.weight', [hidden], 0, 1);
  add('lm_head.weight', [vocab, hidden], 0.5);

  const im = (t: string) => bpe.vocab.size + SPECIALS.indexOf(t);
  await fs.mkdir(dir, { recursive: true });
  const json = (name: string, value: unknown) => fs.writeFile(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  await json('config.json', {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: vocab,
    hidden_size: hidden,
    intermediate_size: intermediate,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    head_dim: hd,
    hidden_act: 'silu',
    max_position_embeddings: 512,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    rope_scaling: null,
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: false,
    bos_token_id: im('<|endoftext|>'),
    eos_token_id: im('<|im_end|>'),
    pad_token_id: im('<|endoftext|>'),
    torch_dtype: 'float32',
  });
  await json('generation_config.json', { eos_token_id: [im('<|im_end|>'), im('<|endoftext|>')], pad_token_id: im('<|endoftext|>'), do_sample: false, max_new_tokens: 32 });
  await json('tokenizer_config.json', {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: null,
    eos_token: '<|im_end|>',
    pad_token: '<|endoftext|>',
    unk_token: null,
    model_max_length: 512,
    add_bos_token: false,
    chat_template: CHATML,
  });
  await json('tokenizer.json', tokenizerJson(bpe, SPECIALS));
  await writeSafetensors(path.join(dir, 'model.safetensors'), tensors, { format: 'pt', seed: String(DEMO_SEED) });
}
