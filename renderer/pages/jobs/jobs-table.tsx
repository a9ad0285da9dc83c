import type { Job } from '../../../electron/contract/jobs.js';
import { useStudio } from '../../store/index';
import { JobRow } from './job-row';
import { useNow } from './use-now';

interface JobsTableProps {
  jobs: Job[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function JobsTable({ jobs, selectedId, onSelect }: JobsTableProps) {
  const now = useNow(jobs.some((j) => j.state === 'running'));
  const compareIds = useStudio((s) => s.compareIds);
  const toggleCompare = useStudio((s) => s.toggleCompare);
  return (
    <div className="table-scroll">
      <table className="table jobs-table">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">State</th>
            <th scope="col">Progress</th>
            <th scope="col">Created</th>
            <th scope="col">Duration</th>
            <th scope="col">Message</th>
            <th scope="col" className="compare-cell" title="Overlay the loss curves of the ticked training jobs">
              Compare
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <JobRow
              key={job.id}
              job={job}
              selected={job.id === selectedId}
              now={now}
              onSelect={onSelect}
              compared={job.kind === 'train' ? compareIds.includes(job.id) : undefined}
              onCompare={toggleCompare}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
