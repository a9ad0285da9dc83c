import { describe, expect, it } from 'vitest';
import { loraParameterCount } from '../../../native/models/training-memory.js';
import { readModelConfig, parseModelConfig } from '../../../native/models/hf-config.js';
import { trainingMemoryEstimate } from '../../../native/models/model-folder.js';
import { configParameterCount } from '../../../native/models/decoder-layout.js';
import { SafetensorsFile } from '../../../native/models/safetensors.js';
import path from 'node:path';
import { tinyLlamaDir } from './model-fixtures.js';

describe('trainingMemoryEstimate', () => {
  it("counts the tiny llama's parameters from config.json exactly as its safetensors header does", async () => {
    const config = await readModelConfig(tinyLlamaDir);
    const header = await SafetensorsFile.open(path.join(tinyLlamaDir, 'model.safetensors'));
    expect(configParameterCount(config)).toBe(header.tensors().reduce((s, t) => s + t.elements, 0));
  });

  it('gives each part for LoRA by the documented formula', async () => {
    const config = await readModelConfig(tinyLlamaDir); // h=16, I=64, L=2, nH=nKV=4, hd=4, V=32000
    // Per layer r*(in+out): q,k,v,o 8*(16+16)=256 each, gate/up/down 8*(16+64)=640 each -> 2944; two layers.
    expect(loraParameterCount(config, 8)).toBe(5888);
    const e = trainingMemoryEstimate(config, { method: 'lora', rank: 8, batchSize: 1, seqLen: 8, bytesPerParam: 4 });
    expect(e.totalParams).toBe(1_032_272);
    expect(e.trainableParams).toBe(5888);
    expect(e.weightsBytes).toBe(1_032_272 * 4 + 5888 * 4);
    expect(e.gradientBytes).toBe(5888 * 4);
    expect(e.optimizerBytes).toBe(5888 * 8);
    // Per layer: b*s*(6h + 3qd + 3kvd + 4I + r*7) + 2*b*nH*s^2 = 8*(96+48+48+256+56) + 2*4*64 = 4544
    // Outside layers: b*s*(3h + 2V) = 8*(48 + 64000) = 512384
    expect(e.activationBytes).toBe(4 * (2 * 4544 + 512_384));
    // The engine's copies: every projection's transpose (2 layers × (4·16·16 + 3·16·64)) and the untied head's (32000·16).
    expect(e.engineCopiesBytes).toBe(4 * (2 * (4 * 256 + 3 * 1024) + 32000 * 16));
    expect(e.totalBytes).toBe(e.weightsBytes + e.gradientBytes + e.optimizerBytes + e.engineCopiesBytes + e.activationBytes + e.runtimeBytes);
    expect(e.runtimeBytes).toBeGreaterThan(e.activationBytes);
  });

  it('scales as expected for full fine-tuning of Llama-2-7B in bf16 (about 12 bytes per parameter before activations)', () => {
    const config = parseModelConfig({
      model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32,
      vocab_size: 32000, max_position_embeddings: 4096,
    }, 'config.json');
    const full = trainingMemoryEstimate(config, { method: 'full', rank: 0, batchSize: 1, seqLen: 512, bytesPerParam: 2 });
    expect(full.trainableParams).toBe(6_738_415_616);
    expect(full.weightsBytes + full.gradientBytes + full.optimizerBytes).toBe(6_738_415_616 * 12);
    const lora = trainingMemoryEstimate(config, { method: 'lora', rank: 16, batchSize: 1, seqLen: 512, bytesPerParam: 2, targetModules: ['q_proj', 'v_proj'] });
    expect(lora.trainableParams).toBe(32 * 2 * 16 * (4096 + 4096)); // PEFT's default q/v targets: 8,388,608
    // LoRA holds well under half: the engine's transposed copies of the frozen weights cost it one more
    // copy. (Activations and the runtime's transients are the same for both at one batch and length.)
    const held = (e: typeof full) => e.weightsBytes + e.gradientBytes + e.optimizerBytes + e.engineCopiesBytes;
    expect(held(lora)).toBeLessThan(held(full) / 2);
    expect(lora.totalBytes).toBeLessThan(full.totalBytes);
    expect(full.engineCopiesBytes).toBe(0);
    // Attention scores grow with s^2: doubling the sequence more than doubles activations.
    const longer = trainingMemoryEstimate(config, { method: 'lora', rank: 16, batchSize: 1, seqLen: 1024, bytesPerParam: 2 });
    const shorter = trainingMemoryEstimate(config, { method: 'lora', rank: 16, batchSize: 1, seqLen: 512, bytesPerParam: 2 });
    expect(longer.activationBytes / shorter.activationBytes).toBeGreaterThan(2);
  });
});
