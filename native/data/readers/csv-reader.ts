import Papa from 'papaparse';
import type { DataReader, DataRecord, ReaderInfo, ReaderOptions, ReadItem } from '../types.js';
import { dataError, DEFAULT_MAX_ROW_BYTES, formatBytes, nothingReadError } from './data-error.js';
import { LineSplitter, type LineSplitterOptions } from './line-splitter.js';

/** Papaparse's raw parser result (its typings leave `parse` as any). */
interface RawResult {
  data: string[][];
  errors: { code: string; row?: number }[];
  meta: { cursor: number };
}

/** A row as its fields, in header order (a CsvReader's batches carry these instead of records). */
export interface FieldsItem {
  kind: 'fields';
  line: number;
  fields: string[];
}

export type CsvItem = FieldsItem | Extract<ReadItem, { kind: 'problem' }>;

/** A DataReader that can also hand out whole batches of rows as field lists (for a fast import). */
export interface CsvReader extends DataReader {
  /** One array per chunk of the file; the header is known once the first batch is out. */
  fieldBatches(): AsyncGenerator<CsvItem[]>;
  header(): readonly string[];
}

/**
 * CSV and TSV through papaparse's low-level Parser, fed batches of whole lines re-joined with "\n"
 * (so CRLF never matters to it). A record whose quoted field spans past the batch is carried into the
 * next one: `parse(text, 0, true)` leaves the unfinished last row out and says where it starts.
 * Line numbers are counted by us: each record covers 1 + (newlines inside its fields) lines.
 */
