import { useEffect, useMemo } from 'react';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/page';
import { PageIcon } from '../../components/page-icon';
import { Spinner } from '../../components/spinner';
import { jobsNewestFirst } from '../../store/jobs-slice';
import { useStudio } from '../../store/index';
import { CompareRuns } from './compare-runs';
import { JobDetails } from './job-details';
import { JobStatsStrip } from './job-stats-strip';
import { JobsTable } from './jobs-table';
import { QueueCard } from './queue-card';

/** How long job changes must settle before the statistics are asked again (a running job changes every step). */
const STATS_DEBOUNCE_MS = 500;

export function JobsPage() {
  const jobsById = useStudio((s) => s.jobs);
  const status = useStudio((s) => s.jobsStatus);
  const selectedId = useStudio((s) => s.selectedJobId);
  const starting = useStudio((s) => s.startingSelftest);
  const connected = useStudio((s) => s.connection === 'connected');
  const autoResume = useStudio((s) => s.autoResume);
  const selectJob = useStudio((s) => s.selectJob);
  const startSelftest = useStudio((s) => s.startSelftest);
  const loadJobs = useStudio((s) => s.loadJobs);
  const loadJobStats = useStudio((s) => s.loadJobStats);
  const loadAutoResume = useStudio((s) => s.loadAutoResume);
  const setAutoResume = useStudio((s) => s.setAutoResume);
  const watchJobMetrics = useStudio((s) => s.watchJobMetrics);
  const loadJobMetrics = useStudio((s) => s.loadJobMetrics);
  const watchLogView = useStudio((s) => s.watchLogView);
  const catchUpLogs = useStudio((s) => s.catchUpLogs);
  const watchRuns = useStudio((s) => s.watchRuns);
  const jobs = useMemo(() => jobsNewestFirst(jobsById), [jobsById]);
  const selected = selectedId ? jobsById[selectedId] : undefined;
  // Job states as one string: the statistics change only when one of them does, not on every progress step.
  const states = useMemo(() => jobs.map((j) => `${j.id}:${j.state}`).join(), [jobs]);

  // The list is kept live app-wide; refetching on open (and after a reconnection) covers anything missed.
  useEffect(() => {
    if (!connected) return;
    void loadJobs();
    void loadAutoResume();
    void catchUpLogs();
  }, [connected, loadJobs, loadAutoResume, catchUpLogs]);
  useEffect(() => {
    if (!connected) return;
    const timer = setTimeout(() => void loadJobStats(), STATS_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [states, connected, loadJobStats]);
  useEffect(() => watchLogView(), [watchLogView]);
  useEffect(() => watchJobMetrics(), [watchJobMetrics]);
  useEffect(() => watchRuns(), [watchRuns]);
  useEffect(() => {
    if (selectedId && connected) void loadJobMetrics(selectedId);
  }, [selectedId, connected, loadJobMetrics]);

  const actions = (
    <>
      {autoResume !== null && (
        <label className="check-field auto-resume" title="When the app starts, training jobs it left interrupted continue from their last checkpoint">
          <input type="checkbox" checked={autoResume} onChange={(e) => void setAutoResume(e.target.checked)} data-testid="auto-resume" />
          Resume interrupted training on start
        </label>
      )}
      <button type="button" className="button" data-testid="run-selftest" disabled={starting} onClick={() => void startSelftest(512)}>
        {starting ? 'Starting…' : 'Run self-test'}
      </button>
    </>
  );

  return (
    <Page id="jobs" title="Jobs" subtitle="Every long task runs as a job: training, evaluation, exports and data reports" actions={actions}>
      <JobStatsStrip />
      {status === 'loading' && jobs.length === 0 && <Spinner label="Loading jobs…" />}
      {status !== 'loading' && jobs.length === 0 && (
        <EmptyState title="No jobs yet" icon={<PageIcon page="jobs" size={36} />}>
          <p>Start a fine-tune on the Train page, or run the self-test to check that compute works on this machine: it loads a TF.js backend and multiplies two 512×512 matrices.</p>
        </EmptyState>
      )}
      <QueueCard />
      {jobs.length > 0 && <JobsTable jobs={jobs} selectedId={selectedId} onSelect={selectJob} />}
      <CompareRuns />
      {selected ? <JobDetails key={selected.id} job={selected} /> : jobs.length > 0 && <p className="muted hint">Select a job to see its progress, charts and log.</p>}
    </Page>
  );
}
