import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../electron/contract/errors.js';
import { SafetensorsFile } from '../../models/safetensors.js';
import { SafetensorsModelFiles } from '../../models/safetensors-model-files.js';
import { readLoraConfig } from './peft-adapter.js';
import { encodeTensor, writeModelWeights, type PlannedTensor, type WrittenWeights } from './safetensors-stream.js';

/** Files of a Hugging Face folder other than the weights, copied when present. */
export const HF_SIDE_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'chat_template.jinja', 'tokenizer.model', 'vocab.json', 'merges.txt', 'added_tokens.json'];

/** W + scale · (B · A) in F32 with PEFT's A [r, in] and B [out, r], in the same order as the GGUF export's merge. */
export function mergeLoraF32(w: Float32Array, a: Float32Array, b: Float32Array, out: number, inp: number, r: number, scale: number): Float32Array {
  const merged = Float32Array.from(w);
  for (let o = 0; o < out; o++)
    for (let k = 0; k < r; k++) {
      const bv = b[o * r + k]! * scale;
      if (bv === 0) continue;
      const row = o * inp;
      const ak = k * inp;
      for (let i = 0; i < inp; i++) merged[row + i]! += bv * a[ak + i]!;
    }
  return merged;
}

export interface MergedFolder extends WrittenWeights {
  tensors: number;
  merged: number;
  dtypes: string[];
  copied: string[];
}

/**
 * A complete Hugging Face folder with the adapter folded in: every tensor keeps its original dtype
 * (untouched ones are copied byte for byte; merged ones are computed in F32 and rounded back to F16/BF16
 * where the base was half precision, as PEFT's merge_and_unload does in the weight's dtype), streamed one
 * tensor at a time, sharded past `maxShardBytes`; config, tokenizer and generation files copied.
 */
export async function writeMergedFolder(model: string, adapterDir: string | undefined, outDir: string, opts: { maxShardBytes?: number } = {}): Promise<MergedFolder> {
  const files = await SafetensorsModelFiles.open(model);
  let adapter: { file: SafetensorsFile; scale: number; rank: number } | null = null;
  if (adapterDir) {
    const c = await readLoraConfig(adapterDir);
    adapter = { file: await SafetensorsFile.open(path.join(adapterDir, 'adapter_model.safetensors')), scale: c.lora_alpha / c.r, rank: c.r };
  }
  const loraOf = (name: string) => `base_model.model.${name.replace(/\.weight$/, '')}`;
  const used = new Set<string>();
  const planned: PlannedTensor[] = files.names().map((name) => {
    const info = files.info(name);
    return { name, dtype: info.dtype, shape: info.shape };
  });
  let merged = 0;
  const written = await writeModelWeights(outDir, planned, async (t) => {
    const key = loraOf(t.name);
    if (!adapter || t.shape.length !== 2 || !adapter.file.has(`${key}.lora_A.weight`)) return files.files.find((f) => f.has(t.name))!.readBytes(t.name);
    const [out, inp] = t.shape as [number, number];
    used.add(`${key}.lora_A.weight`).add(`${key}.lora_B.weight`);
    merged++;
    const w = mergeLoraF32(await files.read(t.name), await adapter.file.read(`${key}.lora_A.weight`), await adapter.file.read(`${key}.lora_B.weight`), out, inp, adapter.rank, adapter.scale);
    return encodeTensor(w, t.dtype);
  }, opts);
  const unused = adapter ? adapter.file.names().filter((n) => !used.has(n)) : [];
  if (unused.length) throw new AppError('EXPORT_ERROR', `the adapter has tensors no base weight takes: ${unused.slice(0, 3).join(', ')}${unused.length > 3 ? ', …' : ''}`, { tensors: unused });
  const copied: string[] = [];
  for (const f of HF_SIDE_FILES) {
    try {
      await fs.copyFile(path.join(model, f), path.join(outDir, f));
      copied.push(f);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  if (!copied.includes('config.json')) throw new AppError('EXPORT_ERROR', `${model} has no config.json to copy`);
  return { ...written, tensors: planned.length, merged, dtypes: [...new Set(planned.map((p) => p.dtype))], copied };
}
