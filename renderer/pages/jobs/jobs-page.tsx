import { useEffect, useMemo } from 'react';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/page';
import { PageIcon } from '../../components/page-icon';
import { Spinner } from '../../components/spinner';
import { jobsNewestFirst } from '../../store/jobs-slice';
import { useStudio } from '../../store/index';
import { JobDetails } from './job-details';
import { JobsTable } from './jobs-table';

export function JobsPage() {
  const jobsById = useStudio((s) => s.jobs);
  const status = useStudio((s) => s.jobsStatus);
  const selectedId = useStudio((s) => s.selectedJobId);
  const starting = useStudio((s) => s.startingSelftest);
  const selectJob = useStudio((s) => s.selectJob);
  const startSelftest = useStudio((s) => s.startSelftest);
  const loadJobs = useStudio((s) => s.loadJobs);
  const loadJobLogs = useStudio((s) => s.loadJobLogs);
  const watchJobLogs = useStudio((s) => s.watchJobLogs);
  const jobs = useMemo(() => jobsNewestFirst(jobsById), [jobsById]);
  const selected = selectedId ? jobsById[selectedId] : undefined;

  // The list is kept live app-wide; refetching on open covers anything missed while disconnected.
  useEffect(() => {
    void loadJobs();
  }, [loadJobs]);
  useEffect(() => watchJobLogs(), [watchJobLogs]);
  const watchJobMetrics = useStudio((s) => s.watchJobMetrics);
  const loadJobMetrics = useStudio((s) => s.loadJobMetrics);
  useEffect(() => watchJobMetrics(), [watchJobMetrics]);
  useEffect(() => {
    if (selectedId) void loadJobMetrics(selectedId);
  }, [selectedId, loadJobMetrics]);
  useEffect(() => {
    if (selectedId) void loadJobLogs(selectedId);
  }, [selectedId, loadJobLogs]);

  const runButton = (
    <button type="button" className="button button-primary" data-testid="run-selftest" disabled={starting} onClick={() => void startSelftest(512)}>
      {starting ? 'Starting…' : 'Run self-test'}
    </button>
  );

  return (
    <Page id="jobs" title="Jobs" subtitle="Every long task runs as a job: training, evaluation, exports and data reports" actions={runButton}>
      {status === 'loading' && jobs.length === 0 && <Spinner label="Loading jobs…" />}
      {status !== 'loading' && jobs.length === 0 && (
        <EmptyState title="No jobs yet" icon={<PageIcon page="jobs" size={36} />}>
          <p>Run the self-test to check that compute works on this machine: it loads a TF.js backend and multiplies two 512×512 matrices.</p>
        </EmptyState>
      )}
      {jobs.length > 0 && <JobsTable jobs={jobs} selectedId={selectedId} onSelect={selectJob} />}
      {selected ? <JobDetails job={selected} /> : jobs.length > 0 && <p className="muted hint">Select a job to see its result and log.</p>}
    </Page>
  );
}
