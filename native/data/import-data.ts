import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { META_FILE, ROWS_FILE, type VersionMeta } from '../../electron/contract/datasets.js';
import { AppError } from '../../electron/contract/errors.js';
import { writeFileDurably } from '../util/durable.js';
import { detectSchema } from './detect-schema.js';
import { JsonlWriter } from './jsonl-writer.js';
import { CopyTee } from './copy-tee.js';
import { openCsvReader, type CsvReader } from './readers/csv-reader.js';
import { detectFormat, openReader } from './readers/open-reader.js';
import type { DataFormat, DataReader, DataRecord, RowProblem } from './types.js';

export interface ImportOptions {
  file: string;
  /** A fresh folder the import may fill; main moves it into place once the job completes. */
  stagingDir: string;
  format?: DataFormat;
  txtMode: 'auto' | 'lines' | 'blocks';
  skipBadRows: boolean;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

export interface ImportResult extends Omit<VersionMeta, 'offsets'> {
  /** Where the copy of the user's file lies inside the staging folder. */
  sourceFile: string;
}

const DETECTION_SAMPLE = 200;
const PROBLEM_SAMPLES = 200;
/** Copying is cheap next to parsing: it gets this share of the progress bar. */
const COPY_SHARE = 0.15;

/**
 * Copies the user's file (read-only) while hashing it; the copy is what gets parsed. The copy's
 * fsync runs on the thread pool while the rows are parsed (`synced`, awaited before meta.json).
 */
async function copyAndHash(file: string, dest: string, total: number, opts: ImportOptions): Promise<{ sha256: string; synced: Promise<void> }> {
  const hash = createHash('sha256');
  let seen = 0;
  let lastReport = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      seen += chunk.length;
      if (seen - lastReport > 16 << 20) {
        lastReport = seen;
        opts.onProgress?.(COPY_SHARE * (seen / total), `Copying ${mb(seen)} of ${mb(total)}`);
      }
      done(null, chunk);
    },
  });
  const out = fs.createWriteStream(dest, { flags: 'wx' });
  await pipeline(fs.createReadStream(file, { highWaterMark: 4 << 20 }), tap, out, { signal: opts.signal });
  const synced = (async () => {
    const fd = await fsp.open(dest, 'r+');
    try {
      await fd.sync();
    } finally {
      await fd.close();
    }
  })();
  synced.catch(() => {}); // awaited later; an import that fails first must not leave it unhandled
  return { sha256: hash.digest('hex'), synced };
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/**
 * CSV/TSV rows a batch at a time, each line serialised straight from its fields: the same text as
 * JSON.stringify({ l, r: record }) (keys in header order, values JSON strings) without building the
 * record. Header names that an object would reorder (array indices) or swallow (__proto__) take the
 * record path.
 */
async function storeCsvRows(reader: CsvReader, writer: JsonlWriter, sample: DataRecord[], onProblem: (p: RowProblem) => void, signal?: AbortSignal): Promise<void> {
  let prefixes: string[] | null = null;
  let plain = false;
  for await (const batch of reader.fieldBatches()) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'Import cancelled');
    if (prefixes === null) {
      const header = reader.header();
      prefixes = header.map((name, i) => `${i === 0 ? '' : ','}${JSON.stringify(name)}:`);
      plain = header.every((name) => name !== '__proto__' && !/^(0|[1-9][0-9]*)$/.test(name));
    }
    for (const item of batch) {
      if (item.kind === 'problem') {
        onProblem(item.problem);
        continue;
      }
      const fields = item.fields;
      if (sample.length < DETECTION_SAMPLE || !plain) {
        const record: DataRecord = {};
        const header = reader.header();
        for (let i = 0; i < fields.length; i++) record[header[i]!] = fields[i];
        if (sample.length < DETECTION_SAMPLE) sample.push(record);
        if (!plain) {
          writer.write({ l: item.line, r: record });
          continue;
        }
      }
      let json = `{"l":${item.line},"r":{`;
      for (let i = 0; i < fields.length; i++) json += prefixes[i]! + JSON.stringify(fields[i]);
      writer.writeLine(json + '}}');
    }
    await writer.settle();
  }
}

/**
 * Imports one user file into `stagingDir`: a sha256-named copy of the file, its rows as JSONL
 * (rows.jsonl) and meta.json (columns, detected schema, problems with line numbers, page offsets).
 * Bad rows fail the import with their list unless `skipBadRows`; either way nothing is stored
 * outside the staging folder, which main removes on failure.
 */
