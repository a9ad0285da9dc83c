import type { PrepareRecipeInput } from '../../../electron/contract/datasets.js';
import type { MixSource } from './mix';

/** The prepare dialog's fields as typed (numbers stay strings until submitted). */
export interface PrepareForm {
  trim: boolean;
  collapseWhitespace: boolean;
  dropEmpty: boolean;
  dedup: 'none' | 'exact' | 'normalized';
  maxRows: string;
  validationPct: string;
  testPct: string;
  seed: string;
  stratify: boolean;
  template: 'model' | 'alpaca' | 'chatml';
  name: string;
}

export const DEFAULTS: PrepareForm = { trim: true, collapseWhitespace: false, dropEmpty: true, dedup: 'exact', maxRows: '', validationPct: '10', testPct: '0', seed: '42', stratify: true, template: 'model', name: '' };

/** Field problems of the form (not the mix), keyed by field; empty when it can be submitted. */
export function prepareFormProblems(f: PrepareForm): Partial<Record<keyof PrepareForm, string>> {
  const out: Partial<Record<keyof PrepareForm, string>> = {};
  const pct = (s: string) => Number(s);
  if (f.maxRows.trim() && !(Number.isInteger(Number(f.maxRows)) && Number(f.maxRows) >= 1)) out.maxRows = 'A whole number of rows, or empty for all.';
  for (const k of ['validationPct', 'testPct'] as const) if (f[k].trim() === '' || !(pct(f[k]) >= 0 && pct(f[k]) <= 50)) out[k] = 'From 0 to 50 %.';
  if (!out.validationPct && !out.testPct && pct(f.validationPct) + pct(f.testPct) >= 100) out.testPct = 'Leave some rows for training.';
  if (!(Number.isInteger(Number(f.seed)) && Number(f.seed) >= 0 && Number(f.seed) <= 2 ** 31 - 1) || f.seed.trim() === '') out.seed = 'A whole number from 0.';
  return out;
}

export function recipeFrom(f: PrepareForm, sources: readonly MixSource[]): PrepareRecipeInput {
  const recipe: PrepareRecipeInput = {
    sources: sources.map((s) => ({ versionId: s.versionId, percent: s.percent })),
    clean: { trim: f.trim, collapseWhitespace: f.collapseWhitespace, dropEmpty: f.dropEmpty },
    dedup: f.dedup,
    split: { validation: Number(f.validationPct) / 100, test: Number(f.testPct) / 100, seed: Number(f.seed), stratify: f.stratify },
    template: f.template,
  };
  if (f.maxRows.trim()) recipe.maxRows = Number(f.maxRows);
  if (f.name.trim()) recipe.name = f.name.trim();
  return recipe;
}

