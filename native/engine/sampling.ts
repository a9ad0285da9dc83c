import type { Rng } from './rng.js';

export interface SamplingOptions {
  /** 0 means greedy. */
  temperature: number;
  topK: number; // 0 = off
  topP: number; // 1 = off
  repetitionPenalty: number; // 1 = off
}

export const GREEDY: SamplingOptions = { temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1 };

/**
 * Picks the next token from one position's logits, the way Hugging Face's generate() orders its
 * processors: repetition penalty, temperature, top-k, top-p, then a draw (or argmax when greedy).
 */
export function pickToken(logits: Float32Array, previous: readonly number[], opts: SamplingOptions, rng: Rng): number {
  const l = Float32Array.from(logits);
  if (opts.repetitionPenalty !== 1) {
    for (const id of new Set(previous)) {
      const v = l[id]!;
      // CTRL's rule: shrink positive logits and push negative ones further down.
      l[id] = v < 0 ? v * opts.repetitionPenalty : v / opts.repetitionPenalty;
    }
  }
  if (opts.temperature <= 0) return argmax(l);

  let order = Array.from(l.keys()).sort((a, b) => l[b]! - l[a]!);
  if (opts.topK > 0) order = order.slice(0, opts.topK);
  const max = l[order[0]!]!;
  let probs = order.map((i) => Math.exp((l[i]! - max) / opts.temperature));
  let total = probs.reduce((a, b) => a + b, 0);
  if (opts.topP < 1) {
    let cum = 0;
    let keep = 0;
    while (keep < probs.length && cum < opts.topP * total) cum += probs[keep++]!;
    order = order.slice(0, Math.max(1, keep));
    probs = probs.slice(0, Math.max(1, keep));
    total = probs.reduce((a, b) => a + b, 0);
  }
  let r = rng.next() * total;
  for (let i = 0; i < order.length; i++) {
    r -= probs[i]!;
    if (r <= 0) return order[i]!;
  }
  return order[order.length - 1]!;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
