import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../electron/store/database.js';
import { migrations } from '../../../electron/store/migrations.js';
import { Store } from '../../../electron/store/store.js';
import { tempDir } from '../../helpers/temp-dir.js';

function queuedJobs(store: Store, n: number): string[] {
  return Array.from({ length: n }, () => store.jobs.transition(store.jobs.create('selftest', {}).id, 'queued').id);
}

describe('migration 3: queue position', () => {
  it('upgrades a version-2 database, keeping the queued jobs in their order', () => {
    const dir = tempDir();
    const v2 = openDatabase(dir, migrations.filter((m) => m.version <= 2));
    const insert = v2.prepare(`INSERT INTO jobs (id, kind, state, spec, queue_order, created_at) VALUES (?, 'selftest', ?, '{}', ?, 0)`);
    insert.run('b', 'queued', 2);
    insert.run('a', 'queued', 1);
    insert.run('done', 'completed', 3);
    v2.close();
    const store = Store.open(dir);
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(3);
    expect(store.jobs.queued().map((j) => j.id)).toEqual(['a', 'b']);
    expect(store.jobs.get('a').queuePosition).toBe(1);
    expect(store.jobs.get('done')).not.toHaveProperty('queuePosition');
    store.close();
  });
});

describe('JobsRepo queue, logs, stats, delete', () => {
  it('reorders the queue; a job queued later goes to the end; leaving the queue clears the position', () => {
    const store = Store.open(tempDir());
    const [a, b, c] = queuedJobs(store, 3) as [string, string, string];
    expect(store.jobs.reorder(c, 0).map((j) => j.id)).toEqual([c, a, b]);
    expect(store.jobs.reorder(c, 99).map((j) => j.id)).toEqual([a, b, c]);
    expect(store.jobs.reorder(b, 0).map((j) => j.id)).toEqual([b, a, c]);
    const [d] = queuedJobs(store, 1);
    expect(store.jobs.queued().map((j) => j.id)).toEqual([b, a, c, d]);
    const running = store.jobs.transition(b, 'running');
    expect(running).not.toHaveProperty('queuePosition');
    expect(() => store.jobs.reorder(b, 0)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    store.close();
  });

  it('filters logs by level and text, tails after a time and pages back before one', () => {
    const store = Store.open(tempDir());
    const id = store.jobs.create('train', {}).id;
    const levels = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'METRIC'] as const;
    store.jobs.appendLogs(Array.from({ length: 50 }, (_, i) => ({ jobId: id, t: 1000 + i, level: levels[i % 5]!, message: i === 7 ? 'loss 100%_done' : `line ${i}` })));
    expect(store.jobs.logs(id, { limit: 1000 })).toHaveLength(50);
    expect(store.jobs.logs(id, { levels: ['WARN', 'ERROR'], limit: 1000 }).map((l) => l.level)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 ? 'ERROR' : 'WARN')));
    expect(store.jobs.logs(id, { levels: [] })).toEqual([]);
    // LIKE wildcards in the search text match literally; the search ignores case.
    expect(store.jobs.logs(id, { search: '100%_' }).map((l) => l.t)).toEqual([1007]);
    expect(store.jobs.logs(id, { search: 'LINE 4' }).map((l) => l.t)).toEqual([1004, 1040, 1041, 1042, 1043, 1044, 1045, 1046, 1047, 1048, 1049]);
    expect(store.jobs.logs(id, { afterT: 1045 }).map((l) => l.t)).toEqual([1046, 1047, 1048, 1049]);
    const page = store.jobs.logs(id, { beforeT: 1020, limit: 5 });
    expect(page.map((l) => l.t)).toEqual([1019, 1018, 1017, 1016, 1015]);
    expect(store.jobs.logs(id, { beforeT: page.at(-1)!.t, limit: 3, levels: ['INFO'] }).map((l) => l.t)).toEqual([1011, 1006, 1001]);
    store.close();
  });

  it('counts jobs per state with a success rate', () => {
    const store = Store.open(tempDir());
    expect(store.jobs.stats()).toMatchObject({ total: 0, successRate: null, running: 0 });
    const [a, b, c, d] = queuedJobs(store, 4) as [string, string, string, string];
    for (const id of [a, b, c]) store.jobs.transition(id, 'running');
    store.jobs.transition(a, 'completed');
    store.jobs.transition(b, 'failed');
    const stats = store.jobs.stats();
    expect(stats).toMatchObject({ total: 4, running: 1, queued: 1, completed: 1, failed: 1, successRate: 0.5 });
    expect(stats.byState).toMatchObject({ pending: 0, queued: 1, running: 1, completed: 1, failed: 1, cancelled: 0, interrupted: 0 });
    expect(d).toBeTruthy();
    store.close();
  });

  it('deletes a stopped job with its events; refuses a queued or running one', () => {
    const store = Store.open(tempDir());
    const [a, b] = queuedJobs(store, 2) as [string, string];
    store.jobs.transition(a, 'running');
    store.jobs.appendLogs([{ jobId: a, t: 1, level: 'INFO', message: 'x' }]);
    store.jobs.appendMetrics([{ jobId: a, t: 1, name: 'loss', step: 1, value: 2 }]);
    expect(() => store.jobs.remove(a)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => store.jobs.remove(b)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    store.jobs.transition(a, 'failed');
    expect(store.jobs.remove(a).id).toBe(a);
    expect(() => store.jobs.get(a)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM job_events WHERE job_id = ?').get(a)).toEqual({ n: 0 });
    store.close();
  });
});
