import { useState } from 'react';
import type { Job } from '../../../electron/contract/jobs.js';
import type { ClientError } from '../../client/client-error';
import { useStudio } from '../../store/index';
import { ErrorPanel } from '../../components/error-panel';
import { ModalDialog } from '../../components/modal-dialog';
import { KIND_LABELS, shortId } from './job-labels';

/** Confirms deleting a finished job; its run folder (checkpoints, adapter) goes too unless unticked. */
export function DeleteJobDialog({ job, onClose }: { job: Job; onClose: () => void }) {
  const deleteJob = useStudio((s) => s.deleteJob);
  const [artifacts, setArtifacts] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const submit = async () => {
    setBusy(true);
    const err = await deleteJob(job.id, artifacts);
    setBusy(false);
    if (err) setError(err);
    else onClose();
  };
  return (
    <ModalDialog
      title={`Delete ${KIND_LABELS[job.kind].toLowerCase()} job ${shortId(job.id)}?`}
      onClose={onClose}
      onSubmit={() => void submit()}
      submitLabel={busy ? 'Deleting…' : 'Delete'}
      submitDisabled={busy}
      danger
      testId="delete-job-dialog"
    >
      <p>Its log, metrics and charts are removed from Finetune Studio.</p>
      <label className="check-field">
        <input type="checkbox" checked={artifacts} onChange={(e) => setArtifacts(e.target.checked)} data-testid="delete-job-artifacts" />
        Also delete its files (checkpoints, adapter or model) from the data folder
      </label>
      {error && <ErrorPanel error={error} testId="delete-job-error" />}
    </ModalDialog>
  );
}
