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
