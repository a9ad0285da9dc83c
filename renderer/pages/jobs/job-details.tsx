import type { Job } from '../../../electron/contract/jobs.js';
import { Card } from '../../components/card';
import { formatDuration, formatTimestamp } from '../../format/format-time';
import { isCancellable } from '../../store/jobs-slice';
import { useStudio } from '../../store/index';
import { JobLogs } from './job-logs';
import { JobMetrics } from './job-metrics';
import { JobStateBadge } from './job-state-badge';
import { jobDurationMs, KIND_LABELS } from './job-labels';
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
  const logs = useStudio((s) => s.jobLogs);
  const logsLoading = useStudio((s) => s.jobLogsLoading);
  const cancelJob = useStudio((s) => s.cancelJob);
  const now = useNow(job.state === 'running');
  const duration = jobDurationMs(job, now);
  const cancellable = isCancellable(job);

  return (
    <Card
      title={KIND_LABELS[job.kind]}
      className="job-details"
      testId="job-details"
      aside={
        cancellable ? (
          <button type="button" className="button button-danger" data-testid="cancel-job" onClick={() => void cancelJob(job.id)}>
            Cancel
          </button>
        ) : undefined
      }
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
      {job.error && (
        <div className="error-panel" role="alert" data-testid="job-error">
          <p>
            <code>{job.error.code}</code> {job.error.message}
          </p>
          {job.error.details !== undefined && <pre className="json">{JSON.stringify(job.error.details, null, 2)}</pre>}
        </div>
      )}
      <JobResult job={job} />
      <JobMetrics jobId={job.id} />
      <section className="detail-section">
        <h3>Log</h3>
        <JobLogs lines={logs} loading={logsLoading} />
      </section>
      <details className="disclosure">
        <summary>Specification</summary>
        <pre className="json">{JSON.stringify(job.spec, null, 2)}</pre>
      </details>
    </Card>
  );
}
