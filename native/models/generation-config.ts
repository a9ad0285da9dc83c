import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errorText, modelError } from './model-error.js';

/** The decoding defaults a model ships in generation_config.json (transformers' GenerationConfig), when present. */
export interface GenerationConfig {
  bosTokenId?: number;
  eosTokenIds?: number[];
  padTokenId?: number;
  doSample?: boolean;
  temperature?: number;
  topP?: number;
  topK?: number;
  repetitionPenalty?: number;
  maxNewTokens?: number;
}

const id = z.number().int().nonnegative();
const GenerationJson = z.object({
  bos_token_id: id.nullish(),
  eos_token_id: z.union([id, z.array(id)]).nullish(),
  pad_token_id: id.nullish(),
  do_sample: z.boolean().nullish(),
  temperature: z.number().nonnegative().nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().nonnegative().nullish(),
  repetition_penalty: z.number().positive().nullish(),
  max_new_tokens: z.number().int().positive().nullish(),
});

/** Reads `dir`/generation_config.json; null when the folder has none (it is optional). */
export async function readGenerationConfig(dir: string): Promise<GenerationConfig | null> {
  const file = path.join(dir, 'generation_config.json');
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw modelError(file, `cannot read (${errorText(err)})`);
  }
  const parsed = GenerationJson.safeParse(json);
  if (!parsed.success) throw modelError(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const g = parsed.data;
  const out: GenerationConfig = {};
  // Only what the file sets: an absent field means "use the generator's default", not a value.
  if (g.bos_token_id != null) out.bosTokenId = g.bos_token_id;
  if (g.eos_token_id != null) out.eosTokenIds = Array.isArray(g.eos_token_id) ? g.eos_token_id : [g.eos_token_id];
  if (g.pad_token_id != null) out.padTokenId = g.pad_token_id;
  if (g.do_sample != null) out.doSample = g.do_sample;
  if (g.temperature != null) out.temperature = g.temperature;
  if (g.top_p != null) out.topP = g.top_p;
  if (g.top_k != null) out.topK = g.top_k;
  if (g.repetition_penalty != null) out.repetitionPenalty = g.repetition_penalty;
  if (g.max_new_tokens != null) out.maxNewTokens = g.max_new_tokens;
  return out;
}
