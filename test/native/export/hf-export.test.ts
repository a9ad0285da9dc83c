import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportSpec } from '../../../electron/contract/exports.js';
import { loadChatModel } from '../../../native/engine/chat-model.js';
import { pairPromptIds, readSftFile } from '../../../native/engine/sft-examples.js';
import { Rng } from '../../../native/engine/rng.js';
import { mergeLoraF32, writeMergedFolder } from '../../../native/export/hf/merged-folder.js';
import { PEFT_KEY, writePeftAdapter } from '../../../native/export/hf/peft-adapter.js';
import { SafetensorsFile } from '../../../native/models/safetensors.js';
import { SafetensorsModelFiles } from '../../../native/models/safetensors-model-files.js';
import { writeSafetensors, type F32TensorToWrite } from '../../../native/models/safetensors-writer.js';
import { exportHf, HF_LOGIT_TOLERANCE } from '../../../native/tasks/export-hf.js';
import { reporterFor } from '../../../native/tasks/task.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');

/** A random LoRA adapter for the demo model as our trainer saves it (PEFT keys, A [r, in], B [out, r]); `keyStyle` 'default' keeps PEFT's in-memory adapter name. */
async function writeAdapter(dir: string, keyStyle: 'saved' | 'default' = 'saved'): Promise<void> {
  const base = await SafetensorsModelFiles.open(DEMO);
  const rng = new Rng(7);
  const r = 4;
  const tensors: F32TensorToWrite[] = [];
  for (let i = 0; i < 2; i++) {
    for (const mod of ['self_attn.q_proj', 'self_attn.v_proj', 'mlp.down_proj']) {
      const [out, inp] = base.info(`model.layers.${i}.${mod}.weight`).shape as [number, number];
      const key = (w: 'A' | 'B') => `base_model.model.model.layers.${i}.${mod}.lora_${w}.${keyStyle === 'default' ? 'default.' : ''}weight`;
      tensors.push({ name: key('A'), dtype: 'F32', shape: [r, inp], data: rng.normal(r * inp, 0.3) });
      tensors.push({ name: key('B'), dtype: 'F32', shape: [out, r], data: rng.normal(out * r, 0.3) });
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  await writeSafetensors(path.join(dir, 'adapter_model.safetensors'), tensors, { format: 'pt' });
  fs.writeFileSync(path.join(dir, 'adapter_config.json'), JSON.stringify({ peft_type: 'LORA', task_type: 'CAUSAL_LM', base_model_name_or_path: DEMO, r, lora_alpha: 8, lora_dropout: 0, target_modules: ['q_proj', 'v_proj', 'down_proj'], bias: 'none' }));
}

const ctx = () => ({ signal: new AbortController().signal, report: reporterFor(() => undefined) });

describe('Hugging Face export', () => {
  it('writes a merged folder and a PEFT adapter that reload and answer like base + adapter', async () => {
    const dir = tempDir('fts-hf-');
    const adapter = path.join(dir, 'adapter-in');
    await writeAdapter(adapter);
    const out = path.join(dir, 'merged');
    const result = await exportHf(ExportSpec.parse({ model: DEMO, adapter, format: 'hf', out, data: DATA, prompts: 4, maxNewTokens: 12 }), ctx());

    expect(fs.readdirSync(dir).sort()).toEqual(['adapter-in', 'merged']);
    expect(fs.readdirSync(out).sort()).toEqual(['adapter', 'config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'validation.json']);
    const [merged, peft] = result.validations;
    expect(merged).toMatchObject({ prompts: 4, identical: 4, tokenAgreement: 1, passed: true });
    expect(merged!.maxAbsLogitDiff!).toBeLessThanOrEqual(HF_LOGIT_TOLERANCE);
    expect(peft).toMatchObject({ identical: 4, maxAbsLogitDiff: 0, passed: true });
    console.log(`HF export: merged vs base+adapter max |Δlogit| ${merged!.maxAbsLogitDiff!.toExponential(2)}, mean ${merged!.meanAbsLogitDiff!.toExponential(2)}`);

    // The merged weights are W + (alpha/r)·B·A, written as F32 with PEFT's {"format": "pt"} metadata.
    const file = await SafetensorsFile.open(path.join(out, 'model.safetensors'));
    expect(file.metadata).toEqual({ format: 'pt' });
    const ad = await SafetensorsFile.open(path.join(adapter, 'adapter_model.safetensors'));
    const base = await SafetensorsFile.open(path.join(DEMO, 'model.safetensors'));
    const [o, i] = base.info('model.layers.1.mlp.down_proj.weight').shape as [number, number];
    const expected = mergeLoraF32(await base.read('model.layers.1.mlp.down_proj.weight'), await ad.read('base_model.model.model.layers.1.mlp.down_proj.lora_A.weight'), await ad.read('base_model.model.model.layers.1.mlp.down_proj.lora_B.weight'), o, i, 4, 2);
    expect(await file.read('model.layers.1.mlp.down_proj.weight')).toEqual(expected);
    expect(await file.readBytes('model.layers.0.mlp.gate_proj.weight')).toEqual(await base.readBytes('model.layers.0.mlp.gate_proj.weight'));

    // The adapter answers differently from the base model: the proof compared something that matters.
    const m = await loadChatModel({ model: DEMO });
    const ids = pairPromptIds(m.tokenizer, (await readSftFile(DATA))[0]!);
    const plain = await m.greedy(ids, 12);
    m.dispose();
    expect(merged!.samples.some((s) => s.engine !== m.tokenizer.decode(plain, { skipSpecialTokens: true }))).toBe(true);
  }, 180_000);

  it('PEFT adapter: PEFT key names, shapes and adapter_config.json fields, from in-memory names too', async () => {
    const dir = tempDir('fts-peft-');
    await writeAdapter(path.join(dir, 'in'), 'default');
    const { tensors } = await writePeftAdapter(path.join(dir, 'in'), await SafetensorsModelFiles.open(DEMO), path.join(dir, 'out'));
    expect(tensors).toBe(12);
    const file = await SafetensorsFile.open(path.join(dir, 'out', 'adapter_model.safetensors'));
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.names()).toContain('base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight');
    for (const name of file.names()) expect(name).toMatch(PEFT_KEY);
    expect(file.info('base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight').shape).toEqual([4, 64]);
    expect(file.info('base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight').shape).toEqual([32, 4]);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ peft_type: 'LORA', task_type: 'CAUSAL_LM', r: 4, lora_alpha: 8, target_modules: ['down_proj', 'q_proj', 'v_proj'], bias: 'none', fan_in_fan_out: false, use_rslora: false, use_dora: false, inference_mode: true });

    // A key PEFT would not load is refused.
    await writeSafetensors(path.join(dir, 'in', 'adapter_model.safetensors'), [{ name: 'layers.0.q.lora_A', dtype: 'F32', shape: [4, 64], data: new Float32Array(256) }]);
    await expect(writePeftAdapter(path.join(dir, 'in'), await SafetensorsModelFiles.open(DEMO), path.join(dir, 'bad'))).rejects.toMatchObject({ code: 'EXPORT_ERROR' });
  });

  it('shards past the size limit with a transformers index, and the sharded folder reloads to the same answers', async () => {
    const dir = tempDir('fts-hf-shards-');
    const adapter = path.join(dir, 'adapter');
    await writeAdapter(adapter);
    const single = path.join(dir, 'single');
    const sharded = path.join(dir, 'sharded');
    fs.mkdirSync(single);
    fs.mkdirSync(sharded);
    await writeMergedFolder(DEMO, adapter, single);
    const written = await writeMergedFolder(DEMO, adapter, sharded, { maxShardBytes: 60_000 });
    expect(written.files.length).toBeGreaterThan(2);
    expect(written.index).toBe('model.safetensors.index.json');
    expect(written.files[0]).toBe(`model-00001-of-${String(written.files.length).padStart(5, '0')}.safetensors`);
    const index = JSON.parse(fs.readFileSync(path.join(sharded, written.index!), 'utf8')) as { metadata: { total_size: number }; weight_map: Record<string, string> };
    expect(index.metadata.total_size).toBe(written.totalBytes);
    expect(Object.keys(index.weight_map).length).toBe(written.tensors);
    const ids = [1, 2, 3, 4, 5];
    const a = await loadChatModel({ model: single });
    const b = await loadChatModel({ model: sharded });
    expect(await b.greedy(ids, 8)).toEqual(await a.greedy(ids, 8));
    a.dispose();
    b.dispose();
  }, 60_000);
});
