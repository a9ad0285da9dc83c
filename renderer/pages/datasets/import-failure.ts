import type { RowProblem } from '../../../electron/contract/datasets.js';
import type { Job } from '../../../electron/contract/jobs.js';

/** What a failed import's `error.details` says (native/data/import-data.ts and the readers). */
export interface ImportFailure {
  code: string;
  message: string;
  /** BAD_ROWS, NO_ROWS, or a whole-file code (EMPTY_FILE, BINARY_FILE, ...); null when the error names none. */
  problem: string | null;
  /** Bad rows in all (BAD_ROWS). */
  count: number;
  /** The first bad rows, with their lines. */
  problems: RowProblem[];
  /** The line a whole-file problem was found at, when the reader knew it. */
  line: number | null;
}

/** Problem rows shown on the page; the rest are counted. */
export const SHOWN_PROBLEMS = 10;

const FILE_PROBLEMS: Record<string, string> = {
  EMPTY_FILE: 'The file is empty.',
  NO_ROWS: 'The file has no rows to import (only a header, or blank lines).',
  BINARY_FILE: 'This looks like a binary file, not text data. Was the right file chosen?',
  ROW_TOO_LARGE: 'One row is too large to read safely; is the file in the format it seems to be?',
  UNSUPPORTED_FORMAT: 'This file type is not supported: use CSV, TSV, JSON, JSONL, Parquet or TXT.',
  NOT_JSON_ARRAY: 'A .json file must hold one array of objects; for one object per line, use .jsonl.',
  BAD_PARQUET: 'The Parquet file could not be read (damaged, or uses a feature that is not supported).',
  UNREADABLE: 'The file could not be read.',
};

function isRowProblem(v: unknown): v is RowProblem {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return typeof p.code === 'string' && typeof p.line === 'number' && typeof p.message === 'string';
}

/** The failure of an import job in a shape the page can show; null unless the job failed. */
export function importFailure(job: Job): ImportFailure | null {
  if (job.state !== 'failed' || !job.error) return null;
  const d = (typeof job.error.details === 'object' && job.error.details !== null ? job.error.details : {}) as Record<string, unknown>;
  const problems = Array.isArray(d.problems) ? d.problems.filter(isRowProblem) : [];
  return {
    code: job.error.code,
    message: job.error.message,
    problem: typeof d.problem === 'string' ? d.problem : null,
    count: typeof d.count === 'number' ? d.count : problems.length,
    problems,
    line: typeof d.line === 'number' ? d.line : null,
  };
}

/** A sentence of advice for a whole-file problem; null for BAD_ROWS (the rows say it) and unknown codes. */
export function fileProblemHint(problem: string | null): string | null {
  return problem ? (FILE_PROBLEMS[problem] ?? null) : null;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
