import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../electron/contract/errors.js';
import { SafetensorsFile } from '../../models/safetensors.js';
import type { SafetensorsModelFiles } from '../../models/safetensors-model-files.js';
import { writeModelWeights } from './safetensors-stream.js';

/**
 * PEFT's names for a LoRA on a Llama-family model, as PeftModel.save_pretrained writes them (the
 * adapter name "default" is removed on save): base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight,
 * lora_A [r, in], lora_B [out, r].
 */
export const PEFT_KEY = /^base_model\.model\.model\.layers\.(\d+)\.(self_attn\.[qkvo]_proj|mlp\.(?:gate|up|down)_proj)\.lora_([AB])\.weight$/;

export interface LoraAdapterConfig {
  peft_type?: string;
  r?: number;
  lora_alpha?: number;
  lora_dropout?: number;
  target_modules?: string[] | string;
  base_model_name_or_path?: string | null;
  use_rslora?: boolean;
  use_dora?: boolean;
  bias?: string;
  modules_to_save?: string[] | null;
}

export async function readLoraConfig(adapterDir: string): Promise<LoraAdapterConfig & { r: number; lora_alpha: number; target_modules: string[] }> {
  const file = path.join(adapterDir, 'adapter_config.json');
  let c: LoraAdapterConfig;
  try {
    c = JSON.parse(await fs.readFile(file, 'utf8')) as LoraAdapterConfig;
  } catch (err) {
    throw new AppError('EXPORT_ERROR', `${file}: cannot read the adapter config (${(err as Error).message})`, { file });
  }
  if (c.peft_type !== 'LORA' || !c.r || !c.lora_alpha || !Array.isArray(c.target_modules)) throw new AppError('EXPORT_ERROR', `${file}: not a LoRA adapter config (needs peft_type LORA, r, lora_alpha, target_modules as a list)`, { file });
  // The engine and the merge use scale = alpha / r; these variants change that math.
  if (c.use_rslora || c.use_dora) throw new AppError('EXPORT_ERROR', `${file}: rsLoRA/DoRA adapters cannot be merged by this exporter`, { file });
  if ((c.bias && c.bias !== 'none') || (c.modules_to_save && c.modules_to_save.length)) throw new AppError('EXPORT_ERROR', `${file}: adapters with trained biases or modules_to_save are not supported`, { file });
  return c as LoraAdapterConfig & { r: number; lora_alpha: number; target_modules: string[] };
}

/** A PEFT key with the adapter name left in (lora_A.default.weight, as in memory) written as PEFT saves it. */
function peftName(key: string): string {
  return key.replace(/\.lora_([AB])\.[A-Za-z0-9_]+\.weight$/, '.lora_$1.weight');
}

/**
 * Writes `outDir`/adapter_config.json and adapter_model.safetensors in PEFT's layout from our adapter
 * folder, checking every key against PEFT's naming and every shape against the base weights; tensor
 * bytes are copied as they are, with the {"format": "pt"} metadata PEFT writes.
 */
export async function writePeftAdapter(adapterDir: string, base: SafetensorsModelFiles, outDir: string): Promise<{ tensors: number; config: Record<string, unknown> }> {
  const config = await readLoraConfig(adapterDir);
  const file = await SafetensorsFile.open(path.join(adapterDir, 'adapter_model.safetensors'));
  const planned = file.tensors().map((t) => {
    const name = peftName(t.name);
    const m = PEFT_KEY.exec(name);
    if (!m) throw new AppError('EXPORT_ERROR', `${file.file}: tensor ${t.name} is not a PEFT LoRA key for a Llama-family layer`, { tensor: t.name });
    const baseName = `model.layers.${m[1]}.${m[2]}.weight`;
    if (!base.has(baseName)) throw new AppError('EXPORT_ERROR', `${file.file}: ${t.name} adapts ${baseName}, which the base model does not have`, { tensor: t.name });
    const [out, inp] = base.info(baseName).shape as [number, number];
    const want = m[3] === 'A' ? [config.r, inp] : [out, config.r];
    if (t.shape.length !== 2 || t.shape[0] !== want[0] || t.shape[1] !== want[1]) throw new AppError('EXPORT_ERROR', `${file.file}: ${t.name} has shape [${t.shape.join(', ')}], PEFT expects [${want.join(', ')}] for rank ${config.r}`, { tensor: t.name });
    return { source: t.name, name, dtype: t.dtype, shape: t.shape };
  });
  await fs.mkdir(outDir, { recursive: true });
  await writeModelWeights(outDir, planned, (t) => file.readBytes(planned.find((p) => p.name === t.name)!.source), { fileName: 'adapter_model.safetensors', maxShardBytes: Number.MAX_SAFE_INTEGER });
  // The fields LoraConfig.save_pretrained writes for a plain LoRA (others take PEFT's defaults on load).
  const peftConfig: Record<string, unknown> = {
    alpha_pattern: {},
    auto_mapping: null,
    base_model_name_or_path: config.base_model_name_or_path ?? null,
    bias: 'none',
    fan_in_fan_out: false,
    inference_mode: true,
    init_lora_weights: true,
    layers_pattern: null,
    layers_to_transform: null,
    lora_alpha: config.lora_alpha,
    lora_dropout: config.lora_dropout ?? 0,
    modules_to_save: null,
    peft_type: 'LORA',
    r: config.r,
    rank_pattern: {},
    revision: null,
    target_modules: [...config.target_modules].sort(),
    task_type: 'CAUSAL_LM',
    use_dora: false,
    use_rslora: false,
  };
  await fs.writeFile(path.join(outDir, 'adapter_config.json'), `${JSON.stringify(peftConfig, null, 2)}\n`);
  return { tensors: planned.length, config: peftConfig };
}
