import type { Job, JobStats } from '../../electron/contract/jobs.js';
import { ClientError } from '../client/client-error';
import type { SliceCreator } from './slice';

/** Kinds a "Retry" can start again as they were (jobs:retry). Dataset jobs are restarted from the Datasets page. */
const RETRYABLE_KINDS: readonly Job['kind'][] = ['selftest', 'train', 'generate', 'evaluate', 'export'];

export const canResume = (job: Job) => job.kind === 'train' && (job.state === 'interrupted' || job.state === 'failed');
export const canRetry = (job: Job) => RETRYABLE_KINDS.includes(job.kind) && (job.state === 'failed' || job.state === 'cancelled' || job.state === 'completed' || job.state === 'interrupted');
export const canDelete = (job: Job) => job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled';

export interface JobQueueSlice {
  jobStats: JobStats | null;
  /** Job ids with a call in flight, so their buttons wait. */
  jobBusy: Record<string, true>;
  autoResume: boolean | null;
  loadJobStats(): Promise<void>;
  moveQueuedJob(id: string, position: number): Promise<void>;
  resumeJob(id: string): Promise<void>;
  retryJob(id: string): Promise<void>;
  /** Resolves null when deleted, else the refusal to show in the confirm dialog. */
  deleteJob(id: string, deleteArtifacts: boolean): Promise<ClientError | null>;
  loadAutoResume(): Promise<void>;
  setAutoResume(on: boolean): Promise<void>;
}

/** Queued jobs in the order they will run (main's queuePosition; jobs:reorder rewrites it). */
export function queuedInOrder(jobs: Record<string, Job>): Job[] {
  const rank = (j: Job) => j.queuePosition ?? Number.MAX_SAFE_INTEGER;
  return Object.values(jobs)
    .filter((j) => j.state === 'queued')
    .sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export const createJobQueueSlice: SliceCreator<JobQueueSlice> = (set, get, client) => {
  /** Runs a per-job call with its buttons disabled; a failure becomes a notice. */
  const busy = async (id: string, context: string, run: () => Promise<void>) => {
    if (get().jobBusy[id]) return;
    set((s) => ({ jobBusy: { ...s.jobBusy, [id]: true } }));
    try {
      await run();
    } catch (err) {
      get().notify(err, context);
    } finally {
      set((s) => {
        const { [id]: _, ...rest } = s.jobBusy;
        return { jobBusy: rest };
      });
    }
  };

  return {
    jobStats: null,
    jobBusy: {},
    autoResume: null,

    async loadJobStats() {
      try {
        set({ jobStats: await client.call('jobs:stats', {}) });
      } catch (err) {
        get().notify(err, 'Loading job statistics');
      }
    },
    moveQueuedJob: (id, position) =>
      busy(id, 'Reordering the queue', async () => {
        const queue = await client.call('jobs:reorder', { id, position: Math.max(0, position) });
        for (const j of queue) get().applyJobChanged(j);
      }),
    resumeJob: (id) =>
      busy(id, 'Resuming the job', async () => {
        get().applyJobChanged(await client.call('jobs:resume', { id }));
      }),
    retryJob: (id) =>
      busy(id, 'Retrying the job', async () => {
        const job = await client.call('jobs:retry', { id });
        get().applyJobChanged(job);
        get().selectJob(job.id);
      }),
    async deleteJob(id, deleteArtifacts) {
      try {
        await client.call('jobs:delete', { id, deleteArtifacts });
      } catch (err) {
        return ClientError.from(err);
      }
      set((s) => {
        const { [id]: _, ...jobs } = s.jobs;
        return { jobs, selectedJobId: s.selectedJobId === id ? null : s.selectedJobId };
      });
      void get().loadJobStats();
      return null;
    },
    async loadAutoResume() {
      try {
        set({ autoResume: (await client.call('settings:get', {})).autoResume });
      } catch (err) {
        get().notify(err, 'Reading settings');
      }
    },
    async setAutoResume(on) {
      const before = get().autoResume;
      set({ autoResume: on });
      try {
        set({ autoResume: (await client.call('settings:set', { autoResume: on })).autoResume });
      } catch (err) {
        set({ autoResume: before });
        get().notify(err, 'Saving settings');
      }
    },
  };
};
