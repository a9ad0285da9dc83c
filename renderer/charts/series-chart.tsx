import { useEffect } from 'react';
import { applyAxisTheme, useChartTheme, withAlpha, type ChartTheme } from './chart-theme';
import { Chart } from './register';
import { scientificTick } from './scientific-ticks';
import { useChart } from './use-chart';

export interface StepSeries {
  label: string;
  points: { step: number; value: number }[];
  /** Index into the run palette (compare) or a fixed slot (0 = training, 1 = validation). */
  colorIndex: number;
  dashed?: boolean;
  /** Draw each point (sparse series such as validation loss, one point per evaluation). */
  showPoints?: boolean;
}

/** Line colours in order; the first four follow light/dark through theme.css. */
export function seriesColor(theme: ChartTheme, i: number): string {
  const palette = [theme.cpu, theme.vram, theme.ram, theme.gpu, '#0284c7', '#65a30d'];
  return palette[i % palette.length]!;
}

interface SeriesChartProps {
  series: StepSeries[];
  label: string;
  testId: string;
  /** Tiny values (a learning rate): y ticks in scientific notation. */
  scientific?: boolean;
}

/**
 * Several metrics against the optimizer step on one chart (loss with validation loss, or one run's
 * loss per compared job), updated in place as points arrive.
 */
export function SeriesChart({ series, label, testId, scientific = false }: SeriesChartProps) {
  const theme = useChartTheme();
  const { canvasRef, chartRef } = useChart((canvas) =>
    new Chart<'line', { x: number; y: number }[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'step' }, ticks: { maxTicksLimit: 8, precision: 0 } },
          // chart.js's own number format picks the decimals from the tick spacing (no 13.850000000000001).
          y: { type: 'linear', ticks: { maxTicksLimit: 6 } },
        },
        plugins: { legend: { display: false } },
      },
    }),
  );

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.data.datasets = series.map((s) => {
      const color = seriesColor(theme, s.colorIndex);
      return {
        label: s.label,
        data: s.points.map((p) => ({ x: p.step, y: p.value })),
        borderColor: color,
        backgroundColor: withAlpha(color, 0.15),
        borderWidth: 2,
        borderDash: s.dashed ? [6, 4] : undefined,
        pointRadius: s.showPoints || s.points.length === 1 ? 3 : 0,
        pointHitRadius: 6,
        tension: 0.1,
      };
    });
    applyAxisTheme(chart.options.scales, theme);
    const y = chart.options.scales?.y;
    if (scientific && y?.ticks) {
      y.ticks.callback = (value, index, ticks) => {
        const v = Number(value);
        const next = ticks[index + 1] ?? ticks[index - 1];
        return scientificTick(v, next ? Math.abs(next.value - v) : Math.abs(v));
      };
    }
    chart.options.plugins = { ...chart.options.plugins, legend: { display: series.length > 1, labels: { color: theme.text, boxWidth: 12 } } };
    chart.update('none');
  }, [series, theme, scientific]);

  const last = series[0]?.points.at(-1);
  return (
    <div className="chart-box" data-testid={testId} data-points={series.reduce((n, s) => n + s.points.length, 0)}>
      <canvas ref={canvasRef} role="img" aria-label={`${label} by step${last ? `, last ${last.value.toPrecision(4)}` : ''}`} />
    </div>
  );
}
