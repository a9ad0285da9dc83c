import type { FromWorker } from '../protocol.js';

/** What a task may report; it knows nothing about IPC (the worker entry turns these into messages). */
export interface TaskReporter {
  progress(progress: number, message?: string): void;
  log(level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR', message: string): void;
  metric(name: string, step: number, value: number): void;
  artifact(kind: string, path: string, sha256?: string): void;
  token(id: number, text: string): void;
}

export interface TaskContext {
  signal: AbortSignal;
  report: TaskReporter;
}

export type Task = (spec: unknown, ctx: TaskContext) => Promise<unknown>;

/** Builds a reporter that forwards to `send`, for the worker entry and for tests. */
export function reporterFor(send: (msg: FromWorker) => void): TaskReporter {
  return {
    progress: (progress, message) => send({ type: 'progress', progress: Math.min(1, Math.max(0, progress)), message }),
    log: (level, message) => send({ type: 'log', level, message }),
    metric: (name, step, value) => send({ type: 'metric', name, step, value }),
    artifact: (kind, path, sha256) => send({ type: 'artifact', kind, path, sha256 }),
    token: (id, text) => send({ type: 'token', id, text }),
  };
}
