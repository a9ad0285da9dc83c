import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../electron/contract/errors.js';
import type { DataReader, DataRecord, ReaderInfo, RowProblem } from '../../../../native/data/types.js';
import { repoRoot } from '../../../helpers/fixtures.js';

/** The real third-party files (read in place, never copied). */
export const SHARED_DATA = path.resolve(repoRoot, '..', 'shared', 'data');

export interface ReadAll {
  rows: { line: number; record: DataRecord }[];
  problems: RowProblem[];
  info: ReaderInfo;
}

/** Drains a reader into arrays (fine for test-sized files). */
export async function readAll(reader: DataReader): Promise<ReadAll> {
  const rows: ReadAll['rows'] = [];
  const problems: RowProblem[] = [];
  for await (const item of reader.rows()) {
    if (item.kind === 'row') rows.push({ line: item.line, record: item.record });
    else problems.push(item.problem);
  }
  return { rows, problems, info: reader.info() };
}

/** The AppError a whole-file failure throws, with its details typed for assertions. */
export async function fileProblem(reader: DataReader): Promise<{ err: AppError; problem: unknown; line: unknown }> {
  try {
    await readAll(reader);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const details = (err.details ?? {}) as { problem?: unknown; line?: unknown };
    return { err, problem: details.problem, line: details.line };
  }
  throw new Error('expected the reader to fail');
}

export function write(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
