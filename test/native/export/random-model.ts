import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/fixtures.js';
import { writeTinyDecoder } from '../../helpers/tiny-decoder.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');

/** A random llama- or qwen2-shaped model 256 wide (k-quant rows fit), sharing the demo model's tokenizer. */
export async function randomModel(dir: string, modelType: 'llama' | 'qwen2'): Promise<string> {
  const folder = path.join(dir, modelType);
  const vocab = (JSON.parse(fs.readFileSync(path.join(DEMO, 'config.json'), 'utf8')) as { vocab_size: number }).vocab_size;
  await writeTinyDecoder(folder, { modelType, vocab, hidden: 256, heads: 4, kvHeads: 2, intermediate: 512, layers: 2, std: 0.02, seed: modelType === 'qwen2' ? 21 : 22 });
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(DEMO, f), path.join(folder, f));
  return folder;
}
