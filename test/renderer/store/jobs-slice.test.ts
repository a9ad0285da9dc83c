import { describe, expect, it } from 'vitest';
import { createStudioStore } from '../../../renderer/store/index';
import { isCancellable, jobsNewestFirst } from '../../../renderer/store/jobs-slice';
import { fakeClient, flush, job } from '../fakes';

describe('jobs slice: pure actions', () => {
  it('applyJobChanged adds and replaces jobs by id', () => {
    const store = createStudioStore(fakeClient().client);
    store.getState().applyJobChanged(job({ id: 'a', state: 'queued' }));
    store.getState().applyJobChanged(job({ id: 'b' }));
    store.getState().applyJobChanged(job({ id: 'a', state: 'running', progress: 0.5 }));
    const { jobs } = store.getState();
    expect(Object.keys(jobs).sort()).toEqual(['a', 'b']);
    expect(jobs.a).toMatchObject({ state: 'running', progress: 0.5 });
  });

  it('a jobs:list snapshot does not undo a push that arrived while it was in flight', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    let reply: (v: unknown) => void = () => {};
    transport.handlers.set('jobs:list', () => new Promise((r) => (reply = r)));
    store.getState().applyJobChanged(job({ id: 'old', state: 'completed' }));
    const loading = store.getState().loadJobs();
    // Main finished job "a" after it read the list, and pushed that first.
    store.getState().applyJobChanged(job({ id: 'a', state: 'completed', progress: 1 }));
    reply([job({ id: 'a', state: 'running', progress: 0.3 }), job({ id: 'c' })]);
    await loading;
    const { jobs, jobsStatus } = store.getState();
    expect(jobsStatus).toBe('ready');
    expect(jobs.a?.state).toBe('completed');
    expect(jobs.c).toBeDefined();
    // A job absent from the snapshot and not pushed since is gone.
    expect(jobs.old).toBeUndefined();
  });

  it('lists jobs newest first', () => {
    const list = jobsNewestFirst({ a: job({ id: 'a', createdAt: 1 }), b: job({ id: 'b', createdAt: 3 }), c: job({ id: 'c', createdAt: 2 }) });
    expect(list.map((j) => j.id)).toEqual(['b', 'c', 'a']);
  });

  it('says which states can be cancelled', () => {
    expect(['pending', 'queued', 'running', 'interrupted'].every((state) => isCancellable(job({ state: state as 'queued' })))).toBe(true);
    expect(['completed', 'failed', 'cancelled'].some((state) => isCancellable(job({ state: state as 'queued' })))).toBe(false);
  });
});

describe('jobs slice: calls', () => {
  it('startSelftest calls jobs:start with a selftest spec and selects the new job', async () => {
    const { transport, client } = fakeClient();
    transport.handlers.set('jobs:start', () => job({ id: 'new', state: 'queued' }));
    const store = createStudioStore(client);
    const started = store.getState().startSelftest(512);
    expect(store.getState().startingSelftest).toBe(true);
    await started;
    expect(transport.callsNamed('jobs:start')).toEqual([{ kind: 'selftest', spec: { size: 512 } }]);
    expect(store.getState()).toMatchObject({ selectedJobId: 'new', startingSelftest: false });
    expect(store.getState().jobs.new?.state).toBe('queued');
  });

  it('shows a failed start to the user', async () => {
    const { transport, client } = fakeClient();
    transport.handlers.set('jobs:start', () => {
      throw { code: 'CONFLICT', message: 'queue full' };
    });
    const store = createStudioStore(client);
    await store.getState().startSelftest();
    expect(store.getState().notices).toMatchObject([{ code: 'CONFLICT', message: 'queue full', context: 'Starting the self-test' }]);
    expect(store.getState().startingSelftest).toBe(false);
  });

  it('cancelJob calls jobs:cancel and applies the returned job', async () => {
    const { transport, client } = fakeClient();
    transport.handlers.set('jobs:cancel', (req) => job({ id: (req as { id: string }).id, state: 'cancelled' }));
    const store = createStudioStore(client);
    store.getState().applyJobChanged(job({ id: 'x', state: 'running' }));
    await store.getState().cancelJob('x');
    expect(transport.callsNamed('jobs:cancel')).toEqual([{ id: 'x' }]);
    expect(store.getState().jobs.x?.state).toBe('cancelled');
  });

  it('watchJobs applies jobs:changed pushes', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    store.getState().watchJobs();
    await flush();
    transport.emit('jobs:changed', job({ id: 'p', state: 'failed', error: { code: 'TRAINING_ERROR', message: 'NaN loss' } }));
    expect(store.getState().jobs.p?.error?.code).toBe('TRAINING_ERROR');
  });
});
