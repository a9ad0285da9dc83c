import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import {
  binaryProblem,
  dataError,
  DEFAULT_MAX_ROW_BYTES,
  formatBytes,
  PROGRESS_STEP_BYTES,
  throwIfAborted,
} from './data-error.js';

/** The complete lines of one chunk of the file, without their line terminators. */
export interface LineBatch {
  /** 1-based line number of lines[0]. */
  firstLine: number;
  lines: string[];
  /** Ascending line numbers whose bytes were not valid UTF-8; their text holds U+FFFD instead. */
  badLines: number[];
}

/** The same lines as one string: each line followed by "\n" (CRLF already made LF). */
export interface TextBatch {
  firstLine: number;
  lineCount: number;
  text: string;
  badLines: number[];
}

export interface LineSplitterOptions {
  onBytes?: (bytesRead: number, totalBytes: number) => void;
  signal?: AbortSignal;
  maxRowBytes?: number;
  /** Sees every chunk as read, BOM included (the import copies and hashes them); a promise makes the reading wait. */
  onChunk?: (chunk: Buffer) => Promise<void> | undefined;
  /** Read size; 1 MiB keeps the per-chunk overhead negligible and memory flat. */
  chunkBytes?: number;
}

export type LineEndings = 'lf' | 'crlf' | 'mixed' | 'none';

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const LF = 10;
const CR = 13;

/**
 * Streams a text file as batches of complete lines (one batch per chunk read), so a 1 GB file never
 * sits in memory: at most one chunk plus one unfinished line (itself capped at maxRowBytes) is held.
 * Batches rather than single lines because an async iteration per line costs more than parsing it.
 */
export class LineSplitter {
  hadBom = false;
  totalBytes = 0;
  private lf = 0;
  private crlf = 0;

  constructor(
    readonly file: string,
    private readonly opts: LineSplitterOptions = {},
  ) {}

  get lineEndings(): LineEndings {
    if (this.lf > 0 && this.crlf > 0) return 'mixed';
    if (this.crlf > 0) return 'crlf';
    return this.lf > 0 ? 'lf' : 'none';
  }

  async *batches(): AsyncGenerator<LineBatch> {
    for await (const { block, firstLine, endsWithLf } of this.blocks()) yield this.split(block, firstLine, endsWithLf);
  }

  /**
   * The lines of batches() joined by "\n" (plus a final "\n"), without building the array when the
   * block is valid UTF-8: CRLF → LF over the whole text, counted as split() counts it.
   */
  async *textBatches(): AsyncGenerator<TextBatch> {
    for await (const { block, firstLine, endsWithLf } of this.blocks()) {
      if (!isUtf8(block)) {
        const batch = this.split(block, firstLine, endsWithLf);
        yield { firstLine, lineCount: batch.lines.length, text: batch.lines.join('\n') + '\n', badLines: batch.badLines };
        continue;
      }
      let text = block.toString('utf8');
      let lineCount = countByte(block, LF);
      if (!endsWithLf) {
        lineCount++;
        if (text.charCodeAt(text.length - 1) === CR) text = text.slice(0, -1); // split() strips it, uncounted
        text += '\n';
      }
      const terminated = endsWithLf ? lineCount : lineCount - 1;
      let crlf = 0;
      if (text.indexOf('\r') !== -1) {
        const parts = text.split('\r\n');
        crlf = parts.length - 1;
        if (crlf > 0) text = parts.join('\n');
      }
      this.crlf += crlf;
      this.lf += terminated - crlf;
      yield { firstLine, lineCount, text, badLines: [] };
    }
  }

