import { describe, expect, it } from 'vitest';
import type { JobLog, JobMetric } from '../../../../electron/contract/jobs.js';
import { queuedInOrder, canDelete, canResume, canRetry } from '../../../../renderer/store/job-queue-slice';
import { LIVE_BATCH_MS } from '../../../../renderer/store/batched-feed';
import { LOG_PAGE, LOG_LEVELS, LOG_VIEW_MAX, filterQuery, matchesFilter, mergeLogs } from '../../../../renderer/store/log-view-slice';
import { curvesFrom, MAX_COMPARED } from '../../../../renderer/store/runs-slice';
import { createStudioStore } from '../../../../renderer/store/index';
import { fakeClient, flush, job } from '../../fakes';

const line = (t: number, message = `line ${t}`, level: JobLog['level'] = 'INFO', jobId = 't1'): JobLog => ({ jobId, t, level, message });
/** Pushes are applied together once per LIVE_BATCH_MS. */
const afterLiveBatch = () => new Promise((r) => setTimeout(r, LIVE_BATCH_MS + 20));
const metric = (name: string, step: number, value: number, t = step * 100, jobId = 't1'): JobMetric => ({ jobId, t, name, step, value });

describe('job queue slice', () => {
  it("orders the queue by main's queue position, then oldest first", () => {
    const jobs = {
      a: job({ id: 'a', state: 'queued', createdAt: 1, queuePosition: 5 }),
      b: job({ id: 'b', state: 'queued', createdAt: 2 }),
      c: job({ id: 'c', state: 'queued', createdAt: 3, queuePosition: 2 }),
      r: job({ id: 'r', state: 'running' }),
    };
    expect(queuedInOrder(jobs).map((j) => j.id)).toEqual(['c', 'a', 'b']);
  });

  it('moves a queued job and takes the positions main answers', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    store.getState().applyJobChanged(job({ id: 'a', state: 'queued', queuePosition: 0 }));
    store.getState().applyJobChanged(job({ id: 'b', state: 'queued', queuePosition: 1 }));
    transport.handlers.set('jobs:reorder', () => [job({ id: 'b', state: 'queued', queuePosition: 0 }), job({ id: 'a', state: 'queued', queuePosition: 1 })]);
    await store.getState().moveQueuedJob('b', 0);
    expect(transport.callsNamed('jobs:reorder')).toEqual([{ id: 'b', position: 0 }]);
    expect(queuedInOrder(store.getState().jobs).map((j) => j.id)).toEqual(['b', 'a']);
    expect(store.getState().jobBusy).toEqual({});
  });

  it('offers resume for interrupted or failed training, retry and delete for finished jobs', () => {
    expect(canResume(job({ kind: 'train', state: 'interrupted' }))).toBe(true);
    expect(canResume(job({ kind: 'train', state: 'cancelled' }))).toBe(false);
    expect(canResume(job({ kind: 'selftest', state: 'failed' }))).toBe(false);
    expect(canRetry(job({ kind: 'train', state: 'completed' }))).toBe(true);
    expect(canRetry(job({ kind: 'import-data', state: 'failed' }))).toBe(false);
    expect(canDelete(job({ state: 'running' }))).toBe(false);
    expect(canDelete(job({ state: 'cancelled' }))).toBe(true);
  });

  it('retries into a new selected job; resume failures become notices', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    transport.handlers.set('jobs:retry', () => job({ id: 'new', kind: 'train', state: 'queued' }));
    transport.handlers.set('jobs:resume', () => {
      throw { code: 'CONFLICT', message: 'no checkpoint' };
    });
    await store.getState().retryJob('old');
    expect(store.getState().selectedJobId).toBe('new');
    await store.getState().resumeJob('old');
    expect(store.getState().notices[0]).toMatchObject({ code: 'CONFLICT', context: 'Resuming the job' });
  });

  it('deletes a job (and its files unless told not to), or hands the refusal back', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    store.getState().applyJobChanged(job({ id: 'x', state: 'completed' }));
    store.getState().selectJob('x');
    transport.handlers.set('jobs:delete', (req) => {
      if ((req as { id: string }).id === 'busy') throw { code: 'CONFLICT', message: 'running' };
      return { removed: true };
    });
    expect(await store.getState().deleteJob('x', false)).toBeNull();
    expect(transport.callsNamed('jobs:delete')).toEqual([{ id: 'x', deleteArtifacts: false }]);
    expect(store.getState().jobs.x).toBeUndefined();
    expect(store.getState().selectedJobId).toBeNull();
    expect((await store.getState().deleteJob('busy', true))?.code).toBe('CONFLICT');
  });

  it('reads and saves autoResume, reverting when saving fails', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    transport.handlers.set('settings:get', () => ({ autoResume: false }));
    await store.getState().loadAutoResume();
    expect(store.getState().autoResume).toBe(false);
    transport.handlers.set('settings:set', () => {
      throw { code: 'INTERNAL_ERROR', message: 'disk full' };
    });
    await store.getState().setAutoResume(true);
    expect(store.getState().autoResume).toBe(false);
    transport.handlers.set('settings:set', (req) => ({ autoResume: (req as { autoResume: boolean }).autoResume }));
    await store.getState().setAutoResume(true);
    expect(store.getState().autoResume).toBe(true);
  });
});

