import { useEffect, useRef } from 'react';
import { useChartTheme, withAlpha } from './chart-theme';
import { Chart } from './register';

interface MetricChartProps {
  label: string;
  points: { step: number; value: number }[];
  testId: string;
}

/** One training metric against the optimizer step (loss, learning rate, ...), updated in place as points arrive. */
export function MetricChart({ label, points, testId }: MetricChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'line', { x: number; y: number }[]> | null>(null);
  const theme = useChartTheme();

  useEffect(() => {
    if (!canvasRef.current) return;
    const chart = new Chart<'line', { x: number; y: number }[]>(canvasRef.current, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'step' } }, y: { type: 'linear' } },
        plugins: { legend: { display: false } },
      },
    });
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.data.datasets = [
      { label, data: points.map((p) => ({ x: p.step, y: p.value })), borderColor: theme.cpu, backgroundColor: withAlpha(theme.cpu, 0.15), borderWidth: 2, pointRadius: 0, tension: 0.1 },
    ];
    for (const axis of [chart.options.scales?.x, chart.options.scales?.y]) {
      if (!axis) continue;
      axis.grid = { color: theme.grid };
      axis.ticks = { ...axis.ticks, color: theme.text };
    }
    chart.update('none');
  }, [points, label, theme]);

  return (
    <div className="chart-box" data-testid={testId}>
      <canvas ref={canvasRef} role="img" aria-label={`${label} by step${points.length ? `, last ${points[points.length - 1]!.value.toPrecision(4)}` : ''}`} />
    </div>
  );
}
