import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TokenCountReply, TokenCountRequest, TokenCountSetup } from './token-count-messages.js';
import type { TokenLengths } from './token-lengths.js';
import type { Sample } from './samples.js';

/** Samples per message: large enough that posting costs little next to counting them. */
const BATCH = 2000;
/** Batches a thread may have queued before the calling thread counts the next one itself. */
const QUEUED_PER_THREAD = 2;
/**
 * A counting thread's heap: its tokenizer and word cache fit well inside; without a cap V8 lets a
 * busy thread's garbage grow to over 100 MB before collecting. A thread that hits it ends and its
 * batches are counted by the calling thread.
 */
const THREAD_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 };
/** Below this many rows, starting threads (each loads the tokenizer) costs more than it saves. */
export const POOL_MIN_ROWS = 20_000;

interface CountingThread {
  worker: Worker;
  /** Batches sent and not yet answered, by request id: counted here instead if the thread dies. */
  queued: Map<number, Sample[]>;
  alive: boolean;
}

/**
 * Token counting spread over worker threads, for validating large datasets: the calling thread reads,
 * parses and checks rows and hands samples over in batches; when every thread has enough queued it
 * counts the batch itself, so no core idles and queued samples stay bounded. Totals are the same as
 * counting every sample on one thread (lengths in another order; the statistics do not depend on it).
 * A thread that fails has its batches counted by the calling thread.
 */
export class TokenLengthPool {
  private batch: Sample[] = [];
  private nextId = 1;
  private readonly threads: CountingThread[];
  /** Batches sent to threads and not yet answered (or counted here after a thread's end). */
  private inFlight = 0;
  private drained: (() => void) | null = null;
  /** Batches the threads counted (the rest the calling thread did): for tests and figures. */
  threadBatches = 0;

  private constructor(
    private readonly local: TokenLengths,
    setup: TokenCountSetup,
    count: number,
    entry: string,
  ) {
    this.threads = Array.from({ length: count }, () => this.startThread(entry, setup));
  }

  /**
   * A pool of `threads` counting threads (default: the cores but one, at most 4) beside `local`, or
   * null where threads would not help: fewer than POOL_MIN_ROWS rows, one core, or the built thread
   * file is missing (running from sources).
   */
  static open(local: TokenLengths, setup: TokenCountSetup, rows: number, threads = Math.min(4, os.availableParallelism() - 1), entry = fileURLToPath(new URL('./token-count-thread.js', import.meta.url))): TokenLengthPool | null {
    if (rows < POOL_MIN_ROWS || threads < 1 || !fs.existsSync(entry)) return null;
    return new TokenLengthPool(local, setup, threads, entry);
  }

  add(sample: Sample): void {
    this.batch.push(sample);
    if (this.batch.length >= BATCH) this.dispatch();
  }

  /** Counts what is left and waits for every thread's answers; close() ends the threads. */
  async finish(): Promise<void> {
    this.dispatch();
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => ((t.alive = false), t.worker.terminate())));
  }

  private dispatch(): void {
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    const thread = this.threads.filter((t) => t.alive && t.queued.size < QUEUED_PER_THREAD).sort((a, b) => a.queued.size - b.queued.size)[0];
    if (!thread) {
      this.local.absorb(this.local.countAll(batch));
      return;
    }
    const id = this.nextId++;
    thread.queued.set(id, batch);
    this.inFlight++;
    thread.worker.postMessage({ id, samples: batch } satisfies TokenCountRequest);
  }

  private startThread(entry: string, setup: TokenCountSetup): CountingThread {
    const t: CountingThread = { worker: new Worker(entry, { workerData: setup, resourceLimits: THREAD_LIMITS }), queued: new Map(), alive: true };
    t.worker.on('message', (reply: TokenCountReply) => {
      const batch = t.queued.get(reply.id);
      if (!batch) return;
      t.queued.delete(reply.id);
      if ('totals' in reply) {
        this.threadBatches++;
        this.local.absorb(reply.totals);
      } else {
        this.local.absorb(this.local.countAll(batch));
      }
      this.answered(1);
    });
    const ended = () => {
      t.alive = false;
      const lost = t.queued.size;
      for (const batch of t.queued.values()) this.local.absorb(this.local.countAll(batch));
      t.queued.clear();
      if (lost) this.answered(lost);
    };
    t.worker.on('error', ended);
    t.worker.on('exit', ended);
    return t;
  }

  private answered(n: number): void {
    this.inFlight -= n;
    if (this.inFlight === 0 && this.drained) {
      this.drained();
      this.drained = null;
    }
  }
}
