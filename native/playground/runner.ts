import type { AnswerStats } from '../../electron/contract/playground.js';
import type { GenerateInput } from '../protocol.js';

export type StopReason = AnswerStats['stopReason'];

/** One streamed step: the answer so far (already cut before a stop string). */
export interface RunnerStep {
  text: string;
}

/** A loaded target that answers prompts, one at a time. One implementation per runtime. */
export interface Runner {
  /** Shown with every answer, e.g. "engine (wasm)". */
  readonly runtime: string;
  generate(input: GenerateInput, signal: AbortSignal): AsyncGenerator<RunnerStep, StopReason>;
  dispose(): Promise<void>;
}

/** Index of the first stop string in `text`, or -1. */
export function firstStop(text: string, stops: readonly string[]): number {
  let at = -1;
  for (const s of stops) {
    const i = s ? text.indexOf(s) : -1;
    if (i !== -1 && (at === -1 || i < at)) at = i;
  }
  return at;
}

/**
 * The part of `text` that can be sent as final: a trailing U+FFFD is a multi-byte character whose
 * remaining bytes are in the next token, so it is held back until that token arrives.
 */
export function stablePrefix(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0xfffd) end--;
  return text.slice(0, end);
}

export interface StreamOutcome {
  text: string;
  stats: AnswerStats;
}

/**
 * Drives a runner for one prompt: turns its steps into text deltas for `onDelta`, and measures time
 * to first token (from the call, so it includes the prompt's forward pass) and tokens per second
 * over the tokens after the first (the decode rate, as llama.cpp's eval figure is).
 */
export async function streamAnswer(runner: Runner, input: GenerateInput, signal: AbortSignal, onDelta: (delta: string) => void): Promise<StreamOutcome> {
  const t0 = performance.now();
  let first = 0;
  let count = 0;
  let text = '';
  let sent = '';
  const it = runner.generate(input, signal);
  let r = await it.next();
  while (!r.done) {
    count++;
    if (count === 1) first = performance.now();
    text = r.value.text;
    const stable = stablePrefix(text);
    if (stable.startsWith(sent) && stable.length > sent.length) {
      onDelta(stable.slice(sent.length));
      sent = stable;
    }
    // The engine's steps can settle as microtasks only (wasm): yield to the event loop so a `stop`
    // message (a macrotask) is seen between tokens rather than after the whole answer.
    await new Promise<void>((resolve) => setImmediate(resolve));
    r = await it.next();
  }
  const end = performance.now();
  const decodeS = (end - first) / 1000;
  return {
    text,
    stats: {
      tokens: count,
      timeToFirstTokenMs: count ? first - t0 : end - t0,
      tokensPerSecond: count > 1 && decodeS > 0 ? (count - 1) / decodeS : 0,
      stopReason: signal.aborted ? 'cancelled' : r.value,
      runtime: runner.runtime,
    },
  };
}
