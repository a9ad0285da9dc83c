import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../electron/contract/errors.js';
import { SafetensorsFile } from '../models/safetensors.js';
import { writeSafetensors, type F32TensorToWrite } from '../models/safetensors-writer.js';
import type { LoraConfig } from './lora.js';
import type { TrainerState } from './trainer.js';

/**
 * A checkpoint folder: the adapter as PEFT saves it (adapter_model.safetensors with lora_A [r, in]
 * and lora_B [out, r], adapter_config.json), the AdamW moments, and trainer_state.json carrying a
 * format name and version. The folder is written under a temporary name and renamed when complete,
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
  lora: LoraConfig;
  baseModel: string;
  /** Shapes of the trainable variables in engine layout (A [in, r], B [r, out]). */
  shapes: ReadonlyMap<string, readonly number[]>;
}

const PEFT_MODULES: Record<string, string> = { q: 'q_proj', k: 'k_proj', v: 'v_proj', o: 'o_proj', gate: 'gate_proj', up: 'up_proj', down: 'down_proj' };

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

export function checkpointName(step: number): string {
  return `step-${String(step).padStart(8, '0')}`;
}

/** Writes adapter_model.safetensors and adapter_config.json as PEFT lays them out. */
async function writeAdapterFiles(dir: string, params: Record<string, Float32Array>, meta: CheckpointMeta): Promise<void> {
  const adapter: F32TensorToWrite[] = [];
  for (const [name, shape] of meta.shapes) {
    const [rows, cols] = shape as [number, number];
    // PEFT stores nn.Linear weights [out, in]: our [in, r] A and [r, out] B are transposed.
    adapter.push({ name, dtype: 'F32', shape: [cols, rows], data: transpose(params[name]!, rows, cols) });
  }
  await writeSafetensors(path.join(dir, 'adapter_model.safetensors'), adapter, { format: 'pt' });
  await writeJsonDurably(path.join(dir, 'adapter_config.json'), {
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
  await fs.rename(tmp, final);
  await syncDir(path.dirname(final));
  return final;
}

/** The trained adapter alone, loadable by PEFT and by applyAdapter(). */
export function saveAdapter(dir: string, params: Record<string, Float32Array>, meta: CheckpointMeta): Promise<string> {
  return writeFolderAtomically(dir, (tmp) => writeAdapterFiles(tmp, params, meta));
}

export function saveCheckpoint(parent: string, state: TrainerState, meta: CheckpointMeta): Promise<string> {
  return writeFolderAtomically(path.join(parent, checkpointName(state.step)), async (tmp) => {
    const moments: F32TensorToWrite[] = [];
    for (const [name, shape] of meta.shapes) {
      moments.push({ name: `m.${name}`, dtype: 'F32', shape: [...shape], data: state.optimizer.m[name]! });
      moments.push({ name: `v.${name}`, dtype: 'F32', shape: [...shape], data: state.optimizer.v[name]! });
    }
    await writeAdapterFiles(tmp, state.params, meta);
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
    await writeJsonDurably(path.join(tmp, 'trainer_state.json'), trainerState);
  });
}

export async function loadCheckpoint(dir: string, shapes: ReadonlyMap<string, readonly number[]>): Promise<TrainerState> {
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
  const adapter = await SafetensorsFile.open(path.join(dir, 'adapter_model.safetensors'));
  const optim = await SafetensorsFile.open(path.join(dir, 'optimizer.safetensors'));
  const params: Record<string, Float32Array> = {};
  const m: Record<string, Float32Array> = {};
  const v: Record<string, Float32Array> = {};
  for (const [name, shape] of shapes) {
    const [rows, cols] = shape as [number, number];
    params[name] = transpose(await adapter.read(name), cols, rows);
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

async function writeJsonDurably(file: string, value: unknown): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(JSON.stringify(value, null, 2));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems (and Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    await handle.close();
  }
}
