import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../electron/contract/errors.js';
import { SafetensorsFile } from '../models/safetensors.js';
import { writeSafetensors, type F32TensorToWrite } from '../models/safetensors-writer.js';
import { publishFolder } from '../util/durable.js';
import type { LoraConfig } from './lora.js';
import type { TrainerState } from './trainer.js';

/**
 * A checkpoint folder: the adapter as PEFT saves it (adapter_model.safetensors with lora_A [r, in]
 * and lora_B [out, r], adapter_config.json) or, for full fine-tuning, model.safetensors; the AdamW
 * moments; and trainer_state.json carrying a format name and version. The folder is written under a temporary name and renamed when complete,
 * so a crash never leaves a half checkpoint at its final path.
 */
export const CHECKPOINT_FORMAT = 'finetune-studio-checkpoint';
export const CHECKPOINT_VERSION = 1;

interface TrainerStateFile {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  step: number;
  epoch: number;
  cursor: number;
  bestValLoss: number | null;
  evalsWithoutImprovement: number;
  optimizerStep: number;
}

export interface CheckpointMeta {
  /** The adapter's settings, or null for full fine-tuning (every weight trained). */
  lora: LoraConfig | null;
  baseModel: string;
  /** Shapes of the trainable variables in engine layout (LoRA A [in, r], B [r, out]). */
  shapes: ReadonlyMap<string, readonly number[]>;
  /** Full fine-tuning: the names stored transposed in the engine (linear weights). LoRA transposes every matrix. */
  transposed?: ReadonlySet<string>;
}

/** Files hold PyTorch's [out, in]; the engine holds some matrices as [in, out]. */
function isTransposed(meta: CheckpointMeta, name: string, shape: readonly number[]): boolean {
  return shape.length === 2 && (meta.lora !== null || Boolean(meta.transposed?.has(name)));
}

const MODEL_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'chat_template.jinja'];

const PEFT_MODULES: Record<string, string> = { q: 'q_proj', k: 'k_proj', v: 'v_proj', o: 'o_proj', gate: 'gate_proj', up: 'up_proj', down: 'down_proj' };

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

export function checkpointName(step: number): string {
  return `step-${String(step).padStart(8, '0')}`;
}

/** The weights in file layout ([out, in]), named as PEFT (LoRA) or transformers (full) name them. */
function fileTensors(params: Record<string, Float32Array>, meta: CheckpointMeta): F32TensorToWrite[] {
  return [...meta.shapes].map(([name, shape]) => {
    if (!isTransposed(meta, name, shape)) return { name, dtype: 'F32' as const, shape: [...shape], data: params[name]! };
    const [rows, cols] = shape as [number, number];
    return { name, dtype: 'F32' as const, shape: [cols, rows], data: transpose(params[name]!, rows, cols) };
  });
}

/**
 * LoRA: adapter_model.safetensors and adapter_config.json as PEFT lays them out. Full fine-tuning:
 * a complete Hugging Face folder, the base model's config and tokenizer files beside the new weights.
 */
async function writeModelFiles(dir: string, params: Record<string, Float32Array>, meta: CheckpointMeta): Promise<void> {
  if (meta.lora === null) {
    await writeSafetensors(path.join(dir, 'model.safetensors'), fileTensors(params, meta), { format: 'pt' });
    for (const f of MODEL_FILES) await fs.copyFile(path.join(meta.baseModel, f), path.join(dir, f)).catch(() => undefined);
    return;
  }
  await writeSafetensors(path.join(dir, 'adapter_model.safetensors'), fileTensors(params, meta), { format: 'pt' });
  await writeJson(path.join(dir, 'adapter_config.json'), {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: meta.baseModel,
    r: meta.lora.rank,
    lora_alpha: meta.lora.alpha,
    lora_dropout: meta.lora.dropout,
    target_modules: meta.lora.targets.map((t) => PEFT_MODULES[t]),
    bias: 'none',
    fan_in_fan_out: false,
    inference_mode: true,
  });
}

/** Fills a temporary sibling folder, then renames it to `final` (replacing an older one). */
async function writeFolderAtomically(final: string, fill: (tmp: string) => Promise<void>): Promise<string> {
  const tmp = `${final}.tmp-${process.pid}`;
  await fs.rm(tmp, { recursive: true, force: true });
  await fs.mkdir(tmp, { recursive: true });
  await fill(tmp);
  await fs.rm(final, { recursive: true, force: true });
  await publishFolder(tmp, final);
  return final;
}

