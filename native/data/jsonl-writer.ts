import fs from 'node:fs';
import { ROWS_INDEX_EVERY } from '../../electron/contract/datasets.js';

const FLUSH_BYTES = 1 << 20;

/**
 * Appends JSON lines to a file in ~1 MiB synchronous writes and keeps the byte offset of every
 * ROWS_INDEX_EVERY-th line, so a reader can seek to any page. Synchronous writes give the streaming
 * readers natural back-pressure (the worker has no event loop work to protect).
 */
export class JsonlWriter {
  private readonly fd: number;
  private buffered: string[] = [];
  private bufferedBytes = 0;
  private written = 0;
  readonly offsets: number[] = [];
  count = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  write(value: unknown): void {
    if (this.count % ROWS_INDEX_EVERY === 0) this.offsets.push(this.written + this.bufferedBytes);
    const line = JSON.stringify(value) + '\n';
    this.buffered.push(line);
    this.bufferedBytes += Buffer.byteLength(line);
    this.count++;
    if (this.bufferedBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.buffered.length === 0) return;
    const buf = Buffer.from(this.buffered.join(''));
    fs.writeSync(this.fd, buf);
    this.written += buf.length;
    this.buffered = [];
    this.bufferedBytes = 0;
  }

  /** Flushes, fsyncs and closes: the file is complete on disk when this returns. */
  close(): void {
    this.flush();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
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
