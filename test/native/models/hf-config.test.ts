import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DecoderShape } from '../../../native/engine/llama.js';
import { configParameterCount } from '../../../native/models/decoder-layout.js';
import { parseModelConfig, readModelConfig, type ModelConfig } from '../../../native/models/hf-config.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { expectAppError, tinyLlamaDir } from './model-fixtures.js';

/** Field values as published in the models' config.json on the Hugging Face Hub. */
const qwen25_05b = {
  architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', hidden_act: 'silu', hidden_size: 896, intermediate_size: 4864,
  num_hidden_layers: 24, num_attention_heads: 14, num_key_value_heads: 2, vocab_size: 151936, max_position_embeddings: 32768,
  rms_norm_eps: 1e-6, rope_theta: 1000000.0, sliding_window: 32768, use_sliding_window: false, tie_word_embeddings: true,
  bos_token_id: 151643, eos_token_id: 151643, torch_dtype: 'bfloat16',
};
const llama32_1b = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 16,
  num_attention_heads: 32, num_key_value_heads: 8, head_dim: 64, vocab_size: 128256, max_position_embeddings: 131072,
  rms_norm_eps: 1e-5, rope_theta: 500000.0, tie_word_embeddings: true, attention_bias: false, mlp_bias: false,
  rope_scaling: { factor: 32.0, high_freq_factor: 4.0, low_freq_factor: 1.0, original_max_position_embeddings: 8192, rope_type: 'llama3' },
  bos_token_id: 128000, eos_token_id: [128001, 128008, 128009], torch_dtype: 'bfloat16',
};
const llama2_7b = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32,
  num_attention_heads: 32, num_key_value_heads: 32, vocab_size: 32000, max_position_embeddings: 4096, rms_norm_eps: 1e-5,
  bos_token_id: 1, eos_token_id: 2, rope_scaling: null, tie_word_embeddings: false, torch_dtype: 'float16',
};
const mistral7b = {
  architectures: ['MistralForCausalLM'], model_type: 'mistral', hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32,
  num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 32000, max_position_embeddings: 32768, rms_norm_eps: 1e-5,
  rope_theta: 10000.0, sliding_window: 4096, bos_token_id: 1, eos_token_id: 2, tie_word_embeddings: false, torch_dtype: 'bfloat16',
};

