import type { DataReader, ReaderInfo, ReaderOptions, ReadItem } from '../types.js';
import { nothingReadError } from './data-error.js';
import { LineSplitter } from './line-splitter.js';

/** JSON Lines: one JSON object per line; a bad line is a row problem and the others still read. */
export function openJsonlReader(file: string, opts: ReaderOptions = {}): DataReader {
  const splitter = new LineSplitter(file, opts);
  // A Set keeps insertion order: the union of keys in first-seen order.
  const columns = new Set<string>();

  async function* rows(): AsyncGenerator<ReadItem> {
    let yielded = 0;
    for await (const batch of splitter.batches()) {
      let bad = 0;
      for (let i = 0; i < batch.lines.length; i++) {
        const text = batch.lines[i]!;
        const line = batch.firstLine + i;
        if (isBlank(text)) continue;
        yielded++;
        if (batch.badLines[bad] === line) {
          bad++;
          yield { kind: 'problem', problem: { code: 'ENCODING', line, message: `Line ${line} contains bytes that are not valid UTF-8. Save the file as UTF-8 and import again.` } };
          continue;
        }
        const item = parseLine(text, line);
        if (item.kind === 'row') {
          for (const key of Object.keys(item.record)) columns.add(key);
        }
        yield item;
      }
    }
    if (yielded === 0) throw nothingReadError(file, splitter.totalBytes, 'JSON lines');
  }

  return {
    rows,
    info: (): ReaderInfo => ({ format: 'jsonl', columns: [...columns], hadBom: splitter.hadBom, lineEndings: splitter.lineEndings, notes: [] }),
  };
}

/** A blank line is skipped; checked by hand because trim() would copy every line. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  if (c !== 32 && c !== 9) return false;
  return text.trim() === '';
}

/** Parses one JSON text into a row, or the problem that says why it is not one (shared with the JSON reader). */
export function parseLine(text: string, line: number, what = `Line ${line}`): ReadItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { kind: 'problem', problem: { code: 'BAD_JSON', line, message: `${what} is not valid JSON (${reason}). Fix or remove it and import again.` } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { kind: 'problem', problem: { code: 'NOT_AN_OBJECT', line, message: `${what} is ${got}, not an object like {"text": "..."}. Each row must be a JSON object.` } };
  }
  return { kind: 'row', line, record: value as Record<string, unknown> };
}
