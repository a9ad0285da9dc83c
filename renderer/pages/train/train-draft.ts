import type { Dataset, DatasetVersion } from '../../../electron/contract/datasets.js';
import type { TrainEstimateRequest, TrainRequest } from '../../../electron/contract/jobs.js';
import type { z } from 'zod';

/**
 * The Train page's form, as typed: numbers stay strings until submit so "2e-" or an emptied field
 * is not rewritten under the user's cursor. Limits repeat TrainSpec's (electron/contract/jobs.ts);
 * main validates again at the boundary.
 */
export interface TrainDraft {
  datasetVersionId: string;
  model: string;
  method: 'lora' | 'full';
  epochs: string;
  batchSize: string;
  maxLength: string;
  learningRate: string;
  rank: string;
  alpha: string;
  gradAccumSteps: string;
  schedule: 'constant' | 'linear' | 'cosine';
  warmupSteps: string;
  weightDecay: string;
  evalEvery: string;
  earlyStoppingPatience: string;
  checkpointEvery: string;
  seed: string;
}

export type PresetId = 'quick' | 'balanced' | 'thorough';
type PresetFields = Pick<TrainDraft, 'epochs' | 'batchSize' | 'maxLength' | 'learningRate' | 'rank' | 'alpha' | 'evalEvery' | 'earlyStoppingPatience'>;

export const PRESETS: Record<PresetId, { label: string; hint: string; fields: PresetFields }> = {
  quick: {
    label: 'Quick test',
    hint: '1 epoch, rank 8, short rows: checks that everything runs',
    fields: { epochs: '1', batchSize: '4', maxLength: '256', learningRate: '2e-4', rank: '8', alpha: '16', evalEvery: '0', earlyStoppingPatience: '0' },
  },
  balanced: {
    label: 'Balanced',
    hint: '3 epochs, rank 16: a sound first real run',
    fields: { epochs: '3', batchSize: '4', maxLength: '512', learningRate: '2e-4', rank: '16', alpha: '32', evalEvery: '0', earlyStoppingPatience: '0' },
  },
  thorough: {
    label: 'Thorough',
    hint: '5 epochs, rank 32, evaluation every 25 steps with early stopping',
    fields: { epochs: '5', batchSize: '4', maxLength: '512', learningRate: '1e-4', rank: '32', alpha: '64', evalEvery: '25', earlyStoppingPatience: '3' },
  },
};

export const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

export const DEFAULT_DRAFT: TrainDraft = {
  datasetVersionId: '',
  model: '',
  method: 'lora',
  ...PRESETS.quick.fields,
  gradAccumSteps: '1',
  schedule: 'cosine',
  warmupSteps: '0',
  weightDecay: '0',
  checkpointEvery: '50',
  seed: '42',
};

export function applyPreset(draft: TrainDraft, id: PresetId): TrainDraft {
  return { ...draft, ...PRESETS[id].fields };
}

/** The preset the draft still matches exactly, or null once a preset field was edited ("Custom"). */
export function matchingPreset(draft: TrainDraft): PresetId | null {
  return PRESET_IDS.find((id) => Object.entries(PRESETS[id].fields).every(([k, v]) => Number(draft[k as keyof PresetFields]) === Number(v))) ?? null;
}

type NumberField = Exclude<keyof TrainDraft, 'datasetVersionId' | 'model' | 'method' | 'schedule'>;

interface Limit {
  label: string;
  min: number;
  max: number;
  integer: boolean;
  /** Strictly above min (learning rate). */
  exclusiveMin?: boolean;
}

export const LIMITS: Record<NumberField, Limit> = {
  epochs: { label: 'Epochs', min: 1, max: 1000, integer: true },
  batchSize: { label: 'Batch size', min: 1, max: 1024, integer: true },
  maxLength: { label: 'Max length', min: 8, max: 32768, integer: true },
  learningRate: { label: 'Learning rate', min: 0, max: 1, integer: false, exclusiveMin: true },
  rank: { label: 'LoRA rank', min: 1, max: 512, integer: true },
  alpha: { label: 'LoRA alpha', min: 0, max: 4096, integer: false, exclusiveMin: true },
  gradAccumSteps: { label: 'Gradient accumulation', min: 1, max: 1024, integer: true },
  warmupSteps: { label: 'Warm-up steps', min: 0, max: 1_000_000, integer: true },
  weightDecay: { label: 'Weight decay', min: 0, max: 1, integer: false },
  evalEvery: { label: 'Evaluate every', min: 0, max: 1_000_000, integer: true },
  earlyStoppingPatience: { label: 'Early stopping', min: 0, max: 1000, integer: true },
  checkpointEvery: { label: 'Checkpoint every', min: 0, max: 1_000_000, integer: true },
  seed: { label: 'Seed', min: 0, max: 2 ** 31 - 1, integer: true },
};

/** Why a field's text is not an acceptable value, or null. */
export function fieldError(field: NumberField, text: string): string | null {
  const l = LIMITS[field];
  const n = text.trim() === '' ? NaN : Number(text);
  const range = `${l.exclusiveMin ? `above ${l.min}` : `from ${l.min}`} ${l.exclusiveMin ? 'and at most' : 'to'} ${l.max}`;
  if (!Number.isFinite(n) || (l.integer && !Number.isInteger(n)) || n > l.max || (l.exclusiveMin ? n <= l.min : n < l.min)) {
    return `${l.label} is ${l.integer ? 'a whole number' : 'a number'} ${range}.`;
  }
  return null;
}

export type DraftErrors = Partial<Record<keyof TrainDraft, string>>;

