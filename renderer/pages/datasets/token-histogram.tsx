import { useEffect, useMemo } from 'react';
import { BarController, BarElement, CategoryScale, type Plugin } from 'chart.js';
import type { Histogram } from '../../../electron/contract/datasets.js';
import { applyAxisTheme, useChartTheme, withAlpha } from '../../charts/chart-theme';
import { Chart } from '../../charts/register';
import { useChart } from '../../charts/use-chart';
import { binLabels, binOverLimit, binPosition } from './histogram-markers';

// The shared registration covers the line charts; the histogram adds bars on a category axis.
Chart.register(BarController, BarElement, CategoryScale);

interface Marker {
  value: number;
  label: string;
  color: string;
  dash: number[];
}

interface TokenHistogramProps {
  histogram: Histogram;
  maxLength: number;
  p50: number;
  p95: number;
  max: number;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Vertical lines at token counts (max length, p50, p95, longest), drawn over the bars with a label at the top. */
const markersPlugin: Plugin<'bar', { markers?: Marker[]; edges?: number[]; labelBg?: string }> = {
  id: 'tokenMarkers',
  afterDatasetsDraw(chart, _args, opts) {
    const x = chart.scales.x;
    const { top, bottom } = chart.chartArea;
    if (!x || !opts.markers || !opts.edges) return;
    const step = opts.edges.length > 2 ? x.getPixelForValue(1) - x.getPixelForValue(0) : x.width;
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = `11px ${Chart.defaults.font.family ?? 'sans-serif'}`;
    let lastLabelEnd = -Infinity;
    let row = 0;
    for (const m of opts.markers) {
      const px = x.getPixelForValue(0) + binPosition(opts.edges, m.value) * step;
      ctx.strokeStyle = m.color;
      ctx.fillStyle = m.color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash(m.dash);
      ctx.beginPath();
      ctx.moveTo(px, top);
      ctx.lineTo(px, bottom);
      ctx.stroke();
      // Labels of markers close together go on the next line instead of on top of each other.
      const w = ctx.measureText(m.label).width;
      row = px - 3 < lastLabelEnd ? row + 1 : 0;
      const lx = Math.min(px + 3, chart.chartArea.right - w);
      const ly = top + 10 + row * 12;
      // A backing box keeps the label readable where it crosses a bar.
      if (opts.labelBg) {
        ctx.fillStyle = opts.labelBg;
        ctx.fillRect(lx - 1, ly - 9, w + 2, 12);
        ctx.fillStyle = m.color;
      }
      ctx.fillText(m.label, lx, ly);
      lastLabelEnd = Math.max(lastLabelEnd, lx + w);
    }
    ctx.restore();
  },
};

/** Rows by token count; bins past the max length (rows that would be cut) in the danger colour. */
export function TokenHistogram({ histogram, maxLength, p50, p95, max }: TokenHistogramProps) {
  const theme = useChartTheme();
  const { danger, surface } = useMemo(() => {
    void theme;
    return { danger: cssVar('--danger', '#b42318'), surface: cssVar('--surface', '#ffffff') };
  }, [theme]);

  const { canvasRef, chartRef } = useChart((canvas) =>
    new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        layout: { padding: { top: 4 } },
        scales: {
          x: { type: 'category', title: { display: true, text: 'tokens per row' }, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'rows' }, ticks: { precision: 0, maxTicksLimit: 5 } },
        },
        plugins: { legend: { display: false }, tooltip: { callbacks: { title: (items) => `${items[0]?.label ?? ''} tokens` } } },
      },
      plugins: [markersPlugin as unknown as Plugin<'bar'>],
    }),
  );

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const over = binOverLimit(histogram, maxLength);
    chart.data.labels = binLabels(histogram);
    chart.data.datasets = [
      {
        label: 'rows',
        data: histogram.counts,
        backgroundColor: over.map((o) => withAlpha(o ? danger : theme.cpu, 0.75)),
        borderColor: over.map((o) => (o ? danger : theme.cpu)),
        borderWidth: 1,
        barPercentage: 1,
        categoryPercentage: 0.92,
      },
    ];
    applyAxisTheme(chart.options.scales, theme);
    const markers: Marker[] = [
      { value: p50, label: `p50 ${p50}`, color: theme.text, dash: [3, 3] },
      { value: p95, label: `p95 ${p95}`, color: theme.text, dash: [3, 3] },
      { value: max, label: `max ${max}`, color: theme.text, dash: [1, 2] },
      { value: maxLength, label: `max length ${maxLength}`, color: danger, dash: [] },
    ].sort((a, b) => a.value - b.value);
    (chart.options.plugins as Record<string, unknown>).tokenMarkers = { markers, edges: histogram.edges, labelBg: withAlpha(surface, 0.85) };
    chart.update('none');
  }, [histogram, maxLength, p50, p95, max, theme, danger, surface]);

  return (
    <div className="chart-box histogram-box" data-testid="token-histogram">
      <canvas ref={canvasRef} role="img" aria-label={`Token length histogram: median ${p50}, 95th percentile ${p95}, longest ${max}, max length ${maxLength}`} />
    </div>
  );
}
