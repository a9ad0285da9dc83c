import fs from 'node:fs';
import path from 'node:path';
import type { ExportResult } from '../contract/exports.js';
import type { Job } from '../contract/jobs.js';
import type { Model } from '../contract/models.js';
import type { TargetOption } from '../contract/playground.js';
import { targetId } from './target-id.js';

/** What a completed training job left (native/tasks/train.ts TrainResult), as far as the playground cares. */
interface TrainOutcome {
  outputDir?: string | null;
  method?: 'lora' | 'full';
}

const ONNX_FILES = ['model.onnx', 'decoder_model_merged.onnx', 'decoder_with_past_model.onnx'];

function when(t: number | null): string {
  return t ? new Date(t).toISOString().slice(0, 16).replace('T', ' ') : '';
}

/**
 * Everything the Playground can prompt: each base model (engine, and auto-GGUF for llama.cpp speed),
 * each completed training job's adapter or model (likewise), and each completed export's GGUF or
 * ONNX folder. Missing files leave an option out rather than offering a target that cannot load.
 */
export function targetOptions(models: readonly Model[], jobs: readonly Job[]): TargetOption[] {
  const out: TargetOption[] = [];
  const push = (o: Omit<TargetOption, 'id'>) => out.push({ ...o, id: targetId(o.target) });
  for (const m of models) {
    push({ label: m.name, detail: `base model · ${m.architecture} · ${(m.parameterCount / 1e6).toFixed(1)}M params · engine`, group: 'base', target: { kind: 'engine', model: m.path }, ollamaName: null, unavailable: null });
  }
  const modelByPath = new Map(models.map((m) => [path.resolve(m.path), m]));
  for (const job of jobs) {
    if (job.state !== 'completed') continue;
    const spec = job.spec as { model?: string; adapter?: string };
    if (job.kind === 'train') {
      const r = job.result as TrainOutcome | null;
      if (!r?.outputDir || !spec.model || !fs.existsSync(r.outputDir)) continue;
      const base = modelByPath.get(path.resolve(spec.model))?.name ?? path.basename(spec.model);
      const name = `${base} · fine-tune ${job.id.slice(0, 8)}`;
      const detail = `${r.method === 'full' ? 'full fine-tune' : 'LoRA adapter'} · ${when(job.finishedAt)}`;
      const engine = r.method === 'full' ? { kind: 'engine' as const, model: r.outputDir } : { kind: 'engine' as const, model: spec.model, adapter: r.outputDir };
      push({ label: name, detail: `${detail} · engine`, group: 'fine-tuned', target: engine, ollamaName: null, unavailable: null });
      push({ label: `${name} (GGUF)`, detail: `${detail} · made into an F32 GGUF on first use · llama.cpp`, group: 'fine-tuned', target: { ...engine, kind: 'gguf-auto' }, ollamaName: null, unavailable: null });
    }
    if (job.kind === 'export') {
      const r = job.result as Partial<ExportResult> | null;
      if (!r?.out || !fs.existsSync(r.out)) continue;
      const base = path.basename(r.out);
      if (r.format === 'gguf' || r.format === 'ollama') {
        const file = r.format === 'gguf' ? r.out : r.artifacts?.find((a) => a.kind === 'gguf')?.path;
        if (!file || !fs.existsSync(file)) continue;
        push({
          label: r.ollama?.name ?? base,
          detail: `exported GGUF${r.quant ? ` ${r.quant}` : ''} · ${when(job.finishedAt)} · llama.cpp`,
          group: 'gguf',
          target: spec.model ? { kind: 'gguf', file, tokenizer: spec.model } : { kind: 'gguf', file },
          ollamaName: r.ollama?.name ?? null,
          unavailable: null,
        });
      }
      if (r.format === 'onnx') {
        const has = ONNX_FILES.some((f) => fs.existsSync(path.join(r.out!, f)));
        push({ label: `${base} (ONNX)`, detail: `exported ONNX · ${when(job.finishedAt)} · onnxruntime`, group: 'onnx', target: { kind: 'onnx', folder: r.out }, ollamaName: null, unavailable: has ? null : 'no ONNX model file in the export folder' });
      }
    }
  }
  for (const m of models) {
    push({ label: `${m.name} (GGUF)`, detail: 'base model · made into an F32 GGUF on first use · llama.cpp', group: 'gguf', target: { kind: 'gguf-auto', model: m.path }, ollamaName: null, unavailable: null });
  }
  if (!out.some((o) => o.group === 'onnx')) {
    // Says why the ONNX column is empty rather than leaving the user to guess.
    out.push({ id: 'onnx:none', label: 'ONNX', detail: 'no ONNX export yet: export a model to ONNX on the Export page', group: 'onnx', target: { kind: 'onnx', folder: '-' }, ollamaName: null, unavailable: 'no ONNX export yet' });
  }
  return out;
}