/** Every problem that stops the draft from being queued, by field. */
export function draftErrors(draft: TrainDraft): DraftErrors {
  const errors: DraftErrors = {};
  if (!draft.datasetVersionId) errors.datasetVersionId = 'Choose a prepared dataset version.';
  if (!draft.model) errors.model = 'Choose a base model.';
  for (const field of Object.keys(LIMITS) as NumberField[]) {
    // LoRA's own fields do not matter to full fine-tuning.
    if (draft.method === 'full' && (field === 'rank' || field === 'alpha')) continue;
    const e = fieldError(field, draft[field]);
    if (e) errors[field] = e;
  }
  return errors;
}

const num = (s: string) => Number(s);

export function draftToRequest(draft: TrainDraft, force = false): z.input<typeof TrainRequest> {
  return {
    datasetVersionId: draft.datasetVersionId,
    model: draft.model,
    method: draft.method,
    epochs: num(draft.epochs),
    batchSize: num(draft.batchSize),
    maxLength: num(draft.maxLength),
    learningRate: num(draft.learningRate),
    lora: { rank: num(draft.rank), alpha: num(draft.alpha) },
    gradAccumSteps: num(draft.gradAccumSteps),
    schedule: draft.schedule,
    warmupSteps: num(draft.warmupSteps),
    weightDecay: num(draft.weightDecay),
    evalEvery: num(draft.evalEvery),
    earlyStoppingPatience: num(draft.earlyStoppingPatience),
    checkpointEvery: num(draft.checkpointEvery),
    seed: num(draft.seed),
    force,
  };
}

/** What the memory estimate depends on; null while one of those fields is not a valid value. */
export function estimateRequest(draft: TrainDraft): z.input<typeof TrainEstimateRequest> | null {
  if (!draft.model) return null;
  for (const f of ['batchSize', 'maxLength', 'rank'] as const) if (fieldError(f, draft[f])) return null;
  return { model: draft.model, method: draft.method, rank: num(draft.rank), batchSize: num(draft.batchSize), maxLength: num(draft.maxLength) };
}

/** A version folder's id from a training file path main wrote: `.../datasets/versions/<id>/train.jsonl`. */
export function versionIdFromDataPath(path: unknown): string {
  if (typeof path !== 'string') return '';
  return /[\\/]versions[\\/]([^\\/]+)[\\/][^\\/]+$/.exec(path)?.[1] ?? '';
}

/** A finished job's spec back as a draft ("clone"): fields it lacks keep the current values. */
export function draftFromJobSpec(spec: unknown, base: TrainDraft = DEFAULT_DRAFT): TrainDraft {
  if (typeof spec !== 'object' || spec === null) return base;
  const s = spec as Record<string, unknown>;
  const str = (v: unknown, fallback: string) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : fallback);
  const lora = (typeof s.lora === 'object' && s.lora !== null ? s.lora : {}) as Record<string, unknown>;
  const schedule = s.schedule === 'constant' || s.schedule === 'linear' || s.schedule === 'cosine' ? s.schedule : base.schedule;
  return {
    datasetVersionId: typeof s.datasetVersionId === 'string' ? s.datasetVersionId : versionIdFromDataPath(s.data) || base.datasetVersionId,
    model: typeof s.model === 'string' ? s.model : base.model,
    method: s.method === 'full' ? 'full' : s.method === 'lora' ? 'lora' : base.method,
    epochs: str(s.epochs, base.epochs),
    batchSize: str(s.batchSize, base.batchSize),
    maxLength: str(s.maxLength, base.maxLength),
    learningRate: str(s.learningRate, base.learningRate),
    rank: str(lora.rank, base.rank),
    alpha: str(lora.alpha, base.alpha),
    gradAccumSteps: str(s.gradAccumSteps, base.gradAccumSteps),
    schedule,
    warmupSteps: str(s.warmupSteps, base.warmupSteps),
    weightDecay: str(s.weightDecay, base.weightDecay),
    evalEvery: str(s.evalEvery, base.evalEvery),
    earlyStoppingPatience: str(s.earlyStoppingPatience, base.earlyStoppingPatience),
    checkpointEvery: str(s.checkpointEvery, base.checkpointEvery),
    seed: str(s.seed, base.seed),
  };
}

export interface VersionChoice {
  dataset: Dataset;
  version: DatasetVersion;
  label: string;
}

/**
 * Versions training can read (prepared: they have split files), newest first, and the datasets
 * that have none yet (they need "Prepare…" on the Datasets page first).
 */
export function trainableVersions(datasets: readonly Dataset[]): { prepared: VersionChoice[]; unprepared: Dataset[] } {
  const prepared: VersionChoice[] = [];
  const unprepared: Dataset[] = [];
  for (const d of datasets) {
    const sorted = [...d.versions].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const ready = sorted.filter((v) => v.splits !== null);
    if (ready.length === 0) unprepared.push(d);
    for (const v of ready) prepared.push({ dataset: d, version: v, label: `${d.name} v${sorted.indexOf(v) + 1}${v.recipe?.name ? ` · ${v.recipe.name}` : ''}` });
  }
  prepared.sort((a, b) => b.version.createdAt - a.version.createdAt || b.version.id.localeCompare(a.version.id));
  return { prepared, unprepared };
}

/** Where the version's latest validation stands for the chosen model. */
export function validationStatus(version: DatasetVersion | null, modelPath: string): 'none' | 'other-model' | 'current' {
  const r = version?.validation;
  if (!r) return 'none';
  return r.model?.path === modelPath ? 'current' : 'other-model';
}
