import type { Job, JobState } from '../../electron/contract/jobs.js';
import type { SliceCreator } from './slice';

// The contract's TERMINAL_STATES is a value next to zod schemas; repeating it keeps zod out of the bundle.
const CANCELLABLE: readonly JobState[] = ['pending', 'queued', 'running', 'interrupted'];

export function isCancellable(job: Job): boolean {
  return CANCELLABLE.includes(job.state);
}

export interface JobsSlice {
  jobs: Record<string, Job>;
  jobsStatus: 'idle' | 'loading' | 'ready' | 'error';
  /** Bumped by every pushed or returned job, so a slower `jobs:list` reply cannot undo newer news. */
  jobWriteSeq: number;
  jobWrittenAt: Record<string, number>;
  selectedJobId: string | null;
  startingSelftest: boolean;
  applyJobChanged(job: Job): void;
  /** Replaces the list with a snapshot, keeping jobs written after `sinceSeq` (they are newer). */
  setJobs(list: readonly Job[], sinceSeq?: number): void;
  selectJob(id: string | null): void;
  loadJobs(): Promise<void>;
  startSelftest(size?: number): Promise<void>;
  cancelJob(id: string): Promise<void>;
  /** Subscribes to `jobs:changed` until the returned function is called. */
  watchJobs(): () => void;
}

export function jobsNewestFirst(jobs: Record<string, Job>): Job[] {
  return Object.values(jobs).sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
}

export const createJobsSlice: SliceCreator<JobsSlice> = (set, get, client) => ({
  jobs: {},
  jobsStatus: 'idle',
  jobWriteSeq: 0,
  jobWrittenAt: {},
  selectedJobId: null,
  startingSelftest: false,

  applyJobChanged(job) {
    set((s) => {
      const seq = s.jobWriteSeq + 1;
      return { jobs: { ...s.jobs, [job.id]: job }, jobWriteSeq: seq, jobWrittenAt: { ...s.jobWrittenAt, [job.id]: seq } };
    });
  },
  setJobs(list, sinceSeq = Infinity) {
    set((s) => {
      const jobs: Record<string, Job> = {};
      for (const j of list) jobs[j.id] = j;
      for (const [id, at] of Object.entries(s.jobWrittenAt)) {
        const kept = s.jobs[id];
        if (at > sinceSeq && kept) jobs[id] = kept;
      }
      return { jobs, jobsStatus: 'ready' };
    });
  },
  selectJob(id) {
    if (id === get().selectedJobId) return;
    set({ selectedJobId: id });
  },

  async loadJobs() {
    const since = get().jobWriteSeq;
    set((s) => ({ jobsStatus: s.jobsStatus === 'ready' ? 'ready' : 'loading' }));
    try {
      get().setJobs(await client.call('jobs:list', { limit: 100 }), since);
    } catch (err) {
      set((s) => ({ jobsStatus: s.jobsStatus === 'ready' ? 'ready' : 'error' }));
      get().notify(err, 'Loading jobs');
    }
  },
  async startSelftest(size = 512) {
    set({ startingSelftest: true });
    try {
      const job = await client.call('jobs:start', { kind: 'selftest', spec: { size } });
      get().applyJobChanged(job);
      get().selectJob(job.id);
    } catch (err) {
      get().notify(err, 'Starting the self-test');
    } finally {
      set({ startingSelftest: false });
    }
  },
  async cancelJob(id) {
    try {
      get().applyJobChanged(await client.call('jobs:cancel', { id }));
    } catch (err) {
      get().notify(err, 'Cancelling the job');
    }
  },
  watchJobs: () => client.on('jobs:changed', (job) => get().applyJobChanged(job)),
});
