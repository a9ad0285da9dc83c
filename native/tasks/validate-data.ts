import path from 'node:path';
import { ValidateJobSpec, type ValidationReport } from '../../electron/contract/datasets.js';
import { validateData } from '../data/validate-data.js';
import { ModelTokenizer } from '../models/tokenizer.js';
import { writeFileDurably } from '../util/durable.js';
import type { TaskContext } from './task.js';

/** Checks a dataset version against a model's tokenizer and chat template; the report is written beside the rows. */
export async function validateDataTask(rawSpec: unknown, { signal, report }: TaskContext): Promise<ValidationReport> {
  const spec = ValidateJobSpec.parse(rawSpec);
  const tokenizer = spec.model ? await ModelTokenizer.load(spec.model) : null;
  const result = await validateData({
    ...spec,
    tokenizer,
    tokenizerDir: spec.model ?? undefined,
    model: spec.model ? { path: spec.model, name: path.basename(spec.model) } : null,
    signal,
    onProgress: (f, m) => report.progress(f * 0.98, m),
  });
  await writeFileDurably(spec.reportFile, JSON.stringify(result));
  report.log('INFO', `validated ${result.rows} rows at ${Math.round(result.rowsPerSecond)} rows/s: ${result.warnings.length} warnings`);
  return result;
}
