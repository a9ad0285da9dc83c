import path from 'node:path';
import { AppError } from '../../../electron/contract/errors.js';
import type { FileProblemCode } from '../types.js';

/** The whole-file failure every reader throws (the shape types.ts promises: DATA_ERROR with file, problem, line). */
export function dataError(file: string, problem: FileProblemCode, message: string, line?: number): AppError {
  const details = line === undefined ? { file, problem } : { file, problem, line };
  return new AppError('DATA_ERROR', `${path.basename(file)}: ${message}`, details);
}

/** Cancellation surfaces as the same code the import uses, so the job ends as cancelled, not failed. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Import cancelled');
}

/** A reader that yielded nothing: an empty file and a file of blank lines need different advice. */
export function nothingReadError(file: string, totalBytes: number, what: string): AppError {
  if (totalBytes === 0) return dataError(file, 'EMPTY_FILE', 'the file is empty. Choose a file that contains data.');
  return dataError(file, 'NO_ROWS', `the file contains no ${what}. Add at least one row and import again.`);
}

/** Readable sizes for messages: "4 MiB" rather than a byte count. */
export function formatBytes(n: number): string {
  if (n >= 1 << 20) return `${Math.round((n / (1 << 20)) * 10) / 10} MiB`;
  if (n >= 1 << 10) return `${Math.round(n / (1 << 10))} KiB`;
  return `${n} bytes`;
}

export const DEFAULT_MAX_ROW_BYTES = 4 << 20;

/** How often onBytes fires: often enough for a smooth bar, rarely enough to cost nothing. */
export const PROGRESS_STEP_BYTES = 4 << 20;

/**
 * NUL bytes never occur in UTF-8 text we can import; UTF-16 files are the common innocent case, so
 * they get their own advice. Returns a message, or null when the bytes look like text.
 */
export function binaryProblem(head: Uint8Array): string | null {
  const sample = head.subarray(0, 8192);
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    return 'the file is saved as UTF-16 text. Save it again as UTF-8 and import again.';
  }
  if (sample.includes(0)) return 'the file is binary, not text (it contains NUL bytes). Choose a CSV, TSV, JSON, JSONL, Parquet or TXT file.';
  return null;
}
