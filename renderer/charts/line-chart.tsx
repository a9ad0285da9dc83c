import { useEffect } from 'react';
import { applyAxisTheme, type ChartTheme, useChartTheme, withAlpha } from './chart-theme';
import { Chart } from './register';
import { useChart } from './use-chart';

export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartSeries {
  label: string;
  /** A key of the chart theme, so colours follow light/dark. */
  color: keyof Omit<ChartTheme, 'text' | 'grid'>;
  points: ChartPoint[];
}

interface LineChartProps {
  series: ChartSeries[];
  /** x is seconds relative to the newest sample (<= 0). */
  xMin: number;
  yMax: number;
  unit: string;
  /** What the chart shows, for screen readers (a canvas has no text). */
  label: string;
  testId: string;
}

type LineChartInstance = Chart<'line', ChartPoint[]>;

/** A live line chart; the chart.js instance lives as long as the component and is updated in place. */
export function LineChart({ series, xMin, yMax, unit, label, testId }: LineChartProps) {
  const theme = useChartTheme();
  const { canvasRef, chartRef } = useChart<LineChartInstance>(
    (canvas) => new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        // Live data: animating every second only blurs the readings and costs CPU.
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', ticks: { maxTicksLimit: 7, callback: (v) => `${Number(v)} s` } },
          // No tick at an odd max (26 GB of RAM); the axis still ends there.
          y: { type: 'linear', min: 0, ticks: { maxTicksLimit: 5, includeBounds: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: (items) => `${items[0]?.parsed.x ?? 0} s`, label: (item) => ` ${item.dataset.label}: ${item.parsed.y?.toFixed(1)} ${unit}` } },
        },
      },
    }),
    [unit],
  );

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.data.datasets = series.map((s) => ({
      label: s.label,
      data: s.points,
      borderColor: theme[s.color],
      backgroundColor: withAlpha(theme[s.color], 0.15),
      fill: series.length === 1 ? 'origin' : false,
      borderWidth: 2,
      pointRadius: 0,
      pointHitRadius: 6,
      tension: 0.2,
    }));
    const { x, y } = chart.options.scales ?? {};
    if (x && y) {
      x.min = xMin;
      x.max = 0;
      y.max = yMax;
    }
    applyAxisTheme(chart.options.scales, theme);
    chart.options.plugins = { ...chart.options.plugins, legend: { display: series.length > 1, labels: { color: theme.text, boxWidth: 12 } } };
    chart.update('none');
  }, [series, xMin, yMax, theme, unit]);

  return (
    <div className="chart-box" data-testid={testId}>
      <canvas ref={canvasRef} role="img" aria-label={label} />
    </div>
  );
}
