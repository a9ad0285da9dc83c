import path from 'node:path';
import fsp from 'node:fs/promises';
import { checkMix, META_FILE, ROWS_FILE, SPLIT_FILES, type ColumnMapping, type PrepareRecipe, type StoredRow, type VersionMeta } from '../../electron/contract/datasets.js';
import { AppError } from '../../electron/contract/errors.js';
import { ALPACA_PROMPT } from '../engine/sft-examples.js';
import { Rng } from '../engine/rng.js';
import { sha256OfFile, writeFileDurably } from '../util/durable.js';
import { detectSchema } from './detect-schema.js';
import { hash53 } from './hash53.js';
import { JsonlWriter, readJsonl } from './jsonl-writer.js';
import { normalizedKey, sampleKey, toSample, type Sample } from './samples.js';

export interface PrepareSource {
  versionId: string;
  rowsFile: string;
  mapping: ColumnMapping;
  percent: number;
}

export interface PrepareOptions {
  recipe: PrepareRecipe;
  sources: PrepareSource[];
  stagingDir: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

export interface PrepareResult extends Omit<VersionMeta, 'offsets' | 'splitOffsets'> {
  dropped: { invalid: number; empty: number; duplicates: number };
  perSource: { versionId: string; available: number; used: number }[];
}

const clean = (s: string, recipe: PrepareRecipe): string => {
  let out = s;
  if (recipe.clean.collapseWhitespace) out = out.replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n');
  if (recipe.clean.trim) out = out.trim();
  return out;
};

function cleanSample(s: Sample, recipe: PrepareRecipe): Sample {
  if (s.kind === 'conversation') return { kind: 'conversation', messages: s.messages.map((m) => ({ role: m.role, content: clean(m.content, recipe) })) };
  if (s.kind === 'text') return { kind: 'text', text: clean(s.text, recipe) };
  return { kind: 'classification', text: clean(s.text, recipe), label: s.label };
}

const isEmpty = (s: Sample): boolean => (s.kind === 'conversation' ? s.messages.some((m) => m.role === 'assistant' && m.content === '') || s.messages.every((m) => m.role !== 'user' || m.content === '') : s.text === '');

const CHATML = (messages: Sample & { kind: 'conversation' }) => messages.messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('') + '<|im_start|>assistant\n';

/** The record a training job reads (native/engine/sft-examples.ts understands each shape). */
function trainingRecord(s: Sample, template: PrepareRecipe['template']): Record<string, unknown> {
  if (s.kind !== 'conversation') return s.kind === 'text' ? { text: s.text } : { text: s.text, label: s.label };
  if (template === 'model') return { messages: s.messages };
  const last = s.messages.map((m) => m.role).lastIndexOf('assistant');
  const prompt = { kind: 'conversation' as const, messages: s.messages.slice(0, last) };
  const user = prompt.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n\n');
  // A fixed format is rendered here; training encodes `prompt_text` as it is, without the model's template.
  return { prompt_text: template === 'chatml' ? CHATML(prompt) : ALPACA_PROMPT(user, ''), completion: s.messages[last]!.content };
}

function mappingFor(kind: Sample['kind'], template: PrepareRecipe['template']): ColumnMapping {
  if (kind === 'text') return { kind: 'text', columns: { text: 'text' } };
  if (kind === 'classification') return { kind: 'classification', columns: { text: 'text', label: 'label' } };
  return template === 'model' ? { kind: 'chat', columns: { messages: 'messages' } } : { kind: 'prompt-completion', columns: { prompt: 'prompt_text', completion: 'completion' } };
}

function checkRecipe(recipe: PrepareRecipe, sources: PrepareSource[]): void {
  checkMix(recipe.sources);
  const kinds = new Set(sources.map((s) => (s.mapping.kind === 'text' || s.mapping.kind === 'classification' ? s.mapping.kind : 'conversation')));
  if (kinds.size > 1) throw new AppError('VALIDATION_ERROR', `Cannot mix ${[...kinds].join(' and ')} data in one training set`, { issues: [{ path: ['sources'], message: 'mixed kinds' }] });
}

/**
 * Makes a training-ready version from one or more sources: rows mapped to samples, cleaned,
 * de-duplicated, mixed by percentage (each row used at most once), capped, shuffled and split with
 * a seed (stratified by label for classification). Writes rows.jsonl (every sample with its split),
 * one file per split, and meta.json into the staging folder.
 */
export async function prepareData(opts: PrepareOptions): Promise<PrepareResult> {
  const { recipe } = opts;
  checkRecipe(recipe, opts.sources);
  const rng = new Rng(recipe.split.seed);
  const seen = new Set<number>();
  const dropped = { invalid: 0, empty: 0, duplicates: 0 };
  const pools: Sample[][] = [];
  for (const [i, source] of opts.sources.entries()) {
    const pool: Sample[] = [];
    for await (const row of readJsonl<StoredRow>(source.rowsFile)) {
      const r = toSample(row.r, source.mapping, row.l);
      if (!r.ok) {
        dropped.invalid++;
        continue;
      }
      const s = cleanSample(r.sample, recipe);
      if (recipe.clean.dropEmpty && isEmpty(s)) {
        dropped.empty++;
        continue;
      }
      if (recipe.dedup !== 'none') {
        const key = sampleKey(s);
        const h = hash53(recipe.dedup === 'exact' ? key : normalizedKey(key));
        if (seen.has(h)) {
          dropped.duplicates++;
          continue;
        }
        seen.add(h);
      }
      pool.push(s);
    }
    if (opts.signal?.aborted) throw opts.signal.reason;
    opts.onProgress?.((0.7 * (i + 1)) / opts.sources.length, `Read ${opts.sources[i]!.versionId}: ${pool.length} usable rows`);
    rng.shuffle(pool);
    pools.push(pool);
  }
  // The largest total for which every source supplies its share without repeating a row.
  let total = Math.min(...pools.map((p, i) => Math.floor(p.length / (opts.sources[i]!.percent / 100))));
  if (recipe.maxRows !== undefined) total = Math.min(total, recipe.maxRows);
  const chosen: Sample[] = [];
  const perSource = pools.map((p, i) => {
    const n = Math.min(p.length, Math.round((total * opts.sources[i]!.percent) / 100));
    chosen.push(...p.slice(0, n));
    return { versionId: opts.sources[i]!.versionId, available: p.length, used: n };
  });
  if (chosen.length === 0) throw new AppError('DATA_ERROR', 'No usable rows remain after cleaning and de-duplication', { dropped });
  rng.shuffle(chosen);
  const splitOf = assignSplits(chosen, recipe, rng);
  return write(opts, chosen, splitOf, dropped, perSource);
}

type Split = 'train' | 'validation' | 'test';

function assignSplits(samples: Sample[], recipe: PrepareRecipe, rng: Rng): Split[] {
  const out = new Array<Split>(samples.length).fill('train');
  const groups = new Map<string, number[]>();
  for (const [i, s] of samples.entries()) {
    const key = recipe.split.stratify && s.kind === 'classification' ? s.label : '';
    const g = groups.get(key) ?? [];
    g.push(i);
    groups.set(key, g);
  }
  for (const idx of groups.values()) {
    rng.shuffle(idx);
    const nVal = Math.round(idx.length * recipe.split.validation);
    const nTest = Math.round(idx.length * recipe.split.test);
    idx.slice(0, nVal).forEach((i) => (out[i] = 'validation'));
    idx.slice(nVal, nVal + nTest).forEach((i) => (out[i] = 'test'));
  }
  return out;
}

async function write(opts: PrepareOptions, samples: Sample[], splitOf: Split[], dropped: PrepareResult['dropped'], perSource: PrepareResult['perSource']): Promise<PrepareResult> {
  const { recipe } = opts;
  await fsp.mkdir(opts.stagingDir, { recursive: true });
  const all = new JsonlWriter(path.join(opts.stagingDir, ROWS_FILE));
  const files = {
    train: new JsonlWriter(path.join(opts.stagingDir, SPLIT_FILES.train)),
    validation: new JsonlWriter(path.join(opts.stagingDir, SPLIT_FILES.validation)),
    test: new JsonlWriter(path.join(opts.stagingDir, SPLIT_FILES.test)),
  };
  const firstRecords: Record<string, unknown>[] = [];
  for (const [i, s] of samples.entries()) {
    const split = splitOf[i]!;
    const record = trainingRecord(s, recipe.template);
    files[split].write(record);
    const withSplit = { ...record, split };
    if (firstRecords.length < 200) firstRecords.push(withSplit);
    all.write({ l: i + 1, r: withSplit });
  }
  all.close();
  for (const f of Object.values(files)) f.close();
  const kind = samples[0]!.kind;
  const mapping = mappingFor(kind, recipe.template);
  const columns = Object.keys(firstRecords[0] ?? {});
  const detection = detectSchema(columns, firstRecords);
  const meta: VersionMeta = {
    format: 'jsonl',
    sourceName: recipe.name ?? 'prepared',
    sha256: await sha256OfFile(all.file),
    bytes: (await fsp.stat(all.file)).size,
    rows: samples.length,
    columns,
    columnTypes: {},
    notes: [`Prepared from ${perSource.map((p) => `${p.used} of ${p.available} rows of ${p.versionId}`).join(', ')}; dropped ${dropped.invalid} invalid, ${dropped.empty} empty and ${dropped.duplicates} duplicate rows.`],
    detection: { ...detection, mapping, reasons: [`Prepared as ${mapping.kind}.`, ...detection.reasons] },
    importProblems: { count: 0, samples: [] },
    offsets: all.offsets,
    splits: { train: files.train.count, validation: files.validation.count, test: files.test.count },
    splitOffsets: { train: files.train.offsets, validation: files.validation.offsets, test: files.test.offsets },
  };
  await writeFileDurably(path.join(opts.stagingDir, META_FILE), JSON.stringify(meta));
  opts.onProgress?.(1, `Prepared ${samples.length} rows`);
  const { offsets: _o, splitOffsets: _s, ...summary } = meta;
  return { ...summary, dropped, perSource };
}
