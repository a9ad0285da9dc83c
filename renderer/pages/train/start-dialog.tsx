import type { TrainEstimate } from '../../../electron/contract/jobs.js';
import { formatBytes } from '../../format/format-bytes';
import { ModalDialog } from '../../components/modal-dialog';

/** Asked before queueing a run the estimate says will not fit: starting anyway sends `force`. */
export function StartAnywayDialog({ estimate, onClose, onConfirm }: { estimate: TrainEstimate; onClose: () => void; onConfirm: () => void }) {
  return (
    <ModalDialog title="This run may not fit in memory" onClose={onClose} onSubmit={onConfirm} submitLabel="Start anyway" danger testId="train-force-dialog">
      <p>
        It needs about <strong>{formatBytes(estimate.totalBytes)}</strong> and {formatBytes(estimate.availableRamBytes)} of RAM is free now.
      </p>
      {estimate.warning && <p className="warning-text">{estimate.warning}</p>}
      <p className="muted">
        A run out of memory fails (the app stays up). A smaller batch size, a shorter max length, a lower LoRA rank or LoRA instead of full fine-tuning
        all need less.
      </p>
    </ModalDialog>
  );
}
