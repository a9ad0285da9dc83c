import { fork, type ChildProcess } from 'node:child_process';
import { AppError } from '../contract/errors.js';
import type { AnswerStats, PlaygroundTarget, WorkerStatus } from '../contract/playground.js';
import { FromPlayground, type GenerateInput, type ToPlayground } from '../../native/protocol.js';

const STDERR_TAIL_BYTES = 4096;

interface Pending {
  onDelta: (delta: string) => void;
  resolve: (answer: { text: string; stats: AnswerStats }) => void;
  reject: (err: AppError) => void;
}

/**
 * One warm playground worker (a sibling of jobs/worker-host.ts): forked for one target, loaded once,
 * then asked for answer after answer. It reports its state through `onStatus`; unloading is a kill,
 * because a loaded model is nothing but memory and there is nothing to save.
 */
export class PlaygroundWorker {
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly pending = new Map<string, Pending>();
  private stderrTail = '';
  private status: WorkerStatus;
  lastUsed = Date.now();
  runtime: string | null = null;

  constructor(
    entry: string,
    readonly target: PlaygroundTarget,
    readonly targetId: string,
    cacheDir: string,
    private readonly onStatus: (s: WorkerStatus) => void,
  ) {
    this.status = { targetId, state: 'loading', progress: 0, message: 'Starting worker', reason: null };
    this.child = fork(entry, [], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    this.ready = new Promise<void>((resolve, reject) => {
      this.child.on('message', (raw) => {
        const parsed = FromPlayground.safeParse(raw);
        if (!parsed.success) return;
        const msg = parsed.data;
        if (msg.type === 'loading') this.setStatus({ state: 'loading', progress: msg.progress, message: msg.message });
        else if (msg.type === 'ready') {
          this.runtime = msg.runtime;
          this.setStatus({ state: this.pending.size ? 'busy' : 'ready', progress: 1, message: `${msg.runtime}, loaded in ${(msg.loadMs / 1000).toFixed(1)} s` });
          resolve();
        } else if (msg.type === 'token') this.pending.get(msg.requestId)?.onDelta(msg.delta);
        else if (msg.type === 'done') this.settle(msg.requestId, (p) => p.resolve({ text: msg.text, stats: msg.stats }));
        else if (msg.type === 'failed') {
          const err = new AppError(msg.code, msg.message);
          if (msg.requestId) this.settle(msg.requestId, (p) => p.reject(err));
          else {
            this.setStatus({ state: 'failed', reason: msg.message });
            reject(err);
          }
        }
      });
      this.child.on('exit', (code, signal) => {
        const tail = this.stderrTail.trim().split('\n').pop() ?? '';
        const why = this.status.reason ?? `worker ${signal ? `killed by ${signal}` : `exited with code ${code}`}${tail ? `: ${tail}` : ''}`;
        const err = new AppError(/out of memory|bad_alloc/i.test(this.stderrTail) ? 'RESOURCE_EXHAUSTED' : 'MODEL_ERROR', why);
        reject(err);
        for (const id of [...this.pending.keys()]) this.settle(id, (p) => p.reject(err));
        if (this.status.state !== 'failed') this.setStatus({ state: 'unloaded', reason: why });
      });
      this.child.on('error', (err) => reject(new AppError('INTERNAL_ERROR', `Playground worker could not start: ${err.message}`)));
    });
    // Nobody may be awaiting `ready` yet; a failure is also reported through the status.
    this.ready.catch(() => undefined);
    this.post({ type: 'load', target, cacheDir });
    onStatus(this.status);
  }

  get state(): WorkerStatus {
    return this.status;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.status.state !== 'unloaded' && this.status.state !== 'failed';
  }

  /** Asks for one answer; resolves when it is complete (or stopped), with the whole text and its stats. */
  async generate(requestId: string, input: GenerateInput, onDelta: (delta: string) => void): Promise<{ text: string; stats: AnswerStats }> {
    this.lastUsed = Date.now();
    const answer = new Promise<{ text: string; stats: AnswerStats }>((resolve, reject) => this.pending.set(requestId, { onDelta, resolve, reject }));
    // If loading fails, `ready` rejects below and the answer is rejected too: nobody else awaits it.
    answer.catch(() => undefined);
    this.setStatus({ state: this.status.state === 'loading' ? 'loading' : 'busy' });
    await this.ready;
    this.post({ type: 'generate', requestId, input });
    return answer;
  }

  stop(requestId: string): void {
    if (this.pending.has(requestId)) this.post({ type: 'stop', requestId });
  }

  /** Unloads: the process and the model in it go away at once. */
  unload(reason: string): void {
    if (this.status.state !== 'failed') this.setStatus({ state: 'unloaded', reason, message: null });
    this.child.kill('SIGKILL');
  }

  private settle(requestId: string, how: (p: Pending) => void): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    this.pending.delete(requestId);
    this.lastUsed = Date.now();
    how(p);
    if (this.status.state === 'busy' && this.pending.size === 0) this.setStatus({ state: 'ready' });
  }

  private setStatus(patch: Partial<WorkerStatus>): void {
    this.status = { ...this.status, ...patch };
    this.onStatus(this.status);
  }

  private post(msg: ToPlayground): void {
    if (this.child.connected) this.child.send(msg);
  }
}

