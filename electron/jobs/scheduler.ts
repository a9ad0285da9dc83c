import { AppError, toErrorShape } from '../contract/errors.js';
import { KINDS_WITH_BACKEND, type Job, type JobKind, type JobLog, type JobMetric, type JobSpec } from '../contract/jobs.js';
import type { EventHub } from '../events/event-hub.js';
import type { Store } from '../store/store.js';
import type { WorkerHandle, WorkerOutcome } from './worker-host.js';

export type WorkerFactory = () => WorkerHandle;

/**
 * What a kind of job needs done in main when it ends: `completed` turns the worker's result into the
 * stored one (moving files into place, writing rows) and may throw to fail the job; `ended` cleans
 * up after a failure or cancel.
 */
export interface JobHooks {
  completed?(job: Job, result: unknown): unknown;
  ended?(job: Job, state: 'failed' | 'cancelled'): void;
}

const LOG_FLUSH_MS = 250;

/**
 * The job queue: at most `maxConcurrentJobs` workers, lifecycle transitions written to the store in
 * transactions, and every change pushed as `jobs:changed`. The store owns truth; this only drives it.
 */
export class Scheduler {
  private readonly running = new Map<string, WorkerHandle>();
  private readonly pendingLogs: JobLog[] = [];
  private readonly pendingMetrics: JobMetric[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly hooks = new Map<string, JobHooks>();

  constructor(
    private readonly store: Store,
    private readonly hub: EventHub,
    private readonly newWorker: WorkerFactory,
  ) {}

  /** Called once at start: jobs a previous process left running are marked interrupted. */
  recover(): Job[] {
    const interrupted = this.store.jobs.markInterrupted();
    for (const j of interrupted) this.hub.publish('jobs:changed', j);
    this.pump();
    return interrupted;
  }

  setHooks(kind: JobSpec['kind'], hooks: JobHooks): void {
    this.hooks.set(kind, hooks);
  }

  submit(spec: JobSpec): Job {
    const created = this.store.jobs.create(spec.kind, spec.spec);
    const queued = this.store.jobs.transition(created.id, 'queued');
    this.hub.publish('jobs:changed', queued);
    this.pump();
    return this.store.jobs.get(queued.id);
  }

  /** Puts a stopped job back in the queue as the same job (resume), its spec replaced. */
  requeue(id: string, spec: unknown, message: string): Job {
    this.changed(this.store.jobs.transition(id, 'queued', { spec, message, error: null }));
    this.log({ jobId: id, t: Date.now(), level: 'INFO', message });
    this.pump();
    return this.store.jobs.get(id);
  }

  /** Moves a queued job; the next free worker takes the queue in its new order. */
  reorder(id: string, position: number): Job[] {
    const queue = this.store.jobs.reorder(id, position);
    for (const j of queue) this.changed(j);
    return queue;
  }

  async cancel(id: string): Promise<Job> {
    const job = this.store.jobs.get(id);
    const handle = this.running.get(id);
    if (handle) {
      await handle.cancel();
      // The exit handler has written the transition by the time `finished` settles.
      return this.store.jobs.get(id);
    }
    if (job.state === 'pending' || job.state === 'queued' || job.state === 'interrupted') {
      // An interrupted job may have left files (a staging folder): its kind's clean-up runs as for a stopped run.
      this.runEnded(job, 'cancelled', this.hooks.get(job.kind));
      return this.changed(this.store.jobs.transition(id, 'cancelled', { message: 'Cancelled before it ran' }));
    }
    throw new AppError('CONFLICT', `Job ${id} is ${job.state}; only pending, queued, running or interrupted jobs can be cancelled`, {
      id,
      state: job.state,
    });
  }

  /** A raised concurrency limit takes effect at once. */
  settingsChanged(): void {
    this.pump();
  }

  runningIds(): string[] {
    return [...this.running.keys()];
  }

  /** The process id of a running job's worker (diagnostics, and the crash tests that kill it). */
  workerPid(id: string): number | undefined {
    return this.running.get(id)?.pid;
  }

  /** Stops every worker (app quit); their jobs are left for `recover` to mark interrupted. */
  async close(): Promise<void> {
    this.closed = true;
    for (const h of this.running.values()) h.kill();
    await Promise.all([...this.running.values()].map((h) => h.finished));
    this.flushLogs();
  }

  private pump(): void {
    if (this.closed) return;
    const max = this.store.settings.get().maxConcurrentJobs;
    for (const job of this.store.jobs.queued()) {
      if (this.running.size >= max) break;
      this.launch(job);
    }
  }

  private launch(job: Job): void {
    const started = this.changed(this.store.jobs.transition(job.id, 'running', { progress: 0, message: 'Starting worker' }));
    let handle: WorkerHandle;
    try {
      handle = this.newWorker();
    } catch (err) {
      this.changed(this.store.jobs.transition(job.id, 'failed', { error: { code: 'INTERNAL_ERROR', message: (err as Error).message } }));
      return;
    }
    this.running.set(job.id, handle);
    handle.onMessage((msg) => {
      if (msg.type === 'progress') this.changed(this.store.jobs.setProgress(job.id, msg.progress, msg.message));
      else if (msg.type === 'log') this.log({ jobId: job.id, t: Date.now(), level: msg.level, message: msg.message });
      else if (msg.type === 'metric') this.metric({ jobId: job.id, t: Date.now(), name: msg.name, step: msg.step, value: msg.value });
    });
    void handle.finished.then((outcome) => this.finish(started.id, outcome));
    handle.start(started.kind, this.withBackend(started.kind, started.spec));
  }

  /**
   * The backend setting applies to jobs that did not choose one themselves; the job records its own
   * choice. Kinds without a backend field (imports, exports) are left alone: their specs are strict.
   */
  private withBackend(kind: JobKind, spec: unknown): unknown {
    const backend = this.store.settings.get().tfBackend;
    if (backend === 'auto' || !KINDS_WITH_BACKEND.has(kind) || typeof spec !== 'object' || spec === null || 'backend' in spec) return spec;
    return { ...spec, backend };
  }

  private finish(id: string, outcome: WorkerOutcome): void {
    this.running.delete(id);
    this.flushLogs();
    if (this.closed) return; // left `running`; the next start marks it interrupted
    const job = this.store.jobs.get(id);
    const hooks = this.hooks.get(job.kind);
    if (outcome.status === 'done') {
      let result = outcome.result;
      try {
        if (hooks?.completed) result = hooks.completed(job, outcome.result);
      } catch (err) {
        return this.finish(id, { status: 'failed', error: toErrorShape(err) });
      }
      this.changed(this.store.jobs.transition(id, 'completed', { progress: 1, message: 'Completed', result }));
    } else if (outcome.status === 'cancelled') {
      this.runEnded(job, 'cancelled', hooks);
      this.changed(this.store.jobs.transition(id, 'cancelled', { message: 'Cancelled' }));
    } else {
      this.runEnded(job, 'failed', hooks);
      this.log({ jobId: id, t: Date.now(), level: 'ERROR', message: `${outcome.error.code}: ${outcome.error.message}` });
      this.flushLogs();
      this.changed(this.store.jobs.transition(id, 'failed', { message: outcome.error.message, error: outcome.error }));
    }
    this.pump();
  }

  /**
   * Clean-up after a job that did not complete (its staging folder). A failure there is logged, never
   * thrown: finish runs from the worker's exit callback, and a throw would leave the job `running`
   * and the queue stalled.
   */
  private runEnded(job: Job, state: 'cancelled' | 'failed', hooks: JobHooks | undefined): void {
    try {
      hooks?.ended?.(job, state);
    } catch (err) {
      this.log({ jobId: job.id, t: Date.now(), level: 'WARN', message: `Clean-up after the job failed: ${toErrorShape(err).message}` });
    }
  }

  private changed(job: Job): Job {
    this.hub.publish('jobs:changed', job);
    return job;
  }

  private log(entry: JobLog): void {
    this.pendingLogs.push(entry);
    this.hub.publish('jobs:log', entry);
    this.flushTimer ??= setTimeout(() => this.flushLogs(), LOG_FLUSH_MS);
  }

  private metric(point: JobMetric): void {
    this.pendingMetrics.push(point);
    this.hub.publish('jobs:metric', point);
    this.flushTimer ??= setTimeout(() => this.flushLogs(), LOG_FLUSH_MS);
  }

  /** Logs and metrics are written in batches: one transaction per flush, not per line. */
  private flushLogs(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pendingLogs.length) this.store.jobs.appendLogs(this.pendingLogs.splice(0));
    if (this.pendingMetrics.length) this.store.jobs.appendMetrics(this.pendingMetrics.splice(0));
  }
}
