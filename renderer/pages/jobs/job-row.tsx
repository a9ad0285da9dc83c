import type { Job } from '../../../electron/contract/jobs.js';
import { ProgressBar } from '../../components/progress-bar';
import { RowSelectButton } from '../../components/row-select-button';
import { formatDuration, formatTimestamp } from '../../format/format-time';
import { JobStateBadge } from './job-state-badge';
import { jobDurationMs, KIND_LABELS, shortId } from './job-labels';

interface JobRowProps {
  job: Job;
  selected: boolean;
  now: number;
  onSelect: (id: string) => void;
  /** Ticked for "compare runs"; undefined for jobs that have no loss curve. */
  compared?: boolean;
  onCompare?: (id: string) => void;
}

export function JobRow({ job, selected, now, onSelect, compared, onCompare }: JobRowProps) {
  const duration = jobDurationMs(job, now);
  const message = job.error ? job.error.message : job.message;
  const tone = job.state === 'failed' ? 'danger' : job.state === 'completed' ? 'success' : 'info';
  return (
    // The whole row is a mouse target; the button in the first cell is the keyboard one.
    <tr data-testid="job-row" className={selected ? 'job-row selected' : 'job-row'} onClick={() => onSelect(job.id)}>
      <th scope="row">
        <RowSelectButton selected={selected} onSelect={() => onSelect(job.id)}>
          {KIND_LABELS[job.kind]}
        </RowSelectButton>
        <div className="muted small mono">{shortId(job.id)}</div>
      </th>
      <td>
        <JobStateBadge state={job.state} />
      </td>
      <td className="progress-cell">
        <ProgressBar value={job.progress} label={`Progress of job ${shortId(job.id)}`} tone={tone} />
        <span className="muted small">{Math.round(job.progress * 100)} %</span>
      </td>
      <td className="nowrap">{formatTimestamp(job.createdAt, now)}</td>
      <td className="nowrap">{duration === null ? '—' : formatDuration(duration)}</td>
      <td className="message-cell">{message ?? ''}</td>
      <td className="compare-cell" onClick={(e) => e.stopPropagation()}>
        {compared !== undefined && onCompare && (
          <input type="checkbox" checked={compared} aria-label={`Compare the loss of job ${shortId(job.id)}`} onChange={() => onCompare(job.id)} data-testid="compare-job" />
        )}
      </td>
    </tr>
  );
}
