import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { DataReader, ReaderInfo, ReaderOptions, ReadItem } from '../types.js';
import { binaryProblem, dataError, DEFAULT_MAX_ROW_BYTES, nothingReadError, PROGRESS_STEP_BYTES, throwIfAborted } from './data-error.js';
import { JsonArrayScanner, ScanError } from './json-array-scanner.js';

/**
 * A .json file holding one array of row objects, streamed chunk by chunk through JsonArrayScanner.
 * It cannot use the line splitter: a compact JSON file is often one huge line.
 */
export function openJsonReader(file: string, opts: ReaderOptions = {}): DataReader {
  const scanner = new JsonArrayScanner(opts.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES);
  // A Set keeps insertion order: the union of keys in first-seen order.
  const columns = new Set<string>();
  const notes: string[] = [];
  let hadBom = false;

  async function* rows(): AsyncGenerator<ReadItem> {
    const total = (await fsp.stat(file)).size;
    const decoder = new StringDecoder('utf8');
    let tail: Buffer = Buffer.alloc(0);
    let bytesRead = 0;
    let lastReport = 0;
    let yielded = 0;
    const take = function* (items: ReadItem[]): Generator<ReadItem> {
      for (const item of items) {
        yielded++;
        if (item.kind === 'row') {
          for (const key of Object.keys(item.record)) columns.add(key);
        }
        yield item;
      }
    };
    try {
      for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
        throwIfAborted(opts.signal);
        if (bytesRead === 0) {
          const binary = binaryProblem(chunk);
          if (binary) throw dataError(file, 'BINARY_FILE', binary);
        }
        bytesRead += chunk.length;
        if (bytesRead - lastReport >= PROGRESS_STEP_BYTES) {
          lastReport = bytesRead;
          opts.onBytes?.(bytesRead, total);
        }
        // Validate only whole characters: a chunk may end inside one, which the next chunk completes.
        const cut = completePrefix(chunk);
        const whole = tail.length > 0 ? Buffer.concat([tail, chunk.subarray(0, cut)]) : chunk.subarray(0, cut);
        tail = Buffer.from(chunk.subarray(cut));
        if (!scanner.sawBadBytes && !isUtf8(whole)) scanner.sawBadBytes = true;
        let text = decoder.write(chunk);
        if (bytesRead === chunk.length && text.charCodeAt(0) === 0xfeff) {
          hadBom = true;
          text = text.slice(1);
        }
        yield* take(scanner.feed(text));
      }
      if (tail.length > 0) scanner.sawBadBytes = true; // the file ends inside a character
      yield* take(scanner.feed(decoder.end()));
      yield* take(scanner.end());
    } catch (err) {
      if (err instanceof ScanError) throw dataError(file, err.problem, err.message, err.line);
      throw err;
    }
    opts.onBytes?.(bytesRead, total);
    if (scanner.rowsKey !== null) notes.push(`Rows were read from the "${scanner.rowsKey}" array inside the top-level object.`);
    if (!scanner.arrayClosed && yielded > 0) notes.push('The JSON array is not closed at the end of the file: the file may be cut short.');
    if (yielded === 0) throw nothingReadError(file, total, 'rows (the JSON array is empty)');
  }

  return {
    rows,
    info(): ReaderInfo {
      const lineEndings = scanner.lf > 0 && scanner.crlf > 0 ? 'mixed' : scanner.crlf > 0 ? 'crlf' : scanner.lf > 0 ? 'lf' : 'none';
      return { format: 'json', columns: [...columns], hadBom, lineEndings, notes };
    },
  };
}

/** Length of the longest prefix of `buf` that does not end inside a UTF-8 sequence. */
function completePrefix(buf: Buffer): number {
  const n = buf.length;
  for (let k = 1; k <= 4 && k <= n; k++) {
    const b = buf[n - k]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > k ? n - k : n;
  }
  return n;
}
