import fs from 'node:fs';
import path from 'node:path';
import { Rng } from '../../../native/engine/rng.js';
import { loraKey } from '../../../native/engine/lora.js';
import { readModelConfig } from '../../../native/models/hf-config.js';
import { projectionShape } from '../../../native/models/decoder-layout.js';
import { writeSafetensors, type F32TensorToWrite } from '../../../native/models/safetensors-writer.js';

/** A PEFT LoRA adapter with random A and B (a stand-in fine-tune: it changes every answer). */
export async function writeRandomAdapter(modelDir: string, dir: string, rank = 4, seed = 5): Promise<void> {
  const config = await readModelConfig(modelDir);
  const rng = new Rng(seed);
  const targets = [['q', 'q_proj'], ['v', 'v_proj'], ['down', 'down_proj']] as const;
  const tensors: F32TensorToWrite[] = [];
  for (let l = 0; l < config.numLayers; l++)
    for (const [p, peft] of targets) {
      const [out, inp] = projectionShape(config, peft);
      tensors.push({ name: loraKey(l, p, 'A'), dtype: 'F32', shape: [rank, inp], data: rng.normal(rank * inp, 0.3) });
      tensors.push({ name: loraKey(l, p, 'B'), dtype: 'F32', shape: [out, rank], data: rng.normal(out * rank, 0.3) });
    }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'adapter_config.json'), JSON.stringify({ peft_type: 'LORA', r: rank, lora_alpha: rank * 2, target_modules: targets.map((t) => t[1]) }));
  await writeSafetensors(path.join(dir, 'adapter_model.safetensors'), tensors);
}
