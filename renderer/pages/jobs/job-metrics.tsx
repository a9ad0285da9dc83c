import { useMemo } from 'react';
import { useStudio } from '../../store/index';
import { metricPanels } from './metric-panels';
import { SeriesChart, type StepSeries } from '../../charts/series-chart';

function lastValue(s: StepSeries, scientific?: boolean): string {
  const v = s.points.at(-1)?.value;
  if (v === undefined) return '';
  return scientific ? v.toExponential(2) : v.toPrecision(4);
}

/** The charts users of every tool ask for: training loss and its companions, live while the job runs and from the store afterwards. */
export function JobMetrics({ jobId, empty }: { jobId: string; empty?: string }) {
  const metrics = useStudio((s) => (s.metricsJobId === jobId ? s.jobMetrics : null));
  const panels = useMemo(() => (metrics ? metricPanels(metrics) : []), [metrics]);
  if (panels.length === 0) return empty ? <p className="muted small">{empty}</p> : null;
  return (
    <div className="chart-grid metric-grid" data-testid="job-metrics">
      {panels.map((p) => (
        <div key={p.id} className="metric-panel">
          <h4 className="chart-title">
            {p.title}{' '}
            <span className="muted">
              {p.series.map((s) => (p.series.length > 1 ? `${s.label.split(' ')[0]} ${lastValue(s, p.scientific)}` : lastValue(s, p.scientific))).join(' · ')}
            </span>
          </h4>
          <SeriesChart series={p.series} label={p.title} testId={`metric-${p.id}`} scientific={p.scientific} />
        </div>
      ))}
    </div>
  );
}
