import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { AppError } from '../contract/errors.js';
import type { HistoryEntry, SendReply, SendRequest, TargetOption, WorkerStatus } from '../contract/playground.js';
import type { EventHub } from '../events/event-hub.js';
import type { Store } from '../store/store.js';
import { PlaygroundHistoryRepo } from './history-repo.js';
import { PlaygroundWorker } from './playground-worker-host.js';
import { targetId, targetLabel } from './target-id.js';
import { targetOptions } from './target-options.js';

export interface PlaygroundOptions {
  /** dist/native/playground/playground-worker.js */
  entry: string;
  /** Where auto-made GGUFs are kept. */
  cacheDir: string;
  /** A worker nobody asked anything for this long is unloaded. */
  idleMs?: number;
  /** Below this much free RAM, idle workers are unloaded (least recently used first) before another loads. */
  minFreeBytes?: number;
  freemem?: () => number;
  /** How often idle time and free memory are checked. */
  checkEveryMs?: number;
}

export const PLAYGROUND_IDLE_MS = 10 * 60_000;
export const PLAYGROUND_MIN_FREE_BYTES = 1024 ** 3;

const mb = (b: number) => `${Math.round(b / 2 ** 20)} MB`;

/**
 * The Playground's back end: one warm worker per target, prompts fanned out to them, their tokens
 * pushed as `playground:token`, and every run saved to history with each target's answer and stats.
 */
export class PlaygroundService {
  readonly history: PlaygroundHistoryRepo;
  private readonly workers = new Map<string, PlaygroundWorker>();
  /** requestId -> the workers answering it, for stop. */
  private readonly active = new Map<string, PlaygroundWorker[]>();
  private readonly timer: NodeJS.Timeout;
  private readonly idleMs: number;
  private readonly minFree: number;
  private readonly freemem: () => number;

  constructor(
    private readonly store: Store,
    private readonly hub: EventHub,
    private readonly opts: PlaygroundOptions,
  ) {
    this.history = new PlaygroundHistoryRepo(store.db);
    this.idleMs = opts.idleMs ?? PLAYGROUND_IDLE_MS;
    this.minFree = opts.minFreeBytes ?? PLAYGROUND_MIN_FREE_BYTES;
    this.freemem = opts.freemem ?? os.freemem;
    this.timer = setInterval(() => this.sweep(), opts.checkEveryMs ?? 15_000);
    this.timer.unref();
  }

  targets(): TargetOption[] {
    return targetOptions(this.store.models.list(), this.store.jobs.list(500));
  }

  send(req: SendRequest): SendReply {
    const ids = req.targets.map((t) => targetId(t.target));
    if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION_ERROR', 'The same target is chosen twice; pick each target once', { targetIds: ids });
    const options = new Map(this.targets().map((o) => [o.id, o]));
    for (const [i, t] of req.targets.entries()) {
      const unavailable = options.get(ids[i]!)?.unavailable;
      if (unavailable) throw new AppError('NOT_FOUND', `${options.get(ids[i]!)!.label}: ${unavailable}`, { targetId: ids[i] });
      if (t.target.kind === 'onnx' && t.target.folder === '-') throw new AppError('NOT_FOUND', 'No ONNX export yet', { targetId: ids[i] });
    }
    const requestId = randomUUID();
    const historyId = this.history.create({
      mode: req.mode,
      system: req.system,
      prompt: req.prompt,
      params: req.params,
      targets: req.targets.map((t, i) => ({ targetId: ids[i]!, label: options.get(ids[i]!)?.label ?? targetLabel(t.target), target: t.target })),
    });
    this.relieveMemory(new Set(ids));
    const workers = req.targets.map((t, i) => this.warm(t.target, ids[i]!));
    this.active.set(requestId, workers);
    let open = workers.length;
    workers.forEach((w, i) => {
      const tid = ids[i]!;
      const input = { mode: req.mode, system: req.system, prompt: req.prompt, history: req.targets[i]!.history, params: req.params };
      w.generate(requestId, input, (delta) => this.hub.publish('playground:token', { requestId, targetId: tid, delta, done: false }))
        .then(
          ({ text, stats }) => {
            this.history.setAnswer(historyId, i, text, stats);
            this.hub.publish('playground:token', { requestId, targetId: tid, delta: '', done: true, text, stats });
          },
          (err: unknown) => {
            const error = err instanceof AppError ? err.toShape() : { code: 'INTERNAL_ERROR' as const, message: String(err) };
            this.history.setAnswer(historyId, i, '', null);
            this.hub.publish('playground:token', { requestId, targetId: tid, delta: '', done: true, error });
          },
        )
        .finally(() => {
          if (--open === 0) this.active.delete(requestId);
        });
    });
    return { requestId, historyId, targetIds: ids };
  }

  stop(requestId: string): { stopped: boolean } {
    const workers = this.active.get(requestId);
    for (const w of workers ?? []) w.stop(requestId);
    return { stopped: workers !== undefined };
  }

  workerStates(): WorkerStatus[] {
    return [...this.workers.values()].map((w) => w.state);
  }

  unload(id?: string, reason = 'unloaded on request'): { unloaded: number } {
    let n = 0;
    for (const [tid, w] of [...this.workers]) {
      if (id !== undefined && tid !== id) continue;
      this.workers.delete(tid);
      w.unload(reason);
      n++;
    }
    return { unloaded: n };
  }

  listHistory(q: { targetId?: string; limit: number }): HistoryEntry[] {
    return this.history.list(q);
  }

  deleteHistory(id: string): { removed: true } {
    this.history.remove(id);
    return { removed: true };
  }

  close(): void {
    clearInterval(this.timer);
    this.unload(undefined, 'app closing');
  }

  /** The target's warm worker, or a new one (loading). */
  private warm(target: SendRequest['targets'][number]['target'], id: string): PlaygroundWorker {
    const existing = this.workers.get(id);
    if (existing?.alive) return existing;
    const w = new PlaygroundWorker(this.opts.entry, target, id, this.opts.cacheDir, (s) => {
      this.hub.publish('playground:status', s);
      // A worker that died or failed is forgotten: the next prompt starts a fresh one.
      if ((s.state === 'unloaded' || s.state === 'failed') && this.workers.get(id) === w) this.workers.delete(id);
    });
    this.workers.set(id, w);
    return w;
  }

  /** Idle workers past the timeout are unloaded; so is the least recently used idle one while memory is short. */
  sweep(now = Date.now()): void {
    for (const [id, w] of [...this.workers]) {
      if (!w.busy && now - w.lastUsed > this.idleMs) {
        this.workers.delete(id);
        w.unload(`idle for ${Math.round(this.idleMs / 60_000)} min`);
      }
    }
    this.relieveMemory(new Set());
  }

  /** One worker per check: a killed process's memory shows up in os.freemem() only a moment later. */
  private relieveMemory(keep: ReadonlySet<string>): void {
    const free = this.freemem();
    if (free >= this.minFree) return;
    const victim = [...this.workers.values()].filter((w) => !w.busy && !keep.has(w.targetId)).sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (!victim) return;
    this.workers.delete(victim.targetId);
    victim.unload(`memory pressure: ${mb(free)} free, below ${mb(this.minFree)}`);
  }
}
