import type { Job } from '../../../electron/contract/jobs.js';
import { JobRow } from './job-row';
import { useNow } from './use-now';

interface JobsTableProps {
  jobs: Job[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function JobsTable({ jobs, selectedId, onSelect }: JobsTableProps) {
  const now = useNow(jobs.some((j) => j.state === 'running'));
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
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} selected={job.id === selectedId} now={now} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
