import { useState } from 'react';
import type { Job } from '../../../electron/contract/jobs.js';
import { canDelete, canResume, canRetry } from '../../store/job-queue-slice';
import { isCancellable } from '../../store/jobs-slice';
import { useStudio } from '../../store/index';
import { DeleteJobDialog } from './delete-job-dialog';

/** What can be done with a job in its state: cancel, resume, retry, clone to the Train page, delete. */
export function JobActions({ job }: { job: Job }) {
  const cancelJob = useStudio((s) => s.cancelJob);
  const resumeJob = useStudio((s) => s.resumeJob);
  const retryJob = useStudio((s) => s.retryJob);
  const cloneTrainJob = useStudio((s) => s.cloneTrainJob);
  const busy = useStudio((s) => s.jobBusy[job.id] === true);
  const [deleting, setDeleting] = useState(false);
  return (
    <div className="button-row job-actions">
      {canResume(job) && (
        <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void resumeJob(job.id)} data-testid="resume-job" title="Continue from the last checkpoint">
          Resume
        </button>
      )}
      {canRetry(job) && (
        <button type="button" className="button button-small" disabled={busy} onClick={() => void retryJob(job.id)} data-testid="retry-job" title="A new job with the same settings, from the start">
          Retry
        </button>
      )}
      {job.kind === 'train' && (
        <button type="button" className="button button-small" onClick={() => cloneTrainJob(job)} data-testid="clone-job" title="Open the Train page with these settings">
          Clone…
        </button>
      )}
      {isCancellable(job) && (
        <button type="button" className="button button-small button-danger" disabled={busy} data-testid="cancel-job" onClick={() => void cancelJob(job.id)}>
          Cancel
        </button>
      )}
      {canDelete(job) && (
        <button type="button" className="button button-small button-danger" onClick={() => setDeleting(true)} data-testid="delete-job">
          Delete…
        </button>
      )}
      {deleting && <DeleteJobDialog job={job} onClose={() => setDeleting(false)} />}
    </div>
  );
}
