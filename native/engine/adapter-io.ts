import fs from 'node:fs/promises';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { AppError } from '../../electron/contract/errors.js';
import { SafetensorsFile } from '../models/safetensors.js';
import type { Tf } from '../runtimes/tfjs.js';
import type { DecoderWeights, ProjectionName } from './llama.js';
import { loraKey } from './lora.js';

const FROM_PEFT: Record<string, ProjectionName> = { q_proj: 'q', k_proj: 'k', v_proj: 'v', o_proj: 'o', gate_proj: 'gate', up_proj: 'up', down_proj: 'down' };

/**
 * Applies a PEFT LoRA adapter folder (adapter_config.json + adapter_model.safetensors) to loaded
 * base weights, for generation. PEFT stores A [r, in] and B [out, r]; the engine uses their transposes.
 */
export async function applyAdapter(tf: Tf, weights: DecoderWeights, dir: string): Promise<{ rank: number; alpha: number; targets: ProjectionName[] }> {
  const configFile = path.join(dir, 'adapter_config.json');
  let config: { r?: number; lora_alpha?: number; target_modules?: string[]; peft_type?: string };
  try {
    config = JSON.parse(await fs.readFile(configFile, 'utf8')) as typeof config;
  } catch (err) {
    throw new AppError('MODEL_ERROR', `${configFile}: cannot read the adapter config (${(err as Error).message})`, { file: configFile });
  }
  if (config.peft_type !== 'LORA' || !config.r || !config.lora_alpha || !Array.isArray(config.target_modules)) {
    throw new AppError('MODEL_ERROR', `${configFile}: not a LoRA adapter config (needs peft_type LORA, r, lora_alpha, target_modules)`, { file: configFile });
  }
  const targets = config.target_modules.map((m) => FROM_PEFT[m]).filter((t): t is ProjectionName => t !== undefined);
  const file = await SafetensorsFile.open(path.join(dir, 'adapter_model.safetensors'));
  const scale = config.lora_alpha / config.r;
  for (const [i, layer] of weights.layers.entries()) {
    layer.adapters = {};
    for (const proj of targets) {
      const read = async (which: 'A' | 'B') => {
        const key = loraKey(i, proj, which);
        if (!file.has(key)) throw new AppError('MODEL_ERROR', `${file.file}: missing tensor ${key}`, { file: file.file, tensor: key });
        const info = file.info(key);
        return tf.transpose(tf.tensor2d(await file.read(key), [info.shape[0]!, info.shape[1]!])) as tfTypes.Tensor2D;
      };
      layer.adapters[proj] = { a: await read('A'), b: await read('B'), scale };
    }
  }
  return { rank: config.r, alpha: config.lora_alpha, targets };
}

/** Folds every LoRA pair into its base matrix (W += scale · A · B, engine layout) and drops the adapters. */
export function mergeAdapters(tf: Tf, weights: DecoderWeights): void {
  for (const layer of weights.layers) {
    for (const [proj, pair] of Object.entries(layer.adapters ?? {}) as [ProjectionName, NonNullable<DecoderWeights['layers'][number]['adapters']>[ProjectionName]][]) {
      if (!pair) continue;
      const merged = tf.tidy(() => tf.add(layer[proj], tf.mul(tf.matMul(pair.a, pair.b), pair.scale)) as tfTypes.Tensor2D);
      tf.dispose([layer[proj], pair.a, pair.b]);
      layer[proj] = merged;
    }
    layer.adapters = undefined;
  }
}
