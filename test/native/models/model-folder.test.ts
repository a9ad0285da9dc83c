import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectModelFolder, type ModelFolderInfo } from '../../../native/models/model-folder.js';
import { writeSafetensors } from '../../../native/models/safetensors-writer.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { expectAppError, linkShared, qwen3TokenizerDir, tinyLlamaDir } from './model-fixtures.js';

/** A temp model folder holding links to the real tiny-llama files named in `names`. */
function linkedFolder(names: readonly string[]): string {
  const dir = tempDir();
  for (const n of names) linkShared(dir, n);
  return dir;
}

describe('inspectModelFolder on the real hf-tiny-random-llama', () => {
  let info: ModelFolderInfo;
  beforeAll(async () => {
    info = await inspectModelFolder(tinyLlamaDir);
  });

  it('reports config, weights, dtype, parameter count and sizes from headers alone', () => {
    expect(info.config).toMatchObject({ architecture: 'llama', numLayers: 2, hiddenSize: 16, numHeads: 4, vocabSize: 32000, tieWordEmbeddings: false });
    expect(info.files).toEqual(['model.safetensors']);
    expect(info.dtype).toBe('F32');
    expect(info.parameterCount).toBe(1_032_272);
    expect(info.weightsBytes).toBe(4_131_280); // SOURCE.md's byte count
    const onDisk = fs.readdirSync(tinyLlamaDir).reduce((s, n) => s + fs.statSync(path.join(tinyLlamaDir, n)).size, 0);
    expect(info.sizeOnDiskBytes).toBe(onDisk);
    expect(info.hasTokenizer).toBe(true);
    expect(info.chatTemplate).toMatch(/\[INST\]/);
    expect(info.generationConfig).toBeUndefined();
  });

  it("warns that config.json's bos/eos ids (0/1) disagree with the tokenizer's <s>=1 and </s>=2", () => {
    const bos = info.warnings.find((w) => w.includes('bos_token_id'));
    const eos = info.warnings.find((w) => w.includes('eos_token_id'));
    expect(bos).toBe("config.json bos_token_id is 0 ('<unk>' in tokenizer.json), but the tokenizer's bos_token '<s>' is id 1: sequences would start with the wrong token");
    expect(eos).toBe("config.json eos_token_id is 1 ('<s>' in tokenizer.json), but the tokenizer's eos_token '</s>' is id 2: generation would not stop at the end of a reply");
    expect(info.warnings).toHaveLength(2); // and nothing else: the tensors match the config exactly
  });
});

