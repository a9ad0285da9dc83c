import { ImportJobSpec } from '../../electron/contract/datasets.js';
import { importData, type ImportResult } from '../data/import-data.js';
import type { TaskContext } from './task.js';

/** Imports a user's file into the staging folder main chose; main moves it into place on success. */
export async function importDataTask(rawSpec: unknown, { signal, report }: TaskContext): Promise<ImportResult> {
  const spec = ImportJobSpec.parse(rawSpec);
  const result = await importData({ ...spec, signal, onProgress: (f, m) => report.progress(f, m) });
  report.log('INFO', `${result.sourceName}: ${result.rows} rows (${result.format}), ${result.importProblems.count} bad rows; detected ${result.detection.mapping?.kind ?? 'no schema'}`);
  return result;
}
