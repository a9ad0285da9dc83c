import { GenerateSpec } from '../../electron/contract/jobs.js';
import { applyAdapter, mergeAdapters } from '../engine/adapter-io.js';
import { generate, type StopReason } from '../engine/generate.js';
import { loadDecoder } from '../engine/load-model.js';
import { disposeDecoderWeights } from '../engine/weights.js';
import { readGenerationConfig } from '../models/generation-config.js';
import { ModelTokenizer } from '../models/tokenizer.js';
import { loadTf } from '../runtimes/tfjs.js';
import { promptText } from '../engine/sft-examples.js';
import type { TaskContext } from './task.js';

export interface GenerateResult {
  text: string;
  tokens: number;
  stopReason: StopReason;
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
  backend: string;
}

/** Streams a completion from a model (optionally with a LoRA adapter) token by token. */
export async function generateTask(rawSpec: unknown, { signal, report }: TaskContext): Promise<GenerateResult> {
  const spec = GenerateSpec.parse(rawSpec);
  const { tf, backend } = await loadTf(spec.backend);
  const { config, weights } = await loadDecoder(tf, spec.model);
  const tokenizer = await ModelTokenizer.load(spec.model);
  if (spec.adapter) {
    await applyAdapter(tf, weights, spec.adapter);
    if (spec.merge) mergeAdapters(tf, weights);
  }
  const generation = await readGenerationConfig(spec.model);
  const text = spec.chat ? promptText(tokenizer, [{ role: 'user', content: spec.prompt }]) : spec.prompt;
  const ids = tokenizer.encode(text, { addSpecialTokens: !(spec.chat && tokenizer.chatTemplate) });
  const eos = new Set<number>([...(generation?.eosTokenIds ?? []), ...config.eosTokenIds]);
  if (tokenizer.special.eos?.id !== undefined && tokenizer.special.eos?.id !== null) eos.add(tokenizer.special.eos.id);
  const t0 = performance.now();
  let first = 0;
  let out = '';
  let count = 0;
  const stream = generate(tf, config, weights, ids, (g) => tokenizer.decode(g, { skipSpecialTokens: true }), {
    ...spec,
    eosTokenIds: [...eos],
    stopStrings: spec.stop,
    signal,
  });
  let r = await stream.next();
  while (!r.done) {
    if (count === 0) first = performance.now() - t0;
    count++;
    out = r.value.text;
    report.token(r.value.id, out);
    r = await stream.next();
  }
  const seconds = (performance.now() - t0) / 1000;
  disposeDecoderWeights(tf, weights);
  return { text: out, tokens: count, stopReason: r.value, timeToFirstTokenMs: first, tokensPerSecond: count / Math.max(seconds - first / 1000, 1e-9), backend };
}
