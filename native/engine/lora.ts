import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../runtimes/tfjs.js';
import type { DecoderWeights, ProjectionName } from './llama.js';
import { PROJECTIONS } from './llama.js';
import type { Rng } from './rng.js';

export interface LoraConfig {
  rank: number;
  alpha: number;
  dropout: number;
  targets: readonly ProjectionName[];
}

export const LORA_DEFAULTS: LoraConfig = { rank: 8, alpha: 16, dropout: 0, targets: PROJECTIONS };

/** PEFT's key for one adapter matrix, so saved adapters load in PEFT (`...q_proj.lora_A.weight`). */
export function loraKey(layer: number, proj: ProjectionName, which: 'A' | 'B'): string {
  const module = proj === 'gate' || proj === 'up' || proj === 'down' ? `mlp.${proj}_proj` : `self_attn.${proj}_proj`;
  return `base_model.model.model.layers.${layer}.${module}.lora_${which}.weight`;
}

/**
 * Adds trainable LoRA pairs to every targeted projection and returns them by PEFT key. As PEFT
 * initialises them: A ~ U(-1/sqrt(in), 1/sqrt(in)) (kaiming_uniform with a = sqrt(5)), B = 0, so
 * the model starts exactly as the base model. Variables hold A as [in, r] and B as [r, out].
 */
export function attachLora(tf: Tf, weights: DecoderWeights, cfg: LoraConfig, rng: Rng): Map<string, tfTypes.Variable> {
  const params = new Map<string, tfTypes.Variable>();
  const scale = cfg.alpha / cfg.rank;
  weights.layers.forEach((layer, i) => {
    layer.adapters = {};
    for (const proj of cfg.targets) {
      const [inDim, outDim] = layer[proj].shape;
      const bound = 1 / Math.sqrt(inDim);
      const init = new Float32Array(inDim * cfg.rank);
      for (let j = 0; j < init.length; j++) init[j] = (rng.next() * 2 - 1) * bound;
      const a = tf.variable(tf.tensor2d(init, [inDim, cfg.rank]), true);
      const b = tf.variable(tf.zeros([cfg.rank, outDim]), true);
      layer.adapters[proj] = { a: a as tfTypes.Variable<tfTypes.Rank.R2>, b: b as tfTypes.Variable<tfTypes.Rank.R2>, scale };
      params.set(loraKey(i, proj, 'A'), a);
      params.set(loraKey(i, proj, 'B'), b);
    }
  });
  return params;
}

export function countParameters(params: ReadonlyMap<string, tfTypes.Variable>): number {
  let n = 0;
  for (const p of params.values()) n += p.size;
  return n;
}