export async function importData(opts: ImportOptions): Promise<ImportResult> {
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(opts.file);
  } catch (err) {
    throw new AppError('DATA_ERROR', `Cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { file: opts.file, problem: 'UNREADABLE' });
  }
  if (!stat.isFile()) throw new AppError('DATA_ERROR', `${opts.file} is not a file`, { file: opts.file, problem: 'UNREADABLE' });
  await fsp.mkdir(opts.stagingDir, { recursive: true });
  const ext = path.extname(opts.file).toLowerCase();
  const copy = path.join(opts.stagingDir, `source${ext}`);
  const head = Buffer.alloc(Math.min(8192, stat.size));
  const fd = await fsp.open(opts.file, 'r');
  await fd.read(head, 0, head.length, 0);
  await fd.close();
  const format = opts.format ?? detectFormat(opts.file, head);
  // CSV/TSV: one read of the user's file feeds the parser, the copy and the hash (CopyTee). Other
  // formats (their readers seek, or read twice) parse a finished copy.
  let tee: CopyTee | null = null;
  let hashed: { sha256: string; synced: Promise<void> } | null = null;
  let reader: DataReader;
  if (format === 'csv' || format === 'tsv') {
    tee = new CopyTee(copy);
    reader = openCsvReader(opts.file, format === 'csv' ? ',' : '\t', {
      signal: opts.signal,
      txtMode: opts.txtMode,
      onChunk: tee.chunk,
      onBytes: (read, total) => opts.onProgress?.(read / Math.max(1, total), `Reading rows: ${mb(read)} of ${mb(total)}`),
    });
  } else {
    hashed = await copyAndHash(opts.file, copy, Math.max(1, stat.size), opts);
    reader = openReader(copy, format, {
      signal: opts.signal,
      txtMode: opts.txtMode,
      onBytes: (read, total) => opts.onProgress?.(COPY_SHARE + (1 - COPY_SHARE) * (read / Math.max(1, total)), `Reading rows: ${mb(read)} of ${mb(total)}`),
    });
  }

  const writer = new JsonlWriter(path.join(opts.stagingDir, ROWS_FILE));
  let sha256 = '';
  const sample: DataRecord[] = [];
  const problems: RowProblem[] = [];
  let problemCount = 0;
  const onProblem = (problem: RowProblem) => {
    problemCount++;
    if (problems.length < PROBLEM_SAMPLES) problems.push(problem);
  };
  try {
    if ('fieldBatches' in reader) {
      writer.overlapWrites();
      await storeCsvRows(reader as CsvReader, writer, sample, onProblem, opts.signal);
    } else {
      for await (const item of reader.rows()) {
        if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Import cancelled');
        if (item.kind === 'problem') {
          onProblem(item.problem);
          continue;
        }
        if (sample.length < DETECTION_SAMPLE) sample.push(item.record);
        writer.write({ l: item.line, r: item.record });
      }
    }
    await writer.finish();
    if (hashed) await hashed.synced;
    sha256 = tee ? await tee.finish() : hashed!.sha256;
  } catch (err) {
    await writer.abort();
    await tee?.abort();
    throw withFile(err, opts.file);
  }
  const info = reader.info();
  const name = path.basename(opts.file);
  if (problemCount > 0 && !opts.skipBadRows) {
    const first = problems[0]!;
    throw new AppError(
      'DATA_ERROR',
      `${name}: ${problemCount} bad row${problemCount === 1 ? '' : 's'} (first at line ${first.line}: ${first.message}). Fix the file, or import again skipping bad rows.`,
      { file: opts.file, problem: 'BAD_ROWS', count: problemCount, problems },
    );
  }
  if (writer.count === 0) {
    throw new AppError('DATA_ERROR', `${name}: no readable rows${problemCount ? ` (all ${problemCount} rows were bad)` : ''}`, { file: opts.file, problem: 'NO_ROWS', problems });
  }
  const notes = [...(info.notes ?? [])];
  if (info.hadBom) notes.push('The file starts with a UTF-8 byte-order mark (removed).');
  if (info.lineEndings === 'crlf') notes.push('Windows line endings (CRLF).');
  if (info.lineEndings === 'mixed') notes.push('Mixed line endings (LF and CRLF).');
  if (problemCount > 0) notes.push(`${problemCount} bad row${problemCount === 1 ? ' was' : 's were'} skipped.`);
  const meta: VersionMeta = {
    format,
    sourceName: name,
    sha256,
    bytes: stat.size,
    rows: writer.count,
    columns: info.columns,
    columnTypes: info.columnTypes ?? {},
    notes,
    detection: detectSchema(info.columns, sample),
    importProblems: { count: problemCount, samples: problems },
    offsets: writer.offsets,
    splits: null,
  };
  await writeFileDurably(path.join(opts.stagingDir, META_FILE), JSON.stringify(meta));
  opts.onProgress?.(1, `Imported ${writer.count} rows`);
  const { offsets: _offsets, ...summary } = meta;
  return { ...summary, sourceFile: copy };
}

/** Errors from readers name the staging copy; the user knows their own file. */
function withFile(err: unknown, file: string): unknown {
  if (err instanceof AppError && err.details && typeof err.details === 'object') {
    const details = { ...(err.details as Record<string, unknown>), file };
    return new AppError(err.code, err.message.replaceAll(/\S*source\.[a-z]+/g, path.basename(file)), details);
  }
  return err;
}
