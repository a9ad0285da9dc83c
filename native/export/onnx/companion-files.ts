import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelConfig } from '../../models/hf-config.js';

/** Tokenizer files a Hugging Face folder may carry; whichever exist are copied beside model.onnx. */
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'tokenizer.model', 'vocab.json', 'merges.txt', 'added_tokens.json', 'chat_template.jinja', 'chat_template.json'];

const exists = (file: string) => fs.stat(file).then(() => true, () => false);

/**
 * What a loader needs beside the graph, as Optimum lays a folder out: config.json (the base model's,
 * as is: merging LoRA changes no shape), generation_config.json (copied, or written from config.json's
 * token ids as transformers does when a model has none), and the tokenizer files. Returns the names written.
 */
export async function writeCompanionFiles(modelDir: string, outDir: string, config: ModelConfig): Promise<string[]> {
  const written: string[] = [];
  const copy = async (name: string) => {
    if (!(await exists(path.join(modelDir, name)))) return false;
    await fs.copyFile(path.join(modelDir, name), path.join(outDir, name));
    written.push(name);
    return true;
  };
  await copy('config.json');
  if (!(await copy('generation_config.json'))) {
    const eos = config.eosTokenIds.length === 1 ? config.eosTokenIds[0] : config.eosTokenIds.length ? config.eosTokenIds : undefined;
    const gen = { _from_model_config: true, bos_token_id: config.bosTokenId ?? undefined, eos_token_id: eos, pad_token_id: config.padTokenId ?? undefined };
    await fs.writeFile(path.join(outDir, 'generation_config.json'), `${JSON.stringify(gen, null, 2)}\n`);
    written.push('generation_config.json');
  }
  for (const name of TOKENIZER_FILES) await copy(name);
  return written;
}
