import { describe, expect, it } from 'vitest';
import type { Job } from '../../../electron/contract/jobs.js';
import { EventHub } from '../../../electron/events/event-hub.js';
import { Scheduler } from '../../../electron/jobs/scheduler.js';
import { spawnWorker } from '../../../electron/jobs/worker-host.js';
import { Store } from '../../../electron/store/store.js';
import { fixtureWorker } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

function setup(worker: string, dir = tempDir()) {
  const store = Store.open(dir);
  const hub = new EventHub();
  const changes: Job[] = [];
  hub.subscribe({ id: 't', send: (e, p) => e === 'jobs:changed' && changes.push(p as Job) }, 'jobs:changed');
  let spawned = 0;
  const scheduler = new Scheduler(store, hub, () => {
    spawned++;
    return spawnWorker({ entry: fixtureWorker(worker), graceMs: 500 });
  });
  const settled = (id: string) => waitFor(() => ['completed', 'failed', 'cancelled'].includes(store.jobs.get(id).state) && store.jobs.get(id), 10_000, `job ${id} to settle`);
  return { store, hub, scheduler, changes, settled, spawned: () => spawned, dir };
}

const selftest = { kind: 'selftest' as const, spec: { size: 64 } };

describe('scheduler', () => {
  it('runs a job to completion, storing its result and pushing every change', async () => {
    const t = setup('cooperative');
    const job = t.scheduler.submit(selftest);
    const done = await t.settled(job.id);
    expect(done).toMatchObject({ state: 'completed', progress: 1, result: { steps: 5 } });
    const states = t.changes.filter((c) => c.id === job.id).map((c) => c.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('completed');
    await waitFor(() => t.store.jobs.metrics(job.id).length >= 5, 2000, 'metrics flushed');
    const logs = t.store.jobs.logs(job.id);
    expect(logs[0]).toMatchObject({ level: 'INFO', message: 'started selftest' });
    // Metrics are structured rows, in step order, as the worker sent them.
    expect(t.store.jobs.metrics(job.id).map((m) => [m.name, m.step, m.value])).toEqual([1, 2, 3, 4, 5].map((i) => ['loss', i, 1 / i]));
    await t.scheduler.close();
    t.store.close();
  });

  it('runs at most maxConcurrentJobs at once: two jobs with N=1 are serialised', async () => {
    const t = setup('cooperative');
    const a = t.scheduler.submit(selftest);
    const b = t.scheduler.submit(selftest);
    expect(t.store.jobs.get(a.id).state).toBe('running');
    expect(t.store.jobs.get(b.id).state).toBe('queued');
    const doneA = await t.settled(a.id);
    const doneB = await t.settled(b.id);
    expect(doneB.startedAt!).toBeGreaterThanOrEqual(doneA.finishedAt!);
    await t.scheduler.close();
    t.store.close();
  });

  it('runs two at once when the setting allows it', async () => {
    const t = setup('cooperative');
    t.store.settings.update({ maxConcurrentJobs: 2 });
    const a = t.scheduler.submit(selftest);
    const b = t.scheduler.submit(selftest);
    expect([t.store.jobs.get(a.id).state, t.store.jobs.get(b.id).state]).toEqual(['running', 'running']);
    await t.settled(a.id);
    await t.settled(b.id);
    await t.scheduler.close();
    t.store.close();
  });

  it('cancels a queued job without starting a worker, and a running one by stopping its worker', async () => {
    const t = setup('cooperative');
    const running = t.scheduler.submit({ kind: 'selftest', spec: { size: 64 } });
    const queued = t.scheduler.submit(selftest);
    expect((await t.scheduler.cancel(queued.id)).state).toBe('cancelled');
    expect(t.spawned()).toBe(1);
    await waitFor(() => t.store.jobs.get(running.id).progress > 0, 5000, 'progress');
    const cancelled = await t.scheduler.cancel(running.id);
    expect(cancelled.state).toBe('cancelled');
    await expect(t.scheduler.cancel(running.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await t.scheduler.close();
    t.store.close();
  });

  it('marks a crashed worker\'s job failed with the reason, and goes on to the next job', async () => {
    const t = setup('crash-on-start');
    const a = t.scheduler.submit(selftest);
    const failed = await t.settled(a.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(failed.error!.message).toMatch(/exited with code 3/);
    await waitFor(() => t.store.jobs.logs(a.id).some((l) => l.level === 'ERROR'), 2000, 'error log');
    const b = t.scheduler.submit(selftest);
    expect((await t.settled(b.id)).state).toBe('failed');
    await t.scheduler.close();
    t.store.close();
  });

  it('marks a job interrupted when the app died while it ran, on the next start', async () => {
    const dir = tempDir();
    const first = setup('ignores-cancel', dir);
    const job = first.scheduler.submit(selftest);
    expect(first.store.jobs.get(job.id).state).toBe('running');
    await first.scheduler.close(); // like the app dying: workers killed, no final transition
    first.store.close();

    const second = setup('cooperative', dir);
    const recovered = second.scheduler.recover();
    expect(recovered.map((j) => j.id)).toEqual([job.id]);
    expect(second.store.jobs.get(job.id).state).toBe('interrupted');
    expect(second.changes.some((c) => c.id === job.id && c.state === 'interrupted')).toBe(true);
    second.store.close();
  });
});

describe('scheduler backend setting', () => {
  it('passes the TF.js backend setting to jobs that did not choose one', async () => {
    const t = setup('echo-spec');
    t.store.settings.update({ tfBackend: 'wasm' });
    const chosen = t.scheduler.submit({ kind: 'selftest', spec: { size: 64, backend: 'tfjs-node' } });
    const defaulted = t.scheduler.submit({ kind: 'selftest', spec: { size: 64 } });
    expect((await t.settled(chosen.id)).result).toEqual({ size: 64, backend: 'tfjs-node' });
    expect((await t.settled(defaulted.id)).result).toEqual({ size: 64, backend: 'wasm' });
    // Exports and dataset jobs have no backend (their specs are strict): the setting leaves them alone.
    const spec = { model: '/m', format: 'gguf', quant: 'F16', onnxInt8: false, hfAdapter: true, out: '/o.gguf', data: '/d.jsonl', prompts: 8, maxNewTokens: 24, validate: true } as const;
    const exported = t.scheduler.submit({ kind: 'export', spec });
    expect((await t.settled(exported.id)).result).toEqual(spec);
    await t.scheduler.close();
    t.store.close();
  });
});
