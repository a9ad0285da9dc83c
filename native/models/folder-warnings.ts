import { expectedDecoderTensors } from './decoder-layout.js';
import type { GenerationConfig } from './generation-config.js';
import type { ModelConfig } from './hf-config.js';
import type { TensorInfo } from './safetensors.js';
import type { ModelTokenizer, SpecialToken } from './tokenizer.js';

/** "a, b, c and 4 more": long lists stay readable in a warning. */
function list(names: readonly string[], max = 4): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * Compares the weights with the tensors config.json implies. transformers would refuse a missing or
 * mis-shaped tensor at load time (or silently initialise it randomly), so each is worth saying.
 */
export function tensorLayoutWarnings(config: ModelConfig, tensors: ReadonlyMap<string, TensorInfo>): string[] {
  const warnings: string[] = [];
  const expected = expectedDecoderTensors(config);
  const expectedNames = new Set(expected.map((t) => t.name));
  const missing = expected.filter((t) => !tensors.has(t.name)).map((t) => t.name);
  const misshapen = expected.flatMap((t) => {
    const actual = tensors.get(t.name);
    return actual && actual.shape.join(',') !== t.shape.join(',') ? [`${t.name} is [${actual.shape}] but config.json implies [${t.shape}]`] : [];
  });
  // rotary_emb.inv_freq buffers appear in old Llama checkpoints; they are recomputed, so not a flaw.
  const extra = [...tensors.keys()].filter((n) => !expectedNames.has(n) && !n.endsWith('rotary_emb.inv_freq'));
  if (missing.length) warnings.push(`weights lack ${missing.length} tensor(s) that config.json implies: ${list(missing)}`);
  if (misshapen.length) warnings.push(`tensor shapes disagree with config.json: ${list(misshapen, 3)}`);
  if (extra.length) {
    const tiedHint = config.tieWordEmbeddings && extra.includes('lm_head.weight') ? ' (lm_head.weight is stored although tie_word_embeddings is true)' : '';
    warnings.push(`weights hold ${extra.length} tensor(s) a ${config.architecture} model does not use: ${list(extra)}${tiedHint}`);
  }
  return warnings;
}

function describe(tokenizer: ModelTokenizer, id: number): string {
  const token = tokenizer.idToToken(id);
  return token === null ? `${id} (not in the tokenizer)` : `${id} ('${token}' in tokenizer.json)`;
}

function idCheck(what: string, ids: readonly number[], special: SpecialToken | null, role: 'bos' | 'eos', tokenizer: ModelTokenizer): string[] {
  if (!special || special.id === null || ids.length === 0) return [];
  if (ids.includes(special.id)) return [];
  const said = ids.length === 1 ? describe(tokenizer, ids[0]!) : `[${ids.map((i) => describe(tokenizer, i)).join(', ')}]`;
  const effect = role === 'eos' ? 'generation would not stop at the end of a reply' : 'sequences would start with the wrong token';
  return [`${what} ${role}_token_id is ${said}, but the tokenizer's ${role}_token '${special.content}' is id ${special.id}: ${effect}`];
}

/**
 * Disagreements between config.json, generation_config.json and the tokenizer. Real folders carry
 * these (hf-tiny-random-llama: config bos=0/eos=1, tokenizer <s>=1, </s>=2).
 */
export function tokenizerWarnings(config: ModelConfig, tokenizer: ModelTokenizer, generation: GenerationConfig | null): string[] {
  const { bos, eos, pad } = tokenizer.special;
  const warnings = [
    ...idCheck('config.json', config.bosTokenId === null ? [] : [config.bosTokenId], bos, 'bos', tokenizer),
    ...idCheck('config.json', config.eosTokenIds, eos, 'eos', tokenizer),
    ...idCheck('generation_config.json', generation?.bosTokenId === undefined ? [] : [generation.bosTokenId], bos, 'bos', tokenizer),
    ...idCheck('generation_config.json', generation?.eosTokenIds ?? [], eos, 'eos', tokenizer),
  ];
  for (const [role, token] of [['bos', bos], ['eos', eos], ['pad', pad]] as const) {
    if (token && token.id === null) warnings.push(`tokenizer_config.json's ${role}_token '${token.content}' is not in tokenizer.json's vocabulary`);
  }
  if (!eos) warnings.push('tokenizer_config.json names no eos_token: training examples cannot be ended with one');
  if (!pad) warnings.push('tokenizer_config.json names no pad_token: batches will be padded with the eos token');
  if (tokenizer.vocabSize > config.vocabSize) {
    warnings.push(`the tokenizer has ${tokenizer.vocabSize} token ids but config.json's vocab_size is ${config.vocabSize}: ids past it have no embedding row`);
  }
  const ids = [...config.eosTokenIds, ...(config.bosTokenId === null ? [] : [config.bosTokenId])];
  const outside = ids.filter((id) => id >= config.vocabSize);
  if (outside.length) warnings.push(`config.json's special token ids ${outside.join(', ')} are outside vocab_size ${config.vocabSize}`);
  if (tokenizer.chatTemplate === null) warnings.push('no chat template: chat datasets will need a template chosen for them');
  return warnings;
}

/** What config.json says that the engine handles differently. */
export function configWarnings(config: ModelConfig): string[] {
  const warnings: string[] = [];
  if (config.slidingWindow !== null && config.slidingWindow < config.maxPositionEmbeddings) {
    warnings.push(`sliding_window ${config.slidingWindow}: the engine attends to the whole context, which matches only for sequences up to ${config.slidingWindow} tokens`);
  }
  return warnings;
}
