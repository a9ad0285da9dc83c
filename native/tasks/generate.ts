import { GenerateSpec } from '../../electron/contract/jobs.js';
import { loadChatModel } from '../engine/chat-model.js';
import { generate, type StopReason } from '../engine/generate.js';
import type { TaskContext } from './task.js';

export interface GenerateResult {
  text: string;
  tokens: number;
  stopReason: StopReason;
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
  backend: string;
}

/** Streams a completion from a model (base, with a LoRA adapter, or with it merged) token by token. */
export async function generateTask(rawSpec: unknown, { signal, report }: TaskContext): Promise<GenerateResult> {
  const spec = GenerateSpec.parse(rawSpec);
  const m = await loadChatModel(spec);
  const ids = spec.chat ? m.promptIds([{ role: 'user', content: spec.prompt }]) : m.tokenizer.encode(spec.prompt, { addSpecialTokens: true });
  const t0 = performance.now();
  let first = 0;
  let out = '';
  let count = 0;
  const stream = generate(m.tf, m.config, m.weights, ids, (g) => m.tokenizer.decode(g, { skipSpecialTokens: true }), {
    ...spec,
    eosTokenIds: m.stopIds,
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
  m.dispose();
  return { text: out, tokens: count, stopReason: r.value, timeToFirstTokenMs: first, tokensPerSecond: count / Math.max(seconds - first / 1000, 1e-9), backend: m.backend };
}
