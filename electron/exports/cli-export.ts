import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../contract/errors.js';
import { ExportFormat, ExportSpec, GgufType, type ExportSpecInput } from '../contract/exports.js';
import { dataDir } from '../paths.js';
import { Store } from '../store/store.js';
import { resolveExportSource, type ResolvedSource } from './export-library.js';

export interface CliExportArgs {
  target: string;
  format: string;
  quant?: string;
  out?: string;
  data?: string;
  adapter?: string;
  validate: boolean;
}

/** quant names as users type them (q4_k_m) or as GGUF writes them (Q4_K_M). */
function quantOf(q: string | undefined): GgufType | undefined {
  if (q === undefined) return undefined;
  const parsed = GgufType.safeParse(q.toUpperCase());
  if (!parsed.success) throw new AppError('VALIDATION_ERROR', `--quant ${q}: expected one of ${GgufType.options.join(', ').toLowerCase()}`);
  return parsed.data;
}

/**
 * `finetune-studio export JOB_OR_DIR`: a finished training job's id (looked up in the app's store) or a
 * model folder, to an ExportSpec the worker runs. A job's output goes to --out or the app's exports folder.
 */
export function cliExportSpec(args: CliExportArgs): ExportSpec {
  const format = ExportFormat.safeParse(args.format);
  if (!format.success) throw new AppError('VALIDATION_ERROR', `--format ${args.format}: expected gguf, ollama, onnx or hf`);
  const isFolder = fs.existsSync(args.target) && fs.statSync(args.target).isDirectory();
  // A job id is looked up in the app's store, opened only for that read.
  const store = isFolder ? null : Store.open(dataDir());
  let source: ResolvedSource;
  try {
    source = resolveExportSource(isFolder ? { model: args.target, adapter: args.adapter } : { jobId: args.target }, (id) => store!.jobs.get(id));
  } finally {
    store?.close();
  }
  const data = args.data ?? source.data;
  if (!data) throw new AppError('VALIDATION_ERROR', '--data FILE is required for a model folder (held-out prompts for the proof)');
  const quant = quantOf(args.quant) ?? 'F16';
  const outDir = path.resolve(args.out ?? path.join(dataDir(), 'exports', `${source.label}-${format.data}`));
  const name = source.label.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  const input: ExportSpecInput = {
    model: source.model,
    adapter: source.adapter,
    format: format.data,
    quant,
    out: format.data === 'gguf' ? path.join(outDir, `${name}-${quant.toLowerCase()}.gguf`) : outDir,
    data: path.resolve(data),
    validate: args.validate,
    ollama: format.data === 'ollama' ? { name, create: true } : undefined,
  };
  return ExportSpec.parse(input);
}
