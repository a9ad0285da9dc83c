import { ExportSpec, type ExportFormat, type ExportResult } from '../../electron/contract/exports.js';
import { exportGguf } from './export-gguf.js';
import { exportHf } from './export-hf.js';
import { exportOllama } from './export-ollama.js';
import { exportOnnx } from './export-onnx.js';
import type { TaskContext } from './task.js';

type Exporter = (spec: ExportSpec, ctx: TaskContext) => Promise<ExportResult>;

/** One export job: the format's exporter writes, proves with an independent runtime, then moves into place. */
const EXPORTERS: Record<ExportFormat, Exporter> = {
  gguf: exportGguf,
  ollama: exportOllama,
  onnx: (spec, ctx) => exportOnnx(spec, ctx),
  hf: exportHf,
};

export async function exportTask(rawSpec: unknown, ctx: TaskContext): Promise<ExportResult> {
  const spec = ExportSpec.parse(rawSpec);
  return EXPORTERS[spec.format](spec, ctx);
}
