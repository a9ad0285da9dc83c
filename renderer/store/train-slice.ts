import type { Job, TrainEstimate } from '../../electron/contract/jobs.js';
import { ClientError } from '../client/client-error';
import { applyPreset, DEFAULT_DRAFT, draftFromJobSpec, draftToRequest, estimateRequest, type PresetId, type TrainDraft } from '../pages/train/train-draft';
import type { SliceCreator } from './slice';

export interface TrainSlice {
  trainDraft: TrainDraft;
  /** The estimate for `trainEstimateKey` (the request it answered, as JSON). */
  trainEstimate: TrainEstimate | null;
  trainEstimateKey: string | null;
  trainEstimateStatus: 'idle' | 'loading' | 'ready' | 'error';
  trainEstimateError: string | null;
  trainStarting: boolean;
  /** Why the last Start was refused (shown on the form, not as a notice). */
  trainStartError: ClientError | null;
  setTrainDraft(patch: Partial<TrainDraft>): void;
  applyTrainPreset(id: PresetId): void;
  /** Asks main for the memory estimate of the draft as it is now; a stale reply is dropped. */
  loadTrainEstimate(): Promise<void>;
  /** Queues the run; on success the Jobs page opens on it. Resolves the job, or null when refused. */
  startTraining(force: boolean): Promise<Job | null>;
  /** "Clone": the Train page, prefilled from a job's spec. */
  cloneTrainJob(job: Job): void;
}

export const createTrainSlice: SliceCreator<TrainSlice> = (set, get, client) => ({
  trainDraft: DEFAULT_DRAFT,
  trainEstimate: null,
  trainEstimateKey: null,
  trainEstimateStatus: 'idle',
  trainEstimateError: null,
  trainStarting: false,
  trainStartError: null,

  setTrainDraft: (patch) => set((s) => ({ trainDraft: { ...s.trainDraft, ...patch }, trainStartError: null })),
  applyTrainPreset: (id) => set((s) => ({ trainDraft: applyPreset(s.trainDraft, id), trainStartError: null })),

  async loadTrainEstimate() {
    const req = estimateRequest(get().trainDraft);
    if (!req) {
      set({ trainEstimate: null, trainEstimateKey: null, trainEstimateStatus: 'idle', trainEstimateError: null });
      return;
    }
    const key = JSON.stringify(req);
    if (key === get().trainEstimateKey && get().trainEstimateStatus !== 'error') return;
    set({ trainEstimateKey: key, trainEstimateStatus: 'loading', trainEstimateError: null });
    try {
      const estimate = await client.call('train:estimate', req);
      if (get().trainEstimateKey === key) set({ trainEstimate: estimate, trainEstimateStatus: 'ready' });
    } catch (err) {
      if (get().trainEstimateKey === key) set({ trainEstimate: null, trainEstimateStatus: 'error', trainEstimateError: ClientError.from(err).message });
    }
  },

  async startTraining(force) {
    if (get().trainStarting) return null;
    set({ trainStarting: true, trainStartError: null });
    try {
      const job = await client.call('train:start', draftToRequest(get().trainDraft, force));
      if (!get().jobs[job.id]) get().applyJobChanged(job);
      get().selectJob(job.id);
      get().setPage('jobs');
      return job;
    } catch (err) {
      set({ trainStartError: ClientError.from(err) });
      return null;
    } finally {
      set({ trainStarting: false });
    }
  },

  cloneTrainJob(job) {
    set((s) => ({ trainDraft: draftFromJobSpec(job.spec, s.trainDraft), trainStartError: null }));
    get().setPage('train');
  },
});
