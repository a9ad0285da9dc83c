import type { Histogram } from '../../../electron/contract/datasets.js';
import { escapeHtml, formatCount, formatTick } from './format.js';

/**
 * Inline SVG charts for the data report, built as strings (the file must open offline with no
 * scripts). Each drawn bar is exactly one `<rect class="bar">`; axes and markers are lines, so a
 * reader (or a test) can count bars.
 */

const W = 760;
const PAD = { left: 52, right: 16, top: 22, bottom: 40 };

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** ~5 evenly spaced "nice" tick values from 0 to at least `max`. */
function niceTicks(max: number, count = 5): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(v);
  return ticks;
}

/**
 * Token-length histogram: `histogram.edges` has one more entry than `counts` (bin i covers
 * edges[i]..edges[i+1], as `lengthStats` builds it). Bins past `maxLength` are drawn as truncated,
 * and `maxLength` itself is a dashed vertical marker.
 */
export function histogramSvg(histogram: Histogram, maxLength: number): string {
  const { edges, counts } = histogram;
  const H = 240;
  const x0 = edges[0] ?? 0;
  const x1 = edges[edges.length - 1] ?? x0 + 1;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const sx = (v: number) => PAD.left + ((v - x0) / Math.max(1e-9, x1 - x0)) * plotW;
  const yTicks = niceTicks(Math.max(1, ...counts));
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const sy = (c: number) => PAD.top + plotH - (c / yMax) * plotH;
  const parts: string[] = [];

  for (const t of yTicks) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${round(sy(t))}" y2="${round(sy(t))}"/>`);
    parts.push(`<text class="tick" x="${PAD.left - 6}" y="${round(sy(t) + 4)}" text-anchor="end">${formatTick(t)}</text>`);
  }
  counts.forEach((c, i) => {
    const lo = edges[i];
    const hi = edges[i + 1];
    if (c <= 0 || lo === undefined || hi === undefined) return;
    const x = sx(lo) + 1;
    const w = Math.max(1, sx(hi) - sx(lo) - 2);
    const cls = lo >= maxLength ? 'bar over' : 'bar';
    parts.push(`<rect class="${cls}" x="${round(x)}" y="${round(sy(c))}" width="${round(w)}" height="${round(sy(0) - sy(c))}"><title>${formatCount(lo)}–${formatCount(hi - 1)} tokens: ${formatCount(c)} rows</title></rect>`);
  });
  parts.push(`<line class="axis" x1="${PAD.left}" x2="${W - PAD.right}" y1="${round(sy(0))}" y2="${round(sy(0))}"/>`);
  for (const t of niceTicks(x1 - x0, 6)) {
    const v = x0 + t;
    if (v > x1) continue;
    parts.push(`<text class="tick" x="${round(sx(v))}" y="${round(sy(0) + 16)}" text-anchor="middle">${formatTick(v)}</text>`);
  }
  parts.push(`<text class="label" x="${round(PAD.left + plotW / 2)}" y="${H - 4}" text-anchor="middle">tokens per row</text>`);
  parts.push(`<text class="label" transform="translate(12 ${round(PAD.top + plotH / 2)}) rotate(-90)" text-anchor="middle">rows</text>`);

  const mx = sx(Math.min(Math.max(maxLength, x0), x1));
  const anchor = mx > W - 140 ? 'end' : 'start';
  const dx = anchor === 'end' ? -5 : 5;
  parts.push(`<line class="marker" x1="${round(mx)}" x2="${round(mx)}" y1="${PAD.top - 8}" y2="${round(sy(0))}"/>`);
  parts.push(`<text class="marker-label" x="${round(mx + dx)}" y="${PAD.top - 8}" text-anchor="${anchor}" dominant-baseline="hanging">maxLength ${formatCount(maxLength)}</text>`);

  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Token length histogram">${parts.join('')}</svg>`;
}

/** Labels drawn at most; the rest are counted in a line under the chart. */
export const MAX_LABEL_BARS = 40;

/** Horizontal bars, largest class first, each with its count and share of all labelled rows. */
export function labelBarsSvg(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = entries.slice(0, MAX_LABEL_BARS);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  const max = Math.max(1, ...shown.map(([, n]) => n));
  const row = 26;
  const labelW = 200;
  const valueW = 130;
  const barW = W - labelW - valueW - 16;
  const H = shown.length * row + 8;
  const parts = shown.map(([label, n], i) => {
    const y = 4 + i * row;
    const w = Math.max(1, (n / max) * barW);
    const name = label.length > 28 ? `${label.slice(0, 27)}…` : label;
    const share = total ? ((100 * n) / total).toFixed(1) : '0.0';
    return (
      `<text class="cat" x="${labelW - 8}" y="${y + row / 2 + 4}" text-anchor="end"><title>${escapeHtml(label)}</title>${escapeHtml(name)}</text>` +
      `<rect class="bar" x="${labelW}" y="${y + 4}" width="${round(w)}" height="${row - 8}"/>` +
      `<text class="value" x="${round(labelW + w + 8)}" y="${y + row / 2 + 4}">${formatCount(n)} (${share}%)</text>`
    );
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Label counts">${parts.join('')}</svg>`;
}
