import { MetricChart } from '../../charts/metric-chart';
import { useStudio } from '../../store/index';

/** The charts users of every tool ask for: training loss and its companions, live while the job runs and from the store afterwards. */
const SHOWN: [name: string, label: string][] = [
  ['loss', 'Training loss'],
  ['val_loss', 'Validation loss'],
  ['lr', 'Learning rate'],
  ['grad_norm', 'Gradient norm'],
  ['tokens_per_s', 'Tokens per second'],
];

export function JobMetrics({ jobId }: { jobId: string }) {
  const metrics = useStudio((s) => (s.metricsJobId === jobId ? s.jobMetrics : null));
  const present = SHOWN.filter(([name]) => (metrics?.[name]?.length ?? 0) > 0);
  if (!metrics || present.length === 0) return null;
  return (
    <section className="detail-section">
      <h3>Metrics</h3>
      <div className="chart-grid">
        {present.map(([name, label]) => (
          <div key={name}>
            <h4 className="chart-title">
              {label} <span className="muted">{metrics[name]!.at(-1)!.value.toPrecision(4)}</span>
            </h4>
            <MetricChart label={label} points={metrics[name]!} testId={`metric-${name}`} />
          </div>
        ))}
      </div>
    </section>
  );
}
