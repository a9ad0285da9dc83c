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
import { detectFormat, openReader } from './readers/open-reader.js';
import type { DataFormat, DataRecord, RowProblem } from './types.js';

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

/** Copies the user's file (read-only) while hashing it; the copy is what gets parsed. */
async function copyAndHash(file: string, dest: string, total: number, opts: ImportOptions): Promise<string> {
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
  await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), tap, out, { signal: opts.signal });
  const fd = await fsp.open(dest, 'r+');
  await fd.sync();
  await fd.close();
  return hash.digest('hex');
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

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
  const sha256 = await copyAndHash(opts.file, copy, Math.max(1, stat.size), opts);

  const head = Buffer.alloc(Math.min(8192, stat.size));
  const fd = await fsp.open(copy, 'r');
  await fd.read(head, 0, head.length, 0);
  await fd.close();
  const format = opts.format ?? detectFormat(opts.file, head);
  const reader = openReader(copy, format, {
    signal: opts.signal,
    txtMode: opts.txtMode,
    onBytes: (read, total) => opts.onProgress?.(COPY_SHARE + (1 - COPY_SHARE) * (read / Math.max(1, total)), `Reading rows: ${mb(read)} of ${mb(total)}`),
  });

  const writer = new JsonlWriter(path.join(opts.stagingDir, ROWS_FILE));
  const sample: DataRecord[] = [];
  const problems: RowProblem[] = [];
  let problemCount = 0;
  try {
    for await (const item of reader.rows()) {
      if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Import cancelled');
      if (item.kind === 'problem') {
        problemCount++;
        if (problems.length < PROBLEM_SAMPLES) problems.push(item.problem);
        continue;
      }
      if (sample.length < DETECTION_SAMPLE) sample.push(item.record);
      writer.write({ l: item.line, r: item.record });
    }
    writer.close();
  } catch (err) {
    writer.abandon();
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
