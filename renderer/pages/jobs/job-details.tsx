import type { Job } from '../../../electron/contract/jobs.js';
import { Card } from '../../components/card';
import { ErrorPanel } from '../../components/error-panel';
import { formatDuration, formatTimestamp } from '../../format/format-time';
import { JobActions } from './job-actions';
import { JobMetrics } from './job-metrics';
import { JobStateBadge } from './job-state-badge';
import { jobDurationMs, KIND_LABELS } from './job-labels';
import { LogPanel } from './log-panel';
import { RunStatus } from './run-status';
import { RunSystem } from './run-system';
import { readSelftestResult, SelftestResultView } from './selftest-result';
import { useNow } from './use-now';

function JobResult({ job }: { job: Job }) {
  if (job.state !== 'completed' || job.result === null) return null;
  const selftest = job.kind === 'selftest' ? readSelftestResult(job.result) : null;
  return (
    <section className="detail-section">
      <h3>Result</h3>
      {selftest ? <SelftestResultView result={selftest} /> : <pre className="json">{JSON.stringify(job.result, null, 2)}</pre>}
    </section>
  );
}

export function JobDetails({ job }: { job: Job }) {
  const now = useNow(job.state === 'running');
  const duration = jobDurationMs(job, now);
  const train = job.kind === 'train';

  return (
    <Card
      title={KIND_LABELS[job.kind]}
      className="job-details"
      testId="job-details"
      aside={<JobActions job={job} />}
    >
      <dl className="facts facts-inline">
        <div className="fact">
          <dt>State</dt>
          <dd>
            <JobStateBadge state={job.state} />
          </dd>
        </div>
        <div className="fact">
          <dt>Job ID</dt>
          <dd className="mono">{job.id}</dd>
        </div>
        <div className="fact">
          <dt>Created</dt>
          <dd>{formatTimestamp(job.createdAt, now)}</dd>
        </div>
        <div className="fact">
          <dt>Started</dt>
          <dd>{job.startedAt === null ? '—' : formatTimestamp(job.startedAt, now)}</dd>
        </div>
        <div className="fact">
          <dt>Duration</dt>
          <dd>{duration === null ? '—' : formatDuration(duration)}</dd>
        </div>
        {job.message && (
          <div className="fact">
            <dt>Message</dt>
            <dd>{job.message}</dd>
          </div>
        )}
      </dl>
      {job.error && <ErrorPanel error={job.error} testId="job-error" showDetails />}
      {train && <RunStatus job={job} />}
      {train ? (
        <div className={job.state === 'running' ? 'run-live run-live-with-system' : 'run-live'}>
          <section className="detail-section" aria-label="Metrics">
            <h3>Metrics</h3>
            <JobMetrics jobId={job.id} empty={job.state === 'running' || job.state === 'queued' ? 'Waiting for the first step…' : 'No metric points were recorded.'} />
          </section>
          {job.state === 'running' && <RunSystem />}
        </div>
      ) : (
        <JobMetrics jobId={job.id} />
      )}
      <JobResult job={job} />
      <LogPanel job={job} />
      <details className="disclosure">
        <summary>Specification</summary>
        <pre className="json">{JSON.stringify(job.spec, null, 2)}</pre>
      </details>
    </Card>
  );
}
