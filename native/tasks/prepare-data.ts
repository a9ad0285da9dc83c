import { PrepareJobSpec } from '../../electron/contract/datasets.js';
import { prepareData, type PrepareResult } from '../data/prepare-data.js';
import type { TaskContext } from './task.js';

/** Prepares a training-ready dataset version in the staging folder main chose. */
export async function prepareDataTask(rawSpec: unknown, { signal, report }: TaskContext): Promise<PrepareResult> {
  const spec = PrepareJobSpec.parse(rawSpec);
  const result = await prepareData({ ...spec, signal, onProgress: (f, m) => report.progress(f, m) });
  report.log('INFO', `prepared ${result.rows} rows: ${JSON.stringify(result.splits)}; dropped ${JSON.stringify(result.dropped)}`);
  return result;
}
