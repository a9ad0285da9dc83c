import type { Job } from '../../../electron/contract/jobs.js';
import { ProgressBar } from '../../components/progress-bar';
import { isCancellable } from '../../store/jobs-slice';
import { useStudio } from '../../store/index';

/** A dataset job in one line: progress with Cancel while it runs, its error if it failed; nothing once done. */
export function JobStrip({ job, label, testId }: { job: Job; label: string; testId: string }) {
  const cancelJob = useStudio((s) => s.cancelJob);
  if (job.state === 'completed') return null;
  if (job.state === 'failed' || job.state === 'cancelled') {
    return (
      <div className={job.state === 'failed' ? 'error-panel' : 'import-status'} role={job.state === 'failed' ? 'alert' : 'status'} data-testid={testId}>
        <p>
          {label}: {job.state === 'cancelled' ? 'cancelled.' : <><code>{job.error?.code}</code> {job.error?.message}</>}
        </p>
      </div>
    );
  }
  return (
    <div className="import-status" data-testid={testId}>
      <div className="import-status-line">
        <strong>{label}</strong>
        <span className="muted small">{job.message ?? job.state}</span>
        {isCancellable(job) && (
          <button type="button" className="button button-small button-danger" onClick={() => void cancelJob(job.id)}>
            Cancel
          </button>
        )}
      </div>
      <ProgressBar value={job.progress} label={`${label}: progress`} />
    </div>
  );
}
