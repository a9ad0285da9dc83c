import { useState } from 'react';
import type { Dataset } from '../../../electron/contract/datasets.js';
import type { ClientError } from '../../client/client-error';
import { useStudio } from '../../store/index';
import { ErrorPanel } from '../../components/error-panel';
import { ModalDialog } from '../../components/modal-dialog';

/** Confirms deleting a dataset; a refusal (CONFLICT: a job still uses it) stays in the dialog, in plain words. */
export function DeleteDialog({ dataset, onClose }: { dataset: Dataset; onClose: () => void }) {
  const deleteDataset = useStudio((s) => s.deleteDataset);
  const [error, setError] = useState<ClientError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const err = await deleteDataset(dataset.id);
    setBusy(false);
    if (err) setError(err);
    else onClose();
  };
  return (
    <ModalDialog title={`Delete ${dataset.name}?`} onClose={onClose} onSubmit={() => void submit()} submitLabel={busy ? 'Deleting…' : 'Delete'} submitDisabled={busy} danger testId="delete-dialog">
      <p>
        This removes {dataset.versions.length === 1 ? 'its version' : `all ${dataset.versions.length} versions`}, their previews and validation reports from Finetune Studio. Your
        original file is not touched.
      </p>
      {error && <ErrorPanel error={error} testId="delete-error" lead={error.code === 'CONFLICT' ? <strong>It is still in use. </strong> : undefined} />}
    </ModalDialog>
  );
}
