import fs from 'node:fs';
import { ROWS_INDEX_EVERY } from '../../electron/contract/datasets.js';

const FLUSH_BYTES = 1 << 20;
/** A UTF-16 code unit becomes at most 3 UTF-8 bytes. */
const MAX_BYTES_PER_UNIT = 3;

/**
 * Appends JSON lines to a file in ~1 MiB writes and keeps the byte offset of every
 * ROWS_INDEX_EVERY-th line, so a reader can seek to any page. Lines are encoded straight into a
 * reusable buffer (no per-line Buffer, no join). Writes are synchronous, which gives streaming
 * readers natural back-pressure, unless `overlapWrites()` is on: then each full buffer is written by
 * the thread pool (at its own file position) while the caller fills the next one; the caller calls
 * `settle()` between batches, which lets at most one write run behind it, and `finish()` at the end.
 * On 2 cores that hides the write syscalls (and the kernel's dirty-page throttling) behind parsing.
 */
export class JsonlWriter {
  private readonly fd: number;
  private buf: Buffer = Buffer.allocUnsafe(FLUSH_BYTES + FLUSH_BYTES / 4);
  private spare: Buffer | null = null;
  private pos = 0;
  private written = 0;
  private overlap = false;
  private readonly pending: Promise<void>[] = [];
  private failure: unknown = null;
  readonly offsets: number[] = [];
  count = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  /** Writes full buffers from the thread pool; the caller must then call settle() between batches and finish() at the end. */
  overlapWrites(): void {
    this.overlap = true;
  }

  write(value: unknown): void {
    this.writeLine(JSON.stringify(value));
  }

  /** Appends one line of already-serialised JSON (without its newline). */
  writeLine(json: string): void {
    if (this.count % ROWS_INDEX_EVERY === 0) this.offsets.push(this.written + this.pos);
    this.count++;
    const need = (json.length + 1) * MAX_BYTES_PER_UNIT;
    if (this.pos + need > this.buf.length) {
      this.flush();
      if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need); // one huge row
    }
    this.pos += this.buf.write(json, this.pos);
    this.buf[this.pos++] = 0x0a;
  }

  /** Overlapped mode: waits until at most one write is still running; rethrows a failed write. */
  async settle(): Promise<void> {
    while (this.pending.length > 1) await this.pending.shift();
    if (this.failure) throw this.failure;
  }

  private flush(): void {
    if (this.pos === 0) return;
    const at = this.written;
    const full = this.buf.subarray(0, this.pos);
    this.written += this.pos;
    this.pos = 0;
    if (!this.overlap) {
      writeAllSync(this.fd, full, at);
      return;
    }
    const owned = this.buf;
    this.buf = this.spare !== null && this.spare.length >= owned.length ? this.spare : Buffer.allocUnsafe(owned.length);
    this.spare = null;
    this.pending.push(
      writeAt(this.fd, full, at).then(
        () => {
          this.spare = owned;
        },
        (err: unknown) => {
          this.failure ??= err;
        },
      ),
    );
  }

  /** Flushes, fsyncs and closes: the file is complete on disk when this returns (synchronous mode). */
  close(): void {
    if (this.pending.length > 0) throw new Error('JsonlWriter: writes are in flight, use finish()');
    this.flush();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
  }

  /** close() for either mode: waits for overlapped writes first. */
  async finish(): Promise<void> {
    this.flush();
    await Promise.all(this.pending.splice(0));
    if (this.failure) throw this.failure;
    this.close();
  }

  /** abandon() once overlapped writes have stopped (a write must never land on a reused descriptor). */
  async abort(): Promise<void> {
    await Promise.all(this.pending.splice(0));
    this.abandon();
  }

  /** Closes without caring about the contents (the staging folder is about to be removed). */
  abandon(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

function writeAllSync(fd: number, data: Buffer, position: number): void {
  for (let done = 0; done < data.length; ) done += fs.writeSync(fd, data, done, data.length - done, position + done);
}

/** Writes all of `data` at `position` from the thread pool. */
export async function writeAt(fd: number, data: Buffer, position: number): Promise<void> {
  for (let done = 0; done < data.length; ) {
    done += await new Promise<number>((resolve, reject) => fs.write(fd, data, done, data.length - done, position + done, (err, n) => (err ? reject(err) : resolve(n))));
  }
}

/** Reads a JSONL file line by line as parsed values, streaming (for validation and preparation). */
export async function* readJsonl<T>(file: string): AsyncGenerator<T> {
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      if (nl > start) yield JSON.parse(text.slice(start, nl)) as T;
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.trim()) yield JSON.parse(rest) as T;
}