export function openCsvReader(file: string, delimiter: ',' | '\t', opts: ReaderOptions & Pick<LineSplitterOptions, 'onChunk'> = {}): CsvReader {
  const splitter = new LineSplitter(file, opts);
  const max = opts.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
  let columns: string[] = [];
  const notes: string[] = [];
  const kind = delimiter === ',' ? 'CSV' : 'TSV';

  async function* rows(): AsyncGenerator<ReadItem> {
    for await (const batch of fieldBatches()) {
      for (const item of batch) {
        if (item.kind === 'problem') {
          yield item;
          continue;
        }
        const record: DataRecord = {};
        for (let i = 0; i < item.fields.length; i++) record[columns[i]!] = item.fields[i];
        yield { kind: 'row', line: item.line, record };
      }
    }
  }

  async function* fieldBatches(): AsyncGenerator<CsvItem[]> {
    const parser = new Papa.Parser({ delimiter, newline: '\n' });
    let header: string[] | null = null;
    let pending = '';
    let pendingLine = 1; // the file line where `pending` (or the next batch) starts
    let badLines: number[] = [];
    let yielded = 0;

    /** Turns parsed records into items (appended to `out`); returns the line after the last one. */
    function emit(out: CsvItem[], data: string[][], errors: RawResult['errors'], startLine: number, quoted: boolean): number {
      const quoteErrors = new Set<number>();
      for (const e of errors) if (e.row !== undefined && e.code !== 'UndetectableDelimiter') quoteErrors.add(e.row);
      let line = startLine;
      for (let r = 0; r < data.length; r++) {
        const fields = data[r]!;
        const first = line;
        // Only a quoted field can hold a newline, so quote-free text skips the count.
        if (quoted) for (const f of fields) if (f.indexOf('\n') !== -1) line += countLf(f);
        const last = line;
        line++;
        // A blank line. (In a one-column file an empty value looks the same; skipping it loses nothing.)
        if (fields.length === 1 && fields[0]!.trim() === '') continue;
        let badBytes = false;
        while (badLines.length > 0 && badLines[0]! <= last) {
          badLines.shift();
          badBytes = true;
        }
        // A header with bad bytes still names the columns (U+FFFD shows where); a row is refused.
        if (badBytes && header !== null) {
          yielded++;
          out.push(problem('ENCODING', first, `Line ${first} contains bytes that are not valid UTF-8. Save the file as UTF-8 and import again.`));
          continue;
        }
        if (header === null) {
          header = nameColumns(fields, notes);
          columns = header;
          continue;
        }
        yielded++;
        if (quoteErrors.size > 0 && quoteErrors.has(r)) {
          out.push(problem('BAD_QUOTES', first, `Line ${first} has a quote (") in the wrong place. Quote whole fields and double any quote inside one ("").`));
        } else if (fields.length !== header.length) {
          const msg = `Line ${first} has ${fields.length} field${fields.length === 1 ? '' : 's'} but the header has ${header.length}. Check for a missing or extra ${kind === 'CSV' ? 'comma' : 'tab'} or an unquoted field.`;
          out.push({ kind: 'problem', problem: { code: 'RAGGED_ROW', line: first, message: msg } });
        } else {
          out.push({ kind: 'fields', line: first, fields });
        }
      }
      return line;
    }

    for await (const batch of splitter.textBatches()) {
      if (batch.badLines.length > 0) badLines = badLines.concat(batch.badLines);
      const text = pending === '' ? batch.text : pending + '\n' + batch.text;
      const res = parser.parse(text, 0, true) as RawResult;
      const out: CsvItem[] = [];
      pendingLine = emit(out, res.data, res.errors, pendingLine, text.indexOf('"') !== -1);
      if (out.length > 0) yield out;
      pending = text.slice(res.meta.cursor, -1);
      if (pending.length > max) {
        throw dataError(
          file,
          'ROW_TOO_LARGE',
          `the row starting at line ${pendingLine} runs for more than ${formatBytes(max)}. Most likely a quote (") on that line is never closed: fix it and import again.`,
          pendingLine,
        );
      }
    }
    // What is left starts with a record whose quote never closed: report it, then re-read from its
    // next line. Capped, because quotes that never pair up would make each retry re-read the rest.
    for (let retries = 0; pending !== ''; retries++) {
      yielded++;
      if (retries === MAX_QUOTE_RETRIES) {
        yield [problem('BAD_QUOTES', pendingLine, `From line ${pendingLine} to the end of the file the quotes (") do not pair up, so those lines were not read. Fix the quoting and import again.`)];
        break;
      }
      const out: CsvItem[] = [problem('BAD_QUOTES', pendingLine, `Line ${pendingLine} opens a quote (") that is never closed. Close or remove it and import again.`)];
      const lf = pending.indexOf('\n');
      if (lf === -1) {
        yield out;
        break;
      }
      const text = pending.slice(lf + 1) + '\n';
      const res = parser.parse(text, 0, true) as RawResult;
      pendingLine = emit(out, res.data, res.errors, pendingLine + 1, true);
      yield out;
      pending = text.slice(res.meta.cursor, -1);
    }
    if (header === null || yielded === 0) {
      throw nothingReadError(file, splitter.totalBytes, header === null ? 'rows' : `rows below the header`);
    }
  }

  return {
    rows,
    fieldBatches,
    header: () => columns,
    info(): ReaderInfo {
      return {
        format: delimiter === ',' ? 'csv' : 'tsv',
        columns,
        hadBom: splitter.hadBom,
        lineEndings: splitter.lineEndings,
        notes,
      };
    },
  };
}

const MAX_QUOTE_RETRIES = 1000;

function problem(code: 'ENCODING' | 'BAD_QUOTES', line: number, message: string): Extract<ReadItem, { kind: 'problem' }> {
  return { kind: 'problem', problem: { code, line, message } };
}

function countLf(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Header cells become column names: empty ones get a position name, repeats get a suffix. */
export function nameColumns(cells: string[], notes: string[]): string[] {
  const used = new Set<string>();
  const names: string[] = [];
  const empty: string[] = [];
  const renamed: string[] = [];
  cells.forEach((cell, i) => {
    let name = cell.trim();
    if (name === '') {
      name = `column_${i + 1}`;
      empty.push(name);
    }
    if (used.has(name)) {
      let k = 2;
      while (used.has(`${name}_${k}`)) k++;
      renamed.push(`"${name}" → "${name}_${k}"`);
      name = `${name}_${k}`;
    }
    used.add(name);
    names.push(name);
  });
  if (empty.length) notes.push(`Header cells without a name were named ${empty.join(', ')}.`);
  if (renamed.length) notes.push(`Repeated column names were made unique: ${renamed.join(', ')}.`);
  return names;
}
