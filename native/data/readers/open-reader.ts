import path from 'node:path';
import type { DataFormat, DataReader, ReaderOptions } from '../types.js';
import { openCsvReader } from './csv-reader.js';
import { binaryProblem, dataError } from './data-error.js';
import { openJsonReader } from './json-reader.js';
import { openJsonlReader } from './jsonl-reader.js';
import { openParquetReader } from './parquet-reader.js';
import { openTxtReader } from './txt-reader.js';

const BY_EXTENSION: Record<string, DataFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.txt': 'txt',
};

/** Parquet files start (and end) with these 4 bytes (Apache Parquet file format). */
const PARQUET_MAGIC = Buffer.from('PAR1');

/**
 * Picks a reader for `file`: the extension decides when it is one we know; otherwise the first
 * bytes (up to 8 KB) are sniffed. Binary content is refused here, before any reader runs, unless it
 * is Parquet.
 */
export function detectFormat(file: string, firstBytes: Uint8Array): DataFormat {
  const head = Buffer.from(firstBytes.buffer, firstBytes.byteOffset, Math.min(firstBytes.byteLength, 8192));
  const isParquet = head.subarray(0, 4).equals(PARQUET_MAGIC);
  const byExt = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (byExt === 'parquet') {
    if (!isParquet && head.length > 0) {
      throw dataError(file, 'BAD_PARQUET', 'the file has a .parquet name but does not start like a Parquet file. Check that it is really Parquet (not renamed CSV or JSON) and export it again.');
    }
    return 'parquet';
  }
  if (isParquet && byExt === undefined) return 'parquet';
  const binary = binaryProblem(head);
  if (binary) throw dataError(file, 'BINARY_FILE', binary);
  if (byExt) return byExt;
  return sniffText(head.toString('utf8'));
}

/** Guesses a text format from its start: JSON by its first character, CSV/TSV by the first line. */
function sniffText(text: string): DataFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) return 'jsonl';
  const firstLine = start.split('\n', 1)[0] ?? '';
  if (firstLine.includes('\t')) return 'tsv';
  if (firstLine.includes(',')) return 'csv';
  return 'txt';
}

/** Opens the reader for `format`; nothing is read until rows() is iterated. */
export function openReader(file: string, format: DataFormat, opts: ReaderOptions = {}): DataReader {
  switch (format) {
    case 'csv':
      return openCsvReader(file, ',', opts);
    case 'tsv':
      return openCsvReader(file, '\t', opts);
    case 'json':
      return openJsonReader(file, opts);
    case 'jsonl':
      return openJsonlReader(file, opts);
    case 'parquet':
      return openParquetReader(file, opts);
    case 'txt':
      return openTxtReader(file, opts);
    default: {
      const unknown: never = format;
      throw dataError(file, 'UNSUPPORTED_FORMAT', `the format "${String(unknown)}" is not supported. Use CSV, TSV, JSON, JSONL, Parquet or TXT.`);
    }
  }
}
