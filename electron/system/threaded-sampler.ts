import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { SystemSample } from '../contract/system.js';
import { sampleThreadEntry } from '../paths.js';
import type { SampleReply, SampleRequest } from './sample-messages.js';
import { readSample } from './sampler.js';

interface Waiting {
  resolve(sample: SystemSample): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  /** The thread asked: when it ends, only its own readings fail. */
  thread: Worker;
}

/**
 * Reads system samples on a worker thread (sample-thread.ts says why), started on the first read and
 * kept for the next. A reading that hangs past `timeoutMs` (a stuck nvidia-smi) ends the thread and
 * fails that reading; the next one starts a fresh thread. Where the built thread file is missing
 * (running from sources) or no thread can start, readings happen on the caller's thread as before.
 */
export class ThreadedSampler {
  private thread: Worker | null = null;
  private nextId = 1;
  /** Set when no thread could run here (the file missing, or a thread that failed before any answer). */
  private inProcess = false;
  private answered = false;
  private readonly waiting = new Map<number, Waiting>();

  constructor(
    private readonly dataDir: string,
    private readonly entry = sampleThreadEntry(),
    private readonly timeoutMs = 15_000,
  ) {
    this.inProcess = !fs.existsSync(entry);
  }

  readonly read = (): Promise<SystemSample> => {
    if (this.inProcess) return readSample(this.dataDir);
    const thread = this.start();
    const id = this.nextId++;
    return new Promise<SystemSample>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Forgotten at once: the next reading must not go to a thread that is still being ended.
        if (this.thread === thread) this.thread = null;
        this.failAll(new Error(`The system reading took over ${this.timeoutMs / 1000} s`), thread);
        void thread.terminate();
      }, this.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer, thread });
      thread.postMessage({ id, dataDir: this.dataDir } satisfies SampleRequest);
    });
  };

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    this.failAll(new Error('The system monitor closed'));
    if (thread) await thread.terminate();
  }

  private start(): Worker {
    if (this.thread) return this.thread;
    const thread = new Worker(this.entry);
    // The monitor's thread never keeps the app alive.
    thread.unref();
    thread.on('message', (reply: SampleReply) => {
      const w = this.waiting.get(reply.id);
      this.answered = true;
      if (!w) return;
      this.waiting.delete(reply.id);
      clearTimeout(w.timer);
      if ('sample' in reply) w.resolve(reply.sample);
      else w.reject(new Error(reply.error));
    });
    const ended = (err: Error) => {
      if (this.thread === thread) this.thread = null;
      this.failAll(err, thread);
    };
    thread.on('error', (err) => {
      // A thread that never answered cannot start here (a packaged app that cannot load it): read in-process.
      if (!this.answered) this.inProcess = true;
      ended(err);
    });
    thread.on('exit', (code) => ended(new Error(`The system sampler thread exited (${code})`)));
    this.thread = thread;
    return thread;
  }

  /** Fails the readings waiting on `thread`, or on any thread. */
  private failAll(err: Error, thread?: Worker): void {
    for (const [id, w] of this.waiting) {
      if (thread && w.thread !== thread) continue;
      clearTimeout(w.timer);
      this.waiting.delete(id);
      w.reject(err);
    }
  }
}
