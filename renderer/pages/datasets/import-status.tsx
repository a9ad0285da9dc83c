import type { Job } from '../../../electron/contract/jobs.js';
import { ProgressBar } from '../../components/progress-bar';
import { isCancellable } from '../../store/jobs-slice';
import { useStudio } from '../../store/index';
import { fileProblemHint, importFailure, plural, SHOWN_PROBLEMS, type ImportFailure } from './import-failure';
import { ProblemTable } from './problem-table';

function FailureView({ failure, onRetry, onDismiss }: { failure: ImportFailure; onRetry: () => void; onDismiss: () => void }) {
  const hint = fileProblemHint(failure.problem);
  const badRows = failure.problem === 'BAD_ROWS' && failure.count > 0;
  return (
    <div className="error-panel import-failure" role="alert" data-testid="import-error">
      <p>
        <code>{failure.problem ?? failure.code}</code> {failure.message}
      </p>
      {hint && <p className="muted">{hint}</p>}
      {failure.line !== null && <p className="muted">At line {failure.line}.</p>}
      {failure.problems.length > 0 && (
        <>
          <ProblemTable problems={failure.problems.slice(0, SHOWN_PROBLEMS)} testId="import-problems" />
          {failure.count > SHOWN_PROBLEMS && <p className="muted small">…and {plural(failure.count - SHOWN_PROBLEMS, 'more bad row')}.</p>}
        </>
      )}
      <div className="button-row">
        {badRows && (
          <button type="button" className="button button-primary" onClick={onRetry} data-testid="import-skip-retry">
            Import again, skipping the {plural(failure.count, 'bad row')}
          </button>
        )}
        <button type="button" className="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** The upload and the import job: progress with Cancel, then the failure (with its bad rows) or the outcome. */
export function ImportStatus() {
  const uploadProgress = useStudio((s) => s.uploadProgress);
  const importError = useStudio((s) => s.importError);
  const job: Job | undefined = useStudio((s) => (s.importJobId ? s.jobs[s.importJobId] : undefined));
  const request = useStudio((s) => s.importRequest);
  const cancelJob = useStudio((s) => s.cancelJob);
  const retry = useStudio((s) => s.retryImportSkippingBadRows);
  const dismiss = useStudio((s) => s.dismissImport);

  if (uploadProgress !== null) {
    return (
      <div className="import-status" data-testid="import-upload">
        <div className="import-status-line">
          <strong>Uploading</strong>
          <span className="muted small">Copying the file to the local server… {Math.round(uploadProgress * 100)} %</span>
        </div>
        <ProgressBar value={uploadProgress} label="Upload progress" />
      </div>
    );
  }
  if (importError) {
    return (
      <div className="error-panel" role="alert" data-testid="import-error">
        <p>{importError}</p>
        <button type="button" className="button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  if (!job) return null;
  const file = request?.file.split(/[\\/]/).pop() ?? 'the file';
  const failure = importFailure(job);
  if (failure) return <FailureView failure={failure} onRetry={() => void retry()} onDismiss={dismiss} />;
  if (job.state === 'completed') {
    const result = job.result as { rows?: number; importProblems?: { count?: number } } | null;
    const skipped = result?.importProblems?.count ?? 0;
    return (
      <div className="import-status import-done" role="status" data-testid="import-done">
        <span>
          ✓ Imported {file}
          {typeof result?.rows === 'number' && ` (${plural(result.rows, 'row')})`}
          {skipped > 0 && `, ${plural(skipped, 'bad row')} skipped`}
        </span>
        <button type="button" className="button button-small" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  if (job.state === 'cancelled') {
    return (
      <div className="import-status" role="status" data-testid="import-cancelled">
        <span className="muted">Import of {file} cancelled.</span>
        <button type="button" className="button button-small" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  return (
    <div className="import-status" data-testid="import-progress">
      <div className="import-status-line">
        <strong>Importing {file}</strong>
        <span className="muted small">{job.message ?? job.state}</span>
        {isCancellable(job) && (
          <button type="button" className="button button-small button-danger" onClick={() => void cancelJob(job.id)} data-testid="import-cancel">
            Cancel
          </button>
        )}
      </div>
      <ProgressBar value={job.progress} label="Import progress" />
    </div>
  );
}
