import type { Histogram } from '../../../electron/contract/datasets.js';

/**
 * Where a value falls on a histogram drawn as one bar per bin: the bin's index plus the fraction
 * of the bin below the value, minus one half, so that 0 is the centre of the first bar (chart.js
 * places category ticks at bar centres). Values past the last edge clamp to the chart's edge.
 */
export function binPosition(edges: readonly number[], value: number): number {
  const bins = edges.length - 1;
  if (bins < 1) return 0;
  if (value <= edges[0]!) return -0.5;
  if (value >= edges[bins]!) return bins - 0.5;
  let i = 0;
  while (i < bins - 1 && value >= edges[i + 1]!) i++;
  const lo = edges[i]!;
  const hi = edges[i + 1]!;
  return i + (hi > lo ? (value - lo) / (hi - lo) : 0) - 0.5;
}

/** "0–21" style labels, one per bin (the upper edge is exclusive, so it is shown minus one). */
export function binLabels(h: Histogram): string[] {
  return h.counts.map((_, i) => {
    const lo = h.edges[i] ?? 0;
    const hi = (h.edges[i + 1] ?? lo + 1) - 1;
    return hi > lo ? `${lo}–${hi}` : `${lo}`;
  });
}

/** Whether a bin lies wholly or partly past maxLength (its rows would be cut). */
export function binOverLimit(h: Histogram, maxLength: number): boolean[] {
  return h.counts.map((_, i) => (h.edges[i + 1] ?? 0) - 1 > maxLength);
}
