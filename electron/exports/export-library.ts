import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../contract/errors.js';
import { GGUF_BITS_PER_WEIGHT, GgufType, type ExportEstimate, type ExportRequest, type ExportSource, type ExportSpec } from '../contract/exports.js';
import type { Job, TrainSpec } from '../contract/jobs.js';
import type { ModelInfo } from '../contract/models.js';
import { EXPORTS_DIR, newExportDir } from '../jobs/run-folders.js';
import type { Scheduler } from '../jobs/scheduler.js';
import { isStrictlyInside } from '../paths.js';
import type { Store } from '../store/store.js';

/** What an export reads: a base model folder, maybe an adapter, and where held-out prompts come from. */
export interface ResolvedSource {
  model: string;
  adapter?: string;
  /** The training job's validation split, else its training data. */
  data?: string;
  label: string;
}

interface TrainOutcome {
  outputDir: string | null;
  method: 'lora' | 'full';
}

const CONTEXT = 2048;
const RUNTIME_OVERHEAD = 150 * 1024 * 1024;

/** A model folder as it is, or a finished training job's adapter (LoRA) or model (full fine-tuning) with its held-out prompts. */
export function resolveExportSource(source: ExportSource, getJob: (id: string) => Job): ResolvedSource {
  if ('model' in source) {
    const model = path.resolve(source.model);
    return { model, adapter: source.adapter && path.resolve(source.adapter), label: path.basename(model) };
  }
  const job = getJob(source.jobId);
  if (job.kind !== 'train' || job.state !== 'completed') throw new AppError('CONFLICT', `Job ${source.jobId.slice(0, 8)} is a ${job.state} ${job.kind} job; export needs a completed training job`, { id: source.jobId });
  const spec = job.spec as TrainSpec;
  const result = job.result as TrainOutcome;
  if (!result.outputDir || !fs.existsSync(result.outputDir)) throw new AppError('NOT_FOUND', `The training job's output (${result.outputDir ?? 'none'}) is gone`, { id: source.jobId });
  const base = { data: spec.validationData ?? spec.data, label: `${path.basename(spec.model)}-${source.jobId.slice(0, 8)}` };
  return result.method === 'full' ? { ...base, model: result.outputDir } : { ...base, model: spec.model, adapter: result.outputDir };
}

/**
 * Exports from the app's point of view: a finished training job (or folders) in, an export job out,
 * into `<dataDir>/exports/<id>/`. The worker writes, proves and moves into place (native/tasks/export*.ts).
 * An export that does not complete leaves nothing worth keeping in its folder (temp files, a file not
 * yet proven; a failed proof's report is in the job's error), so the folder goes with it: when the job
 * fails or is cancelled, and on the next start for one the app was stopped in the middle of.
 */
export class ExportLibrary {
  readonly root: string;

  constructor(
    private readonly dataDir: string,
    private readonly store: Store,
    private readonly scheduler: Scheduler,
    private readonly inspect: (dir: string) => Promise<ModelInfo>,
  ) {
    this.root = path.join(dataDir, EXPORTS_DIR);
    scheduler.setHooks('export', { ended: (job) => this.dropFolder(job) });
  }

  /** Removes the folders of exports that failed, were cancelled, or were interrupted by a stop (after Scheduler.recover). */
  sweep(): void {
    for (const state of ['failed', 'cancelled', 'interrupted'] as const) for (const job of this.store.jobs.inState(state)) if (job.kind === 'export') this.dropFolder(job);
  }

  private dropFolder(job: Job): void {
    const out = (job.spec as { out?: unknown }).out;
    if (typeof out !== 'string') return;
    const folder = path.dirname(out);
    if (isStrictlyInside(this.root, folder)) fs.rmSync(folder, { recursive: true, force: true });
  }

  resolve(source: ExportSource): ResolvedSource {
    return resolveExportSource(source, (id) => this.store.jobs.get(id));
  }

  /** Predicted file size and inference RAM of every format and type, from the model's shape. */
  async estimate(source: ExportSource): Promise<ExportEstimate> {
    const r = this.resolve(source);
    const info = this.store.models.byPath(r.model) ?? (await this.inspect(r.model));
    const n = info.parameterCount;
    // F16 KV cache at CONTEXT tokens; hiddenSize bounds the KV width (GQA models need less).
    const kv = 2 * info.numLayers * CONTEXT * info.hiddenSize * 2;
    const choice = (format: ExportEstimate['choices'][number]['format'], quant: string, bytes: number) => ({ format, quant, fileBytes: Math.round(bytes), ramBytes: Math.round(bytes + kv + RUNTIME_OVERHEAD) });
    const gguf = GgufType.options.map((q) => choice('gguf', q, (n * GGUF_BITS_PER_WEIGHT[q]) / 8));
    return {
      parameters: n,
      choices: [...gguf, ...gguf.map((c) => ({ ...c, format: 'ollama' as const })), choice('onnx', 'F32', n * 4), choice('onnx', 'int8', n * 1.05), choice('hf', info.dtype, n * (info.dtype === 'F32' ? 4 : 2))],
    };
  }

  start(req: ExportRequest): Job {
    const r = this.resolve(req.source);
    const data = req.data ?? r.data;
    if (!data) throw new AppError('VALIDATION_ERROR', 'Choose held-out prompts for the proof (a JSON/JSONL file)', { issues: [{ path: ['data'], message: 'required for folders' }] });
    const folder = newExportDir(this.dataDir, randomUUID());
    fs.mkdirSync(folder, { recursive: true });
    const name = r.label.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
    const out = req.format === 'gguf' ? path.join(folder, `${name}-${req.quant.toLowerCase()}.gguf`) : path.join(folder, `${name}-${req.format}`);
    const spec: ExportSpec = {
      model: r.model,
      adapter: r.adapter,
      format: req.format,
      quant: req.quant,
      onnxInt8: req.onnxInt8,
      hfAdapter: req.hfAdapter,
      ollama: req.format === 'ollama' ? { create: true, name, ...req.ollama } : undefined,
      out,
      data,
      prompts: req.prompts,
      maxNewTokens: req.maxNewTokens,
      validate: req.validate,
    };
    return this.scheduler.submit({ kind: 'export', spec });
  }

  list(limit = 200): Job[] {
    return this.store.jobs.list(limit).filter((j) => j.kind === 'export');
  }
}
