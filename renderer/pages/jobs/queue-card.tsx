import { useMemo } from 'react';
import { Card } from '../../components/card';
import { queuedInOrder } from '../../store/job-queue-slice';
import { useStudio } from '../../store/index';
import { KIND_LABELS, shortId } from './job-labels';

/** Queued jobs in the order they will run, with move up/down and cancel. */
export function QueueCard() {
  const jobs = useStudio((s) => s.jobs);
  const busy = useStudio((s) => s.jobBusy);
  const move = useStudio((s) => s.moveQueuedJob);
  const cancel = useStudio((s) => s.cancelJob);
  const selectJob = useStudio((s) => s.selectJob);
  const queue = useMemo(() => queuedInOrder(jobs), [jobs]);
  if (queue.length === 0) return null;
  return (
    <Card title="Queue" aside={`${queue.length} waiting`} className="queue-card" testId="job-queue">
      <ol className="queue-list">
        {queue.map((j, i) => (
          <li key={j.id} className="queue-item" data-testid="queue-item">
            <span className="queue-pos">{i + 1}</span>
            <button type="button" className="link-button" onClick={() => selectJob(j.id)}>
              {KIND_LABELS[j.kind]}
            </button>
            <span className="muted small mono">{shortId(j.id)}</span>
            <span className="status-spacer" />
            <button type="button" className="icon-button queue-move" aria-label={`Move ${shortId(j.id)} up`} disabled={i === 0 || busy[j.id]} onClick={() => void move(j.id, i - 1)} data-testid="queue-up">
              ↑
            </button>
            <button
              type="button"
              className="icon-button queue-move"
              aria-label={`Move ${shortId(j.id)} down`}
              disabled={i === queue.length - 1 || busy[j.id]}
              onClick={() => void move(j.id, i + 1)}
              data-testid="queue-down"
            >
              ↓
            </button>
            <button type="button" className="button button-small button-danger" onClick={() => void cancel(j.id)} data-testid="queue-cancel">
              Cancel
            </button>
          </li>
        ))}
      </ol>
    </Card>
  );
}