describe('log view slice', () => {
  it('filters by level and search, sending only what filters something', () => {
    const all = { levels: [...LOG_LEVELS], search: '' };
    expect(filterQuery(all)).toEqual({});
    expect(filterQuery({ levels: ['WARN', 'ERROR'], search: ' nan ' })).toEqual({ levels: ['WARN', 'ERROR'], search: 'nan' });
    expect(matchesFilter(line(1, 'Loss is NaN', 'WARN'), { levels: ['WARN'], search: 'nan' })).toBe(true);
    expect(matchesFilter(line(1, 'Loss is NaN', 'INFO'), { levels: ['WARN'], search: 'nan' })).toBe(false);
  });

  it('opens on the newest page, pages back from the oldest line and tails pushed lines', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    const stored = Array.from({ length: LOG_PAGE + 50 }, (_, i) => line(i + 1));
    transport.handlers.set('jobs:logs', (req) => {
      const r = req as { beforeT?: number; afterT?: number; limit: number };
      const before = stored.filter((l) => l.t < (r.beforeT ?? Infinity) && l.t > (r.afterT ?? -Infinity));
      // Newest first within a page back, as the contract says.
      return before.slice(-r.limit).reverse();
    });
    const stop = store.getState().watchLogView();
    await store.getState().openLogView('t1');
    let view = store.getState().logView!;
    expect(view.lines).toHaveLength(LOG_PAGE);
    expect(view.lines[0]!.t).toBe(51);
    expect(view.hasOlder).toBe(true);

    await store.getState().loadOlderLogs();
    view = store.getState().logView!;
    expect(view.lines).toHaveLength(LOG_PAGE + 50);
    expect(view.lines[0]!.t).toBe(1);
    expect(view.hasOlder).toBe(false);
    expect((transport.callsNamed('jobs:logs')[1] as { beforeT: number }).beforeT).toBe(52);

    transport.emit('jobs:log', line(1000, 'new line'));
    transport.emit('jobs:log', line(1001, 'other job', 'INFO', 't2'));
    await afterLiveBatch();
    expect(store.getState().logView!.lines.at(-1)!.message).toBe('new line');
    stop();
  });

  it('fetches again with the filter and drops pushed lines that do not match it', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    transport.handlers.set('jobs:logs', () => [line(5, 'step failed', 'ERROR')]);
    const stop = store.getState().watchLogView();
    await store.getState().openLogView('t1');
    store.getState().setLogFilter({ levels: ['ERROR'] });
    await flush();
    expect(transport.callsNamed('jobs:logs').at(-1)).toMatchObject({ id: 't1', levels: ['ERROR'] });
    transport.emit('jobs:log', line(6, 'just info'));
    transport.emit('jobs:log', line(7, 'another error', 'ERROR'));
    await afterLiveBatch();
    expect(store.getState().logView!.lines.map((l) => l.t)).toEqual([5, 7]);
    stop();
  });

  it('merges lines in time order without repeats, keeping the newest LOG_VIEW_MAX', () => {
    expect(mergeLogs([line(3, 'c'), line(1, 'a')], [line(1, 'a'), line(2, 'b')]).map((l) => l.message)).toEqual(['a', 'b', 'c']);
    const many = Array.from({ length: LOG_VIEW_MAX + 5 }, (_, i) => line(i));
    const merged = mergeLogs(many, []);
    expect(merged).toHaveLength(LOG_VIEW_MAX);
    expect(merged[0]!.t).toBe(5);
  });

  it('reads back every line for copy and save, page by page', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    const stored = Array.from({ length: 2500 }, (_, i) => line(i + 1));
    transport.handlers.set('jobs:logs', (req) => {
      const r = req as { beforeT: number; limit: number };
      return stored.filter((l) => l.t < r.beforeT).slice(-r.limit).reverse();
    });
    const all = await store.getState().fetchAllLogs('t1');
    expect(all).toHaveLength(2500);
    expect(all[0]!.t).toBe(1);
    expect(all.at(-1)!.t).toBe(2500);
  });

  it('catches up after a reconnect with the lines after the newest shown', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    transport.handlers.set('jobs:logs', (req) => ((req as { afterT?: number }).afterT !== undefined ? [line(10), line(11)] : [line(10)]));
    await store.getState().openLogView('t1');
    await store.getState().catchUpLogs();
    expect(transport.callsNamed('jobs:logs')[1]).toMatchObject({ afterT: 9 });
    expect(store.getState().logView!.lines.map((l) => l.t)).toEqual([10, 11]);
  });
});

