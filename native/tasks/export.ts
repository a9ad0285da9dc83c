import { ExportSpec, type ExportFormat, type ExportResult } from '../../electron/contract/exports.js';
import { AppError } from '../../electron/contract/errors.js';
import { exportGguf } from './export-gguf.js';
import { exportHf } from './export-hf.js';
import { exportOllama } from './export-ollama.js';
import type { TaskContext } from './task.js';

type Exporter = (spec: ExportSpec, ctx: TaskContext) => Promise<ExportResult>;

const notYet = (format: ExportFormat): Exporter => () => Promise.reject(new AppError('EXPORT_ERROR', `${format} export is not built yet`));

/** One export job: the format's exporter writes, proves with an independent runtime, then moves into place. */
const EXPORTERS: Record<ExportFormat, Exporter> = {
  gguf: exportGguf,
  ollama: exportOllama,
  onnx: notYet('onnx'),
  hf: exportHf,
};

export async function exportTask(rawSpec: unknown, ctx: TaskContext): Promise<ExportResult> {
  const spec = ExportSpec.parse(rawSpec);
  return EXPORTERS[spec.format](spec, ctx);
}