  /** Chunks cut after their last LF (the rest carried into the next one); the final block may lack the LF. */
  private async *blocks(): AsyncGenerator<{ block: Buffer; firstLine: number; endsWithLf: boolean }> {
    const max = this.opts.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
    this.totalBytes = (await fsp.stat(this.file)).size;
    let carry: Buffer[] = [];
    let carryLen = 0;
    let nextLine = 1;
    let bytesRead = 0;
    let lastReport = 0;
    let first = true;
    const stream = fs.createReadStream(this.file, { highWaterMark: this.opts.chunkBytes ?? 1 << 20 });
    for await (const raw of stream as AsyncIterable<Buffer>) {
      throwIfAborted(this.opts.signal);
      const wait = this.opts.onChunk?.(raw);
      if (wait) await wait;
      let chunk = raw;
      bytesRead += chunk.length;
      if (first) {
        first = false;
        const binary = binaryProblem(chunk);
        if (binary) throw dataError(this.file, 'BINARY_FILE', binary);
        if (chunk[0] === UTF8_BOM[0] && chunk[1] === UTF8_BOM[1] && chunk[2] === UTF8_BOM[2]) {
          this.hadBom = true;
          chunk = chunk.subarray(3);
        }
      }
      if (bytesRead - lastReport >= PROGRESS_STEP_BYTES) {
        lastReport = bytesRead;
        this.opts.onBytes?.(bytesRead, this.totalBytes);
      }
      const lastLf = chunk.lastIndexOf(LF);
      if (lastLf === -1) {
        // No line ends in this chunk: the line keeps growing, and is refused before it outgrows the cap.
        carry.push(chunk);
        carryLen += chunk.length;
        if (carryLen > max) throw this.tooLarge(nextLine, max);
        continue;
      }
      const head = chunk.subarray(0, lastLf + 1);
      const block = carryLen > 0 ? Buffer.concat([...carry, head]) : head;
      carry = lastLf + 1 < chunk.length ? [chunk.subarray(lastLf + 1)] : [];
      carryLen = chunk.length - lastLf - 1;
      if (block.length > max) this.checkLineLengths(block, nextLine, max);
      const firstLine = nextLine;
      nextLine += countByte(block, LF);
      if (carryLen > max) throw this.tooLarge(nextLine, max);
      yield { block, firstLine, endsWithLf: true };
    }
    if (carryLen > 0) {
      // The last line has no terminator; it is still a line.
      yield { block: Buffer.concat(carry), firstLine: nextLine, endsWithLf: false };
    }
    this.opts.onBytes?.(bytesRead, this.totalBytes);
  }

  /** Decodes a block of whole lines; the slow per-line path runs only for a chunk that is not valid UTF-8. */
  private split(block: Buffer, firstLine: number, endsWithLf = true): LineBatch {
    const badLines: number[] = [];
    let lines: string[];
    if (isUtf8(block)) {
      lines = block.toString('utf8').split('\n');
    } else {
      lines = [];
      let start = 0;
      while (start <= block.length) {
        let end = block.indexOf(LF, start);
        if (end === -1) end = block.length;
        const bytes = block.subarray(start, end);
        if (!isUtf8(bytes)) badLines.push(firstLine + lines.length);
        lines.push(bytes.toString('utf8')); // invalid sequences decode to U+FFFD, so parsing can go on
        start = end + 1;
      }
    }
    if (endsWithLf) lines.pop(); // the text after the block's final LF is empty
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.charCodeAt(line.length - 1) === CR) {
        lines[i] = line.slice(0, -1);
        if (endsWithLf || i < lines.length - 1) this.crlf++;
      } else if (endsWithLf || i < lines.length - 1) {
        this.lf++;
      }
    }
    return { firstLine, lines, badLines };
  }

  /** Only needed when a block is longer than the cap, i.e. a long line finished inside this chunk. */
  private checkLineLengths(block: Buffer, firstLine: number, max: number): void {
    let start = 0;
    let line = firstLine;
    while (start < block.length) {
      let end = block.indexOf(LF, start);
      if (end === -1) end = block.length;
      if (end - start > max) throw this.tooLarge(line, max);
      start = end + 1;
      line++;
    }
  }

  private tooLarge(line: number, max: number) {
    return dataError(
      this.file,
      'ROW_TOO_LARGE',
      `line ${line} is longer than ${formatBytes(max)}, the most one row may hold. Check that the file has line breaks (or split that row), then import again.`,
      line,
    );
  }
}

function countByte(buf: Buffer, byte: number): number {
  let n = 0;
  for (let i = buf.indexOf(byte); i !== -1; i = buf.indexOf(byte, i + 1)) n++;
  return n;
}
