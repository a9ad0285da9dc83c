import type { Histogram } from '../../electron/contract/datasets.js';

const BINS = 24;

/** p50/p95/max/mean of token lengths and a histogram whose range shows both the data and maxLength. */
export function lengthStats(lengths: number[], maxLength: number): { histogram: Histogram; p50: number; p95: number; max: number; mean: number } {
  const sorted = Float64Array.from(lengths).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  const top = Math.max(max, maxLength) + 1;
  const width = Math.max(1, Math.ceil(top / BINS));
  const edges = Array.from({ length: BINS + 1 }, (_, i) => i * width);
  const counts = new Array<number>(BINS).fill(0);
  let sum = 0;
  for (const n of sorted) {
    sum += n;
    counts[Math.min(BINS - 1, Math.floor(n / width))]!++;
  }
  return { histogram: { edges, counts }, p50: at(0.5), p95: at(0.95), max, mean: sorted.length ? sum / sorted.length : 0 };
}