describe('inspectModelFolder on folders with flaws', () => {
  it('reads generation_config.json and checks its eos ids too', async () => {
    const dir = linkedFolder(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
    fs.writeFileSync(path.join(dir, 'generation_config.json'), JSON.stringify({ bos_token_id: 1, eos_token_id: [2, 5], temperature: 0.6, top_p: 0.9, top_k: 50, repetition_penalty: 1.1, max_new_tokens: 64, do_sample: true, transformers_version: '4.42.1' }));
    const info = await inspectModelFolder(dir);
    expect(info.generationConfig).toEqual({ bosTokenId: 1, eosTokenIds: [2, 5], temperature: 0.6, topP: 0.9, topK: 50, repetitionPenalty: 1.1, maxNewTokens: 64, doSample: true });
    expect(info.warnings.filter((w) => w.startsWith('generation_config.json'))).toEqual([]);
    fs.writeFileSync(path.join(dir, 'generation_config.json'), JSON.stringify({ eos_token_id: 7 }));
    expect((await inspectModelFolder(dir)).warnings.some((w) => w.startsWith('generation_config.json eos_token_id is 7'))).toBe(true);
  });

  it('warns about missing, mis-shaped and unexpected tensors against config.json', async () => {
    const dir = linkedFolder(['tokenizer.json', 'tokenizer_config.json']);
    const config = JSON.parse(fs.readFileSync(path.join(tinyLlamaDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, num_hidden_layers: 1, vocab_size: 8, bos_token_id: 1, eos_token_id: 2 }));
    const t = (name: string, shape: number[]) => ({ name, dtype: 'F32' as const, shape, data: new Float32Array(shape.reduce((a, d) => a * d, 1)) });
    await writeSafetensors(path.join(dir, 'model.safetensors'), [
      t('model.embed_tokens.weight', [8, 16]), t('model.norm.weight', [16]), t('model.layers.0.input_layernorm.weight', [16]),
      t('model.layers.0.self_attn.q_proj.weight', [16, 8]), t('model.layers.0.self_attn.rotary_emb.inv_freq', [2]), t('vision_tower.weight', [3]),
    ]);
    const info = await inspectModelFolder(dir);
    expect(info.warnings.find((w) => w.startsWith('weights lack 8 tensor(s)'))).toMatch(/post_attention_layernorm.*and 4 more/);
    expect(info.warnings).toContain('tensor shapes disagree with config.json: model.layers.0.self_attn.q_proj.weight is [16,8] but config.json implies [16,16]');
    expect(info.warnings).toContain('weights hold 1 tensor(s) a llama model does not use: vision_tower.weight');
    expect(info.warnings.some((w) => w.includes('32000 token ids but config.json\'s vocab_size is 8'))).toBe(true);
  });

  it('reports a corrupt tokenizer.json as a warning, with hasTokenizer false', async () => {
    const dir = linkedFolder(['config.json', 'model.safetensors', 'tokenizer_config.json']);
    fs.writeFileSync(path.join(dir, 'tokenizer.json'), '{"truncated": ');
    const info = await inspectModelFolder(dir);
    expect(info.hasTokenizer).toBe(false);
    expect(info.warnings.some((w) => w.includes(path.join(dir, 'tokenizer.json')) && w.includes('not valid JSON'))).toBe(true);
  });

  it('warns that a tokenizer without pad token and chat template leaves choices to the user', async () => {
    const dir = linkedFolder(['config.json', 'model.safetensors', 'tokenizer.json']);
    fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ bos_token: '<s>', eos_token: '</s>' }));
    const { warnings } = await inspectModelFolder(dir);
    expect(warnings.some((w) => w.includes('no pad_token'))).toBe(true);
    expect(warnings.some((w) => w.includes('no chat template'))).toBe(true);
  });

  it('flags a Qwen tokenizer paired with a Llama config (vocab beyond the embedding, eos not in config)', async () => {
    const dir = linkedFolder(['config.json', 'model.safetensors']);
    linkShared(dir, 'tokenizer.json', qwen3TokenizerDir);
    linkShared(dir, 'tokenizer_config.json', qwen3TokenizerDir);
    const { warnings, chatTemplate } = await inspectModelFolder(dir);
    expect(chatTemplate).toMatch(/<\|im_start\|>/);
    expect(warnings.some((w) => w.includes("the tokenizer's eos_token '<|im_end|>' is id 151645"))).toBe(true);
    expect(warnings.some((w) => w.includes("151669 token ids but config.json's vocab_size is 32000"))).toBe(true);
  });

  it('refuses a folder without config.json, naming the file', async () => {
    const dir = linkedFolder(['model.safetensors', 'tokenizer.json']);
    const err = await expectAppError(() => inspectModelFolder(dir), path.join(dir, 'config.json'));
    expect(err.message).toMatch(/missing/);
  });

  it("refuses model_type 'gpt_neox', naming config.json and the supported types", async () => {
    const dir = linkedFolder(['model.safetensors']);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'gpt_neox', architectures: ['GPTNeoXForCausalLM'], hidden_size: 16 }));
    const err = await expectAppError(() => inspectModelFolder(dir), path.join(dir, 'config.json'));
    expect(err.message).toMatch(/'gpt_neox'.*llama, qwen2, mistral/);
  });

  it('refuses a path that is not a folder', async () => {
    const file = path.join(tinyLlamaDir, 'config.json');
    await expectAppError(() => inspectModelFolder(file), file);
  });
});
