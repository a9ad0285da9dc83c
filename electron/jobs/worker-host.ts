import { fork, type ChildProcess } from 'node:child_process';
import type { ErrorShape } from '../contract/errors.js';
import { FromWorker, type ToWorker, type WorkerKind } from '../../native/protocol.js';

export interface WorkerHostOptions {
  /** The worker's JavaScript entry (dist/native/worker.js in the app; small fixtures in tests). */
  entry: string;
  /** How long a cancelled worker may take to stop before it is killed. */
  graceMs?: number;
  env?: NodeJS.ProcessEnv;
}

export type WorkerOutcome =
  | { status: 'done'; result: unknown }
  | { status: 'failed'; error: ErrorShape }
  | { status: 'cancelled' };

const STDERR_TAIL_BYTES = 4096;

/** Recognises out-of-memory deaths from what V8 and the allocators print before dying. */
const OOM_PATTERNS = [/heap out of memory/i, /std::bad_alloc/, /Cannot allocate memory/i];

/**
 * One supervised worker process (STYLE.md rule 3): forked per job, spoken to with the worker
 * protocol, stopped by a cancel message and then a kill after a grace period. Every way it can end
 * (done, failed, cancelled, crashed, killed) settles `finished` exactly once.
 */
export class WorkerHandle {
  readonly finished: Promise<WorkerOutcome>;
  private readonly child: ChildProcess;
  private readonly messageListeners: ((msg: FromWorker) => void)[] = [];
  private stderrTail = '';
  private terminal: WorkerOutcome | null = null;
  private cancelRequested = false;
  private killTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: WorkerHostOptions) {
    this.child = fork(opts.entry, [], {
      // Inside Electron, process.execPath is the Electron binary; this makes it behave as Node.
      env: { ...process.env, ...opts.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child.stdout?.on('data', () => undefined);
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    this.child.on('message', (raw) => this.onRaw(raw));
    this.finished = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.terminal ??= { status: 'failed', error: { code: 'INTERNAL_ERROR', message: `Worker could not start: ${err.message}` } };
      });
      this.child.on('exit', (code, signal) => {
        if (this.killTimer) clearTimeout(this.killTimer);
        resolve(this.outcome(code, signal));
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  onMessage(listener: (msg: FromWorker) => void): void {
    this.messageListeners.push(listener);
  }

  start(kind: WorkerKind, spec: unknown): void {
    this.post({ type: 'start', kind, spec });
  }

  /** Asks the worker to stop; kills it if it has not exited after the grace period. */
  cancel(): Promise<WorkerOutcome> {
    if (!this.cancelRequested) {
      this.cancelRequested = true;
      this.post({ type: 'cancel' });
      this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), this.opts.graceMs ?? 2000);
    }
    return this.finished;
  }

  /** Kills at once (app shutdown). */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  private post(msg: ToWorker): void {
    if (this.child.connected) this.child.send(msg);
  }

  private onRaw(raw: unknown): void {
    const parsed = FromWorker.safeParse(raw);
    if (!parsed.success) {
      this.stderrTail += `\n[main] invalid worker message: ${parsed.error.issues[0]?.message ?? 'unknown'}`;
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'done') this.terminal ??= { status: 'done', result: msg.result };
    if (msg.type === 'failed') {
      this.terminal ??=
        msg.code === 'CANCELLED' ? { status: 'cancelled' } : { status: 'failed', error: { code: msg.code, message: msg.message, details: msg.details } };
    }
    for (const l of this.messageListeners) l(msg);
  }

  private outcome(code: number | null, signal: NodeJS.Signals | null): WorkerOutcome {
    if (this.terminal?.status === 'done' && code === 0) return this.terminal;
    if (this.cancelRequested) return { status: 'cancelled' };
    if (this.terminal && this.terminal.status !== 'done') return this.terminal;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const tail = this.stderrTail.trim().split('\n').slice(-5).join('\n');
    const oom = OOM_PATTERNS.some((p) => p.test(this.stderrTail));
    return {
      status: 'failed',
      error: {
        code: oom ? 'RESOURCE_EXHAUSTED' : 'INTERNAL_ERROR',
        message: oom
          ? `The worker ran out of memory and ${how}. Try a smaller batch size or sequence length.`
          : `The worker ${how} before finishing${tail ? `: ${tail.split('\n').pop()}` : ''}`,
        details: { exitCode: code, signal, stderr: tail || undefined },
      },
    };
  }
}

export function spawnWorker(opts: WorkerHostOptions): WorkerHandle {
  return new WorkerHandle(opts);
}
