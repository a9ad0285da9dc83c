import { describe, expect, it } from 'vitest';
import type { TrainEstimate } from '../../../../electron/contract/jobs.js';
import { DEFAULT_DRAFT } from '../../../../renderer/pages/train/train-draft';
import { createStudioStore } from '../../../../renderer/store/index';
import { fakeClient, job } from '../../fakes';

const estimate: TrainEstimate = {
  totalParams: 1e6,
  trainableParams: 1e4,
  weightsBytes: 4e6,
  adapterBytes: 4e4,
  gradientBytes: 4e4,
  optimizerBytes: 8e4,
  activationBytes: 1e6,
  engineCopiesBytes: 0,
  runtimeBytes: 0,
  totalBytes: 5.16e6,
  availableRamBytes: 1e10,
  availableVramBytes: null,
  fits: true,
  warning: null,
};

function setup() {
  const { transport, client } = fakeClient();
  const store = createStudioStore(client);
  store.getState().setTrainDraft({ datasetVersionId: 'v2', model: '/models/tiny' });
  return { transport, store };
}

describe('train slice', () => {
  it('starts training, then opens the Jobs page on the new job', async () => {
    const { transport, store } = setup();
    transport.handlers.set('train:start', () => job({ id: 'train-1', kind: 'train', state: 'queued' }));
    const started = await store.getState().startTraining(false);
    expect(started?.id).toBe('train-1');
    expect(transport.callsNamed('train:start')[0]).toMatchObject({ datasetVersionId: 'v2', model: '/models/tiny', epochs: 1, lora: { rank: 8 }, force: false });
    const s = store.getState();
    expect(s.page).toBe('jobs');
    expect(s.selectedJobId).toBe('train-1');
    expect(s.jobs['train-1']?.kind).toBe('train');
    expect(s.trainStarting).toBe(false);
  });

  it('keeps a refusal on the form and stays on the Train page', async () => {
    const { transport, store } = setup();
    store.getState().setPage('train');
    transport.handlers.set('train:start', () => {
      throw { code: 'RESOURCE_EXHAUSTED', message: 'needs 40 GB' };
    });
    expect(await store.getState().startTraining(false)).toBeNull();
    expect(store.getState().trainStartError?.code).toBe('RESOURCE_EXHAUSTED');
    expect(store.getState().page).toBe('train');
    expect(store.getState().notices).toEqual([]);
    // Editing the form clears it.
    store.getState().setTrainDraft({ batchSize: '2' });
    expect(store.getState().trainStartError).toBeNull();
  });

  it('asks for the estimate once per distinct request and drops a stale reply', async () => {
    const { transport, store } = setup();
    const replies: ((v: TrainEstimate) => void)[] = [];
    transport.handlers.set('train:estimate', () => new Promise<TrainEstimate>((r) => replies.push(r)));
    const first = store.getState().loadTrainEstimate();
    store.getState().setTrainDraft({ batchSize: '8' });
    const second = store.getState().loadTrainEstimate();
    await Promise.resolve();
    expect(transport.callsNamed('train:estimate')).toMatchObject([{ batchSize: 4 }, { batchSize: 8 }]);
    replies[1]!({ ...estimate, totalBytes: 8 });
    await second;
    replies[0]!({ ...estimate, totalBytes: 4 });
    await first;
    expect(store.getState().trainEstimate?.totalBytes).toBe(8);
    // The same request again is not sent again.
    await store.getState().loadTrainEstimate();
    expect(transport.callsNamed('train:estimate')).toHaveLength(2);
  });

  it('shows an estimate failure without a notice, and no request while a field is invalid', async () => {
    const { transport, store } = setup();
    transport.handlers.set('train:estimate', () => {
      throw { code: 'MODEL_ERROR', message: 'no config.json' };
    });
    await store.getState().loadTrainEstimate();
    expect(store.getState()).toMatchObject({ trainEstimateStatus: 'error', trainEstimateError: 'no config.json', notices: [] });
    store.getState().setTrainDraft({ maxLength: '4' });
    await store.getState().loadTrainEstimate();
    expect(store.getState().trainEstimateStatus).toBe('idle');
    expect(transport.callsNamed('train:estimate')).toHaveLength(1);
  });

  it('clones a job onto the Train page', () => {
    const { store } = setup();
    store.getState().cloneTrainJob(job({ id: 't', kind: 'train', spec: { model: '/m2', data: '/d/datasets/versions/v9/train.jsonl', outDir: '/o', epochs: 4, lora: { rank: 64, alpha: 128 } } }));
    expect(store.getState().page).toBe('train');
    expect(store.getState().trainDraft).toMatchObject({ ...DEFAULT_DRAFT, datasetVersionId: 'v9', model: '/m2', epochs: '4', rank: '64', alpha: '128' });
  });
});