describe('readModelConfig', () => {
  it('normalizes the real hf-tiny-random-llama config.json', async () => {
    const c = await readModelConfig(tinyLlamaDir);
    expect(c).toEqual<ModelConfig>({
      architecture: 'llama', hiddenSize: 16, intermediateSize: 64, numLayers: 2, numHeads: 4, numKvHeads: 4, headDim: 4,
      vocabSize: 32000, maxPositionEmbeddings: 2048, rmsNormEps: 1e-6, ropeTheta: 10000, ropeScaling: null,
      tieWordEmbeddings: false, attentionBias: false, attentionOutputBias: false, mlpBias: false, slidingWindow: null,
      bosTokenId: 0, eosTokenIds: [1], padTokenId: null, torchDtype: 'float32',
    });
    const shape: DecoderShape = c; // the engine's forward pass takes a ModelConfig as is
    expect(shape.numLayers).toBe(2);
  });

  it('reads qwen2: q/k/v bias, GQA, tied embeddings, sliding window off unless use_sliding_window', () => {
    const c = parseModelConfig(qwen25_05b, 'config.json');
    expect(c).toMatchObject({ architecture: 'qwen2', headDim: 64, numKvHeads: 2, attentionBias: true, attentionOutputBias: false, tieWordEmbeddings: true, ropeTheta: 1e6, slidingWindow: null, eosTokenIds: [151643] });
    expect(configParameterCount(c)).toBe(494_032_768); // Qwen2.5-0.5B's published parameter count
    expect(parseModelConfig({ ...qwen25_05b, use_sliding_window: true }, 'config.json').slidingWindow).toBe(32768);
  });

  it('reads llama 3 rope scaling, explicit head_dim and a list of eos ids', () => {
    const c = parseModelConfig(llama32_1b, 'config.json');
    expect(c.ropeScaling).toEqual({ ropeType: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192 });
    expect(c).toMatchObject({ headDim: 64, numKvHeads: 8, eosTokenIds: [128001, 128008, 128009], bosTokenId: 128000, ropeTheta: 500000 });
    expect(configParameterCount(c)).toBe(1_235_814_400); // Llama-3.2-1B
  });

  it('fills transformers defaults (num_key_value_heads, rope_theta) and counts Llama-2-7B at 6,738,415,616 parameters', () => {
    const c = parseModelConfig(llama2_7b, 'config.json');
    expect(c).toMatchObject({ numKvHeads: 32, headDim: 128, ropeTheta: 10000, ropeScaling: null });
    expect(configParameterCount(c)).toBe(6_738_415_616);
  });

  it('reads mistral with its sliding window, and accepts architectures without model_type', () => {
    expect(parseModelConfig(mistral7b, 'config.json')).toMatchObject({ architecture: 'mistral', slidingWindow: 4096, attentionBias: false, numKvHeads: 8 });
    const { model_type: _drop, ...noType } = mistral7b;
    expect(parseModelConfig(noType, 'config.json').architecture).toBe('mistral');
  });

  it('reads transformers 5 rope_parameters and the newer "dtype" key', () => {
    const { rope_scaling: _r, rope_theta: _t, torch_dtype: _d, ...rest } = llama32_1b;
    const c = parseModelConfig({ ...rest, dtype: 'bfloat16', rope_parameters: { ...llama32_1b.rope_scaling, rope_theta: 500000.0 } }, 'config.json');
    expect(c).toMatchObject({ ropeTheta: 500000, torchDtype: 'bfloat16', ropeScaling: { ropeType: 'llama3', factor: 32 } });
  });

  it('refuses what the engine cannot run, naming config.json', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.json');
    const refuse = async (json: unknown, message: RegExp): Promise<void> => {
      fs.writeFileSync(file, JSON.stringify(json));
      expect((await expectAppError(() => readModelConfig(dir), file)).message).toMatch(message);
    };
    await refuse({ ...llama2_7b, model_type: 'gpt_neox', architectures: ['GPTNeoXForCausalLM'] }, /model_type 'gpt_neox' is not supported \(supported: llama, qwen2, mistral\)/);
    await refuse({ ...llama2_7b, model_type: undefined, architectures: ['BertModel'] }, /found BertModel; supported: llama, qwen2, mistral/);
    await refuse({ ...llama32_1b, rope_scaling: { rope_type: 'yarn', factor: 4 } }, /rope scaling type 'yarn' is not supported/);
    await refuse({ ...llama32_1b, rope_scaling: { rope_type: 'llama3', factor: 8 } }, /llama3 rope scaling needs/);
    await refuse({ ...llama2_7b, hidden_act: 'gelu' }, /hidden_act 'gelu' is not supported/);
    await refuse({ ...llama2_7b, num_key_value_heads: 5 }, /not a multiple of num_key_value_heads 5/);
    await refuse({ ...llama2_7b, hidden_size: 4097 }, /not divisible by num_attention_heads/);
    await refuse({ ...llama2_7b, hidden_size: undefined }, /invalid llama config: hidden_size/);
    await refuse({ ...llama2_7b, vocab_size: '32000' }, /vocab_size/);
    await refuse([1, 2], /not a JSON object/);
    fs.writeFileSync(file, '{"model_type": "llama",');
    expect((await expectAppError(() => readModelConfig(dir), file)).message).toMatch(/not valid JSON/);
  });

  it('reports a missing config.json as MODEL_ERROR naming it', async () => {
    const dir = tempDir();
    const err = await expectAppError(() => readModelConfig(dir), path.join(dir, 'config.json'));
    expect(err.message).toMatch(/missing/);
  });
});
