import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../electron/contract/errors.js';

/** Runs one llama.cpp request in a child process: a malformed GGUF can abort the process that loads it (FACTS.md). */
function runChild<T>(gguf: string, request: Record<string, unknown>, timeoutMs: number): Promise<T> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // From dist/native/export/ or from native/export/ under vitest: the child is always the built JS.
  const root = here.includes(`${path.sep}dist${path.sep}`) ? path.resolve(here, '..', '..', '..') : path.resolve(here, '..', '..');
  const child = fork(path.join(root, 'dist', 'native', 'runtimes', 'llama-cpp-child.js'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let answered = false;
    child.on('message', (m: { ok: boolean; result?: T; message?: string }) => {
      answered = true;
      if (m.ok) resolve(m.result!);
      else reject(new AppError('EXPORT_ERROR', `llama.cpp could not run ${gguf}: ${m.message}`, { file: gguf }));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!answered) reject(new AppError('EXPORT_ERROR', `llama.cpp died on ${gguf} (${signal ?? `exit ${code}`}) ${stderr.trim().split('\n').pop() ?? ''}`, { file: gguf }));
    });
    child.send({ gguf, ...request });
  });
}

/** Per-position next-token log-probs from llama.cpp for `tokens`. */
export function llamaCppLogProbs(gguf: string, tokens: readonly number[], vocabSize: number, timeoutMs = 120_000): Promise<number[][]> {
  return runChild(gguf, { op: 'logprobs', tokens: [...tokens], vocabSize }, timeoutMs);
}

/** llama.cpp's greedy continuation of each prompt. */
export function llamaCppGreedy(gguf: string, prompts: readonly (readonly number[])[], maxNewTokens: number, stopIds: readonly number[], timeoutMs = 300_000): Promise<number[][]> {
  return runChild(gguf, { op: 'greedy', prompts: prompts.map((p) => [...p]), maxNewTokens, stopIds: [...stopIds] }, timeoutMs);
}

/** Mean and max |a − b| over a log-prob row pair; entries below −40 (probability ~0) are clamped there on both sides. */
export function logProbDiff(a: ArrayLike<number>, b: ArrayLike<number>): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(Math.max(a[i]!, -40) - Math.max(b[i]!, -40));
    sum += d;
    if (d > max) max = d;
  }
  return { mean: a.length ? sum / a.length : 0, max };
}

/** Spread of a log-prob row: its mean absolute deviation, the scale a logit error is measured against. */
export function logProbSpread(a: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < a.length; i++) mean += Math.max(a[i]!, -40);
  mean /= a.length || 1;
  let dev = 0;
  for (let i = 0; i < a.length; i++) dev += Math.abs(Math.max(a[i]!, -40) - mean);
  return dev / (a.length || 1);
}

/**
 * What a GGUF of each type must show against the engine to be kept. F32: every greedy continuation
 * identical (anything else is a bug). Rounded types cannot promise that, so they must (a) load and run
 * in llama.cpp, (b) agree on at least `minFirstToken` of the first generated tokens and `minTokens`
 * of all greedy tokens, and (c) keep the first position's mean |log-prob difference| within
 * `maxRelError` of that row's spread (mean absolute deviation). The bounds sit about twice above
 * what correct encoders measure on the bundled and random test models and far below what a wrong
 * layout, scale or permutation gives (relative error ~1, agreement near chance).
 */
export interface QuantRule {
  minFirstToken: number;
  minTokens: number;
  maxRelError: number;
}

// Measured (4 prompts, 12 new tokens; demo model / random llama / random qwen2 at width 256):
// relative error F16 0.001/0.0007/0.0008, Q8_0 0.023/0.018/0.018, Q6_K 0.023*/0.055/0.052,
// Q5_K_M 0.082/0.095/0.081, Q4_K_M 0.116/0.168/0.183, Q4_0 0.199/0.244/0.251 (*the demo model's
// 64-wide rows fall back to Q8_0). First-token agreement >= 0.75 everywhere; greedy token agreement
// as low as 0.25 (Q4_0, demo): near-ties flip under 4-bit noise and then the continuations diverge.
// Bounds: about twice the worst relative error measured, first-token agreement >= 0.5.
export const QUANT_RULES: Record<'F16' | 'Q8_0' | 'Q6_K' | 'Q5_K_M' | 'Q4_K_M' | 'Q4_0', QuantRule> = {
  F16: { minFirstToken: 0.5, minTokens: 0.5, maxRelError: 0.01 },
  Q8_0: { minFirstToken: 0.5, minTokens: 0.4, maxRelError: 0.05 },
  Q6_K: { minFirstToken: 0.5, minTokens: 0.3, maxRelError: 0.12 },
  Q5_K_M: { minFirstToken: 0.5, minTokens: 0.2, maxRelError: 0.2 },
  Q4_K_M: { minFirstToken: 0.5, minTokens: 0.1, maxRelError: 0.35 },
  Q4_0: { minFirstToken: 0.5, minTokens: 0.1, maxRelError: 0.45 },
};