/** The trained result alone: a PEFT adapter folder (LoRA) or a full model folder. */
export function saveTrainedModel(dir: string, params: Record<string, Float32Array>, meta: CheckpointMeta): Promise<string> {
  return writeFolderAtomically(dir, (tmp) => writeModelFiles(tmp, params, meta));
}

export function saveCheckpoint(parent: string, state: TrainerState, meta: CheckpointMeta): Promise<string> {
  return writeFolderAtomically(path.join(parent, checkpointName(state.step)), async (tmp) => {
    const moments: F32TensorToWrite[] = [];
    for (const [name, shape] of meta.shapes) {
      // Moments stay in engine layout: only this code reads them.
      moments.push({ name: `m.${name}`, dtype: 'F32', shape: [...shape], data: state.optimizer.m[name]! });
      moments.push({ name: `v.${name}`, dtype: 'F32', shape: [...shape], data: state.optimizer.v[name]! });
    }
    await writeModelFiles(tmp, state.params, meta);
    await writeSafetensors(path.join(tmp, 'optimizer.safetensors'), moments);
    const trainerState: TrainerStateFile = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      step: state.step,
      epoch: state.epoch,
      cursor: state.cursor,
      bestValLoss: state.bestValLoss,
      evalsWithoutImprovement: state.evalsWithoutImprovement,
      optimizerStep: state.optimizer.step,
    };
    await writeJson(path.join(tmp, 'trainer_state.json'), trainerState);
  });
}

export async function loadCheckpoint(dir: string, meta: CheckpointMeta): Promise<TrainerState> {
  const stateFile = path.join(dir, 'trainer_state.json');
  let raw: Partial<TrainerStateFile>;
  try {
    raw = JSON.parse(await fs.readFile(stateFile, 'utf8')) as Partial<TrainerStateFile>;
  } catch (err) {
    throw new AppError('TRAINING_ERROR', `Cannot read checkpoint ${stateFile}: ${(err as Error).message}`, { file: stateFile });
  }
  if (raw.format !== CHECKPOINT_FORMAT || raw.version !== CHECKPOINT_VERSION) {
    throw new AppError(
      'TRAINING_ERROR',
      `${stateFile} is ${raw.format ?? 'not a checkpoint'} version ${raw.version ?? '?'}; this version of Finetune Studio reads ${CHECKPOINT_FORMAT} version ${CHECKPOINT_VERSION}. Update the app or start the run again.`,
      { file: stateFile },
    );
  }
  const weights = await SafetensorsFile.open(path.join(dir, meta.lora === null ? 'model.safetensors' : 'adapter_model.safetensors'));
  const optim = await SafetensorsFile.open(path.join(dir, 'optimizer.safetensors'));
  const params: Record<string, Float32Array> = {};
  const m: Record<string, Float32Array> = {};
  const v: Record<string, Float32Array> = {};
  for (const [name, shape] of meta.shapes) {
    const data = await weights.read(name);
    params[name] = isTransposed(meta, name, shape) ? transpose(data, shape[1]!, shape[0]!) : data;
    m[name] = await optim.read(`m.${name}`);
    v[name] = await optim.read(`v.${name}`);
  }
  return {
    step: raw.step!,
    epoch: raw.epoch!,
    cursor: raw.cursor!,
    bestValLoss: raw.bestValLoss ?? null,
    evalsWithoutImprovement: raw.evalsWithoutImprovement ?? 0,
    optimizer: { step: raw.optimizerStep!, m, v },
    params,
  };
}

/** The newest complete checkpoint under `parent` (temporary folders are ignored), or null. */
export async function latestCheckpoint(parent: string): Promise<string | null> {
  const names = await fs.readdir(parent).catch(() => [] as string[]);
  const done = names.filter((n) => /^step-\d{8}$/.test(n)).sort();
  return done.length ? path.join(parent, done[done.length - 1]!) : null;
}

/** Always inside a temporary folder: writeFolderAtomically fsyncs it (publishFolder) before the rename. */
function writeJson(file: string, value: unknown): Promise<void> {
  return fs.writeFile(file, JSON.stringify(value, null, 2));
}
