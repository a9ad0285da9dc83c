import type { PrepareRecipe } from '../../../electron/contract/datasets.js';

export interface MixSource {
  versionId: string;
  percent: number;
}

/** The sum the backend checks (exactly 100, give or take rounding). */
export function mixTotal(sources: readonly MixSource[]): number {
  return sources.reduce((a, s) => a + (Number.isFinite(s.percent) ? s.percent : 0), 0);
}

/** Why the mix cannot be submitted, or null when it can. */
export function mixProblem(sources: readonly MixSource[]): string | null {
  if (sources.length === 0) return 'Choose at least one source.';
  if (sources.some((s) => !Number.isFinite(s.percent) || s.percent <= 0 || s.percent > 100)) return 'Every source needs a share between 0 and 100 %.';
  if (new Set(sources.map((s) => s.versionId)).size !== sources.length) return 'A version can be used only once.';
  const total = mixTotal(sources);
  if (Math.abs(total - 100) > 1e-6) return `The shares add up to ${round(total)} %, not 100 %.`;
  return null;
}

/** n whole shares that add up to 100 (the first ones get the remainder): 3 -> 34, 33, 33. */
export function evenShares(n: number): number[] {
  if (n <= 0) return [];
  const base = Math.floor(100 / n);
  return Array.from({ length: n }, (_, i) => base + (i < 100 - base * n ? 1 : 0));
}

const round = (x: number) => Math.round(x * 100) / 100;

/** One line saying how a prepared version was made, for the versions list. */
export function recipeSummary(r: PrepareRecipe, names: (versionId: string) => string = (id) => id.slice(0, 8)): string {
  const parts: string[] = [];
  parts.push(r.sources.length === 1 ? `from ${names(r.sources[0]!.versionId)}` : `mix ${r.sources.map((s) => `${round(s.percent)}% ${names(s.versionId)}`).join(' + ')}`);
  const clean = [r.clean.trim && 'trim', r.clean.collapseWhitespace && 'collapse spaces', r.clean.dropEmpty && 'drop empty'].filter(Boolean);
  if (clean.length) parts.push(clean.join(', '));
  if (r.dedup !== 'none') parts.push(`dedup ${r.dedup}`);
  if (r.maxRows) parts.push(`max ${r.maxRows.toLocaleString('en')} rows`);
  parts.push(`split ${pct(1 - r.split.validation - r.split.test)}/${pct(r.split.validation)}/${pct(r.split.test)}${r.split.stratify ? ' stratified' : ''}, seed ${r.split.seed}`);
  parts.push(`template ${r.template}`);
  return parts.join(' · ');
}

const pct = (f: number) => `${Math.round(f * 100)}`;
