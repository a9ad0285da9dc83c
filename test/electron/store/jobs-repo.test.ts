import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { Store } from '../../../electron/store/store.js';
import { tempDir } from '../../helpers/temp-dir.js';

function openStore() {
  return Store.open(tempDir());
}

describe('JobsRepo', () => {
  it('walks a job through its lifecycle, stamping times', () => {
    const store = openStore();
    const job = store.jobs.create('selftest', { size: 64 }, 1000);
    expect(job).toMatchObject({ state: 'pending', progress: 0, spec: { size: 64 }, createdAt: 1000, startedAt: null });
    store.jobs.transition(job.id, 'queued', {}, 1001);
    const running = store.jobs.transition(job.id, 'running', {}, 1002);
    expect(running.startedAt).toBe(1002);
    store.jobs.setProgress(job.id, 0.5, 'half');
    expect(store.jobs.get(job.id)).toMatchObject({ progress: 0.5, message: 'half' });
    const done = store.jobs.transition(job.id, 'completed', { progress: 1, result: { gflops: 3 } }, 1005);
    expect(done).toMatchObject({ state: 'completed', progress: 1, result: { gflops: 3 }, finishedAt: 1005, error: null });
    store.close();
  });

  it('refuses transitions the lifecycle does not allow, writing nothing', () => {
    const store = openStore();
    const job = store.jobs.create('selftest', {});
    expect(() => store.jobs.transition(job.id, 'completed')).toThrow(AppError);
    try {
      store.jobs.transition(job.id, 'running');
    } catch (err) {
      expect((err as AppError).code).toBe('CONFLICT');
    }
    expect(store.jobs.get(job.id).state).toBe('pending');
    store.close();
  });

  it('reports NOT_FOUND for an unknown id', () => {
    const store = openStore();
    expect(() => store.jobs.get('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    store.close();
  });

  it('stores the error shape of a failed job', () => {
    const store = openStore();
    const { id } = store.jobs.create('selftest', {});
    store.jobs.transition(id, 'queued');
    store.jobs.transition(id, 'running');
    store.jobs.transition(id, 'failed', { error: { code: 'RESOURCE_EXHAUSTED', message: 'out of memory' } });
    expect(store.jobs.get(id).error).toEqual({ code: 'RESOURCE_EXHAUSTED', message: 'out of memory' });
    store.close();
  });

  it('marks jobs left running by a dead process as interrupted, and only those', () => {
    const dir = tempDir();
    const a = Store.open(dir);
    const running = a.jobs.create('selftest', {});
    a.jobs.transition(running.id, 'queued');
    a.jobs.transition(running.id, 'running');
    const queued = a.jobs.create('selftest', {});
    a.jobs.transition(queued.id, 'queued');
    a.close();

    const b = Store.open(dir);
    const marked = b.jobs.markInterrupted();
    expect(marked.map((j) => j.id)).toEqual([running.id]);
    expect(b.jobs.get(running.id).state).toBe('interrupted');
    expect(b.jobs.get(queued.id).state).toBe('queued');
    expect(b.jobs.queued().map((j) => j.id)).toEqual([queued.id]);
    b.close();
  });

  it('appends logs in a batch and pages them by time', () => {
    const store = openStore();
    const { id } = store.jobs.create('selftest', {});
    store.jobs.appendLogs([
      { jobId: id, t: 1, level: 'INFO', message: 'a' },
      { jobId: id, t: 2, level: 'WARN', message: 'b' },
      { jobId: id, t: 3, level: 'ERROR', message: 'c' },
    ]);
    expect(store.jobs.logs(id).map((l) => l.message)).toEqual(['a', 'b', 'c']);
    expect(store.jobs.logs(id, { afterT: 1, limit: 1 })).toEqual([{ jobId: id, t: 2, level: 'WARN', message: 'b' }]);
    store.close();
  });
});

describe('SettingsRepo', () => {
  it('returns defaults, persists a patch, and survives reopen', () => {
    const dir = tempDir();
    const a = Store.open(dir);
    expect(a.settings.get()).toEqual({ maxConcurrentJobs: 1, tfBackend: 'auto', monitorIntervalMs: 1000, theme: 'system', autoResume: false });
    expect(a.settings.update({ maxConcurrentJobs: 3 }).maxConcurrentJobs).toBe(3);
    a.close();
    const b = Store.open(dir);
    expect(b.settings.get()).toMatchObject({ maxConcurrentJobs: 3, theme: 'system' });
    b.close();
  });

  it('falls back to defaults when a stored value no longer validates', () => {
    const store = openStore();
    store.db.prepare(`INSERT INTO settings (key, value) VALUES ('maxConcurrentJobs', '"lots"')`).run();
    expect(store.settings.get().maxConcurrentJobs).toBe(1);
    store.close();
  });
});