describe('runs slice', () => {
  it('builds loss curves from stored metrics, one point per step', () => {
    const c = curvesFrom([metric('loss', 2, 1.5), metric('lr', 1, 1e-4), metric('loss', 1, 2), metric('loss', 2, 9), metric('val_loss', 2, 1.8)]);
    expect(c.loss).toEqual([
      { step: 1, value: 2 },
      { step: 2, value: 1.5 },
    ]);
    expect(c.val_loss).toEqual([{ step: 2, value: 1.8 }]);
  });

  it('times steps from pushed loss points and extends the curves of compared runs', async () => {
    const { transport, client } = fakeClient();
    const store = createStudioStore(client);
    transport.handlers.set('jobs:metrics', () => [metric('loss', 1, 2)]);
    const stop = store.getState().watchRuns();
    store.getState().toggleCompare('t1');
    await flush();
    transport.emit('jobs:metric', metric('loss', 2, 1.5, 5000));
    transport.emit('jobs:metric', metric('loss', 7, 1.1, 9000, 'other'));
    await afterLiveBatch();
    const s = store.getState();
    expect(s.compareCurves.t1!.loss.map((p) => p.step)).toEqual([1, 2]);
    expect(s.compareCurves.other).toBeUndefined();
    expect(s.stepClock.t1).toEqual([{ step: 2, t: 5000 }]);
    expect(s.stepClock.other).toEqual([{ step: 7, t: 9000 }]);
    store.getState().toggleCompare('t1');
    expect(store.getState().compareIds).toEqual([]);
    expect(store.getState().compareCurves).toEqual({});
    stop();
  });

  it(`compares at most ${MAX_COMPARED} runs`, () => {
    const store = createStudioStore(fakeClient().client);
    for (let i = 0; i < MAX_COMPARED + 2; i++) store.getState().toggleCompare(`j${i}`);
    expect(store.getState().compareIds).toHaveLength(MAX_COMPARED);
  });
});
