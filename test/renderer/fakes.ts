import type { CallResult } from '../../electron/contract/errors.js';
import type { Job, JobLog } from '../../electron/contract/jobs.js';
import type { SystemSample } from '../../electron/contract/system.js';
import { createStudioClient, type StudioClient } from '../../renderer/client/client';
import type { ConnectionState, Transport } from '../../renderer/client/transport';

type Handler = (req: unknown) => unknown;

/**
 * A transport whose calls are answered by per-name handlers (a thrown AppError-like shape becomes an
 * {ok:false} result) and whose events and connection state the test drives.
 */
export class FakeTransport implements Transport {
  readonly calls: { name: string; req: unknown }[] = [];
  readonly handlers = new Map<string, Handler>();
  private readonly eventCbs = new Set<(event: string, payload: unknown) => void>();
  private readonly stateCbs = new Set<(state: ConnectionState) => void>();
  state: ConnectionState = 'connected';

  async call(name: string, req: unknown): Promise<CallResult<unknown>> {
    this.calls.push({ name, req });
    const handler = this.handlers.get(name);
    if (!handler) return { ok: true, data: name.startsWith('events:') ? { subscribed: name === 'events:subscribe' } : null };
    try {
      return { ok: true, data: await handler(req) };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (e.code) return { ok: false, error: { code: e.code as 'INTERNAL_ERROR', message: e.message ?? '' } };
      throw err;
    }
  }

  onEvent(cb: (event: string, payload: unknown) => void): () => void {
    this.eventCbs.add(cb);
    return () => this.eventCbs.delete(cb);
  }

  onConnection(cb: (state: ConnectionState) => void): () => void {
    this.stateCbs.add(cb);
    cb(this.state);
    return () => this.stateCbs.delete(cb);
  }

  close(): void {}

  emit(event: string, payload: unknown): void {
    for (const cb of this.eventCbs) cb(event, payload);
  }

  setState(state: ConnectionState): void {
    this.state = state;
    for (const cb of this.stateCbs) cb(state);
  }

  callsNamed(name: string): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.req);
  }
}

export function fakeClient(): { transport: FakeTransport; client: StudioClient } {
  const transport = new FakeTransport();
  return { transport, client: createStudioClient(transport) };
}

/** Lets queued promise callbacks (subscription chains, awaited calls) run. */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

export function job(over: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    kind: 'selftest',
    state: 'queued',
    spec: { size: 512 },
    progress: 0,
    message: null,
    result: null,
    error: null,
    createdAt: 1_700_000_000_000,
    startedAt: null,
    finishedAt: null,
    ...over,
  };
}

export function sample(t: number, over: Partial<SystemSample> = {}): SystemSample {
  return {
    t,
    cpuPercent: 10,
    memUsedBytes: 4e9,
    memTotalBytes: 16e9,
    gpus: [],
    diskFreeBytes: 100e9,
    diskTotalBytes: 500e9,
    ...over,
  };
}

export function log(t: number, message: string, jobId = 'job-1'): JobLog {
  return { jobId, t, level: 'INFO', message };
}
