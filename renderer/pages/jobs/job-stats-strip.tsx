import { useStudio } from '../../store/index';

/** Current and past work at a glance: running, queued, completed, failed and the success rate (jobs:stats). */
export function JobStatsStrip() {
  const stats = useStudio((s) => s.jobStats);
  if (!stats) return null;
  const items: [label: string, value: string, tone?: string][] = [
    ['Running', String(stats.running), stats.running > 0 ? 'stat-info' : undefined],
    ['Queued', String(stats.queued)],
    ['Completed', String(stats.completed), 'stat-success'],
    ['Failed', String(stats.failed), stats.failed > 0 ? 'stat-danger' : undefined],
    ['Success rate', stats.successRate === null ? '—' : `${Math.round(stats.successRate * 100)} %`],
    ['All jobs', String(stats.total)],
  ];
  return (
    <dl className="stat-grid job-stats" data-testid="job-stats">
      {items.map(([label, value, tone]) => (
        <div key={label} className={tone ? `stat ${tone}` : 'stat'}>
          <dt>{label}</dt>
          <dd className="stat-value" data-testid={`job-stat-${label.toLowerCase().replace(/ /g, '-')}`}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
