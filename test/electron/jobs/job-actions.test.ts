import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallResponse } from '../../../electron/contract/calls.js';
import type { Job } from '../../../electron/contract/jobs.js';
import { Services } from '../../../electron/services.js';
import { fixtureWorker } from '../../helpers/fixtures.js';
import { jobSettled, routerCall } from '../../helpers/services.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

// The queue's calls over the router with fixture workers (fast); the real trainer is in crash-resume.test.ts.
let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

function open(dataDir = tempDir(), worker = 'cooperative'): Services {
  services = new Services({ dataDir, mode: 'web', workerEntry: fixtureWorker(worker) });
  return services;
}

const call = <N extends CallName>(name: N, req: CallInput<N>): Promise<CallResponse<N>> => routerCall(services!, name, req);

const settled = (id: string) => jobSettled(services!.store, id, 15_000);

/** A stopped training job as a crash would leave it, with (or without) a whole checkpoint on disk. */
function stoppedTrainJob(s: Services, outDir: string, state: 'failed' | 'interrupted', checkpoint: boolean): Job {
  const job = s.store.jobs.create('train', { model: '/m', data: '/d.jsonl', outDir, resume: false });
  s.store.jobs.transition(job.id, 'queued');
  s.store.jobs.transition(job.id, 'running');
  s.store.jobs.transition(job.id, state, { message: 'worker was killed' });
  if (checkpoint) fs.mkdirSync(path.join(outDir, 'checkpoints', 'step-00000004'), { recursive: true });
  fs.mkdirSync(path.join(outDir, 'checkpoints', 'step-00000008.tmp-1'), { recursive: true }); // unfinished: not counted
  return s.store.jobs.get(job.id);
}

describe('job queue calls', () => {
  it('runs the queue in the order jobs:reorder sets, one at a time', async () => {
    const s = open();
    const started: string[] = [];
    const onChange = (e: string, p: unknown) => e === 'jobs:changed' && (p as Job).state === 'running' && !started.includes((p as Job).id) && started.push((p as Job).id);
    s.hub.subscribe({ id: 'watch', send: onChange }, 'jobs:changed');
    const [a, b, c, d] = [50, 3, 3, 3].map((steps) => s.scheduler.submit({ kind: 'selftest', spec: { steps } } as never));
    const queue = await call('jobs:reorder', { id: d!.id, position: 0 });
    expect(queue.map((j) => j.id)).toEqual([d!.id, b!.id, c!.id]);
    await call('jobs:reorder', { id: b!.id, position: 5 });
    await expect(call('jobs:reorder', { id: a!.id, position: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });
    for (const j of [a, b, c, d]) await settled(j!.id);
    expect(started).toEqual([a!.id, d!.id, c!.id, b!.id]);
    expect(await call('jobs:stats', {})).toMatchObject({ total: 4, completed: 4, failed: 0, successRate: 1 });
  });

  it('cancels a queued job without running it, and a running one', async () => {
    const s = open();
    const running = s.scheduler.submit({ kind: 'selftest', spec: { steps: 200 } } as never);
    const queued = s.scheduler.submit({ kind: 'selftest', spec: { steps: 3 } } as never);
    expect((await call('jobs:cancel', { id: queued.id })).state).toBe('cancelled');
    await waitFor(() => s.store.jobs.get(running.id).progress > 0, 5000, 'progress');
    expect((await call('jobs:cancel', { id: running.id })).state).toBe('cancelled');
    expect(s.store.jobs.get(queued.id).startedAt).toBeNull();
  });

  it('retries a stopped job as a new one with the same spec; a training run gets a fresh run folder', async () => {
    const home = tempDir();
    const s = open(home);
    const old = stoppedTrainJob(s, path.join(home, 'runs', 'old'), 'failed', true);
    const retried = await call('jobs:retry', { id: old.id });
    expect(retried.id).not.toBe(old.id);
    const spec = retried.spec as { outDir: string; resume: boolean; data: string };
    expect(spec).toMatchObject({ data: '/d.jsonl', resume: false });
    expect(path.dirname(spec.outDir)).toBe(path.join(home, 'runs'));
    expect(spec.outDir).not.toBe(path.join(home, 'runs', 'old'));
    expect((await settled(retried.id)).state).toBe('completed');
    await expect(call('jobs:retry', { id: s.scheduler.submit({ kind: 'selftest', spec: { steps: 100 } } as never).id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('resumes only stopped training jobs that have a checkpoint: the same job, queued with resume: true', async () => {
    const home = tempDir();
    const s = open(home);
    const noCheckpoint = stoppedTrainJob(s, path.join(home, 'runs', 'a'), 'failed', false);
    await expect(call('jobs:resume', { id: noCheckpoint.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/no checkpoint/) });
    const selftest = await settled(s.scheduler.submit({ kind: 'selftest', spec: { steps: 1 } } as never).id);
    await expect(call('jobs:resume', { id: selftest.id })).rejects.toMatchObject({ code: 'CONFLICT' });

    const job = stoppedTrainJob(s, path.join(home, 'runs', 'b'), 'failed', true);
    const resumed = await call('jobs:resume', { id: job.id });
    expect(resumed).toMatchObject({ id: job.id, spec: { resume: true }, error: null });
    const done = await settled(job.id);
    expect(s.store.jobs.logs(job.id).map((l) => l.message)).toContain('Resuming from step 4');
    expect(done.state).toBe('completed');
    await expect(call('jobs:resume', { id: job.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('auto-resumes interrupted training jobs on start when the setting is on', async () => {
    const home = tempDir();
    const first = open(home);
    const withCheckpoint = stoppedTrainJob(first, path.join(home, 'runs', 'a'), 'interrupted', true);
    const without = stoppedTrainJob(first, path.join(home, 'runs', 'b'), 'interrupted', false);
    first.store.settings.update({ autoResume: true });
    await first.close();

    const s = open(home);
    expect((await settled(withCheckpoint.id)).spec).toMatchObject({ resume: true });
    expect(s.store.jobs.get(withCheckpoint.id).state).toBe('completed');
    expect(s.store.jobs.get(without.id).state).toBe('interrupted');
  });

  it('deletes a stopped job with its run folder inside the data directory, never a folder outside it', async () => {
    const home = tempDir();
    const s = open(home);
    const inside = stoppedTrainJob(s, path.join(home, 'runs', 'in'), 'failed', true);
    const outsideDir = tempDir();
    const outside = stoppedTrainJob(s, outsideDir, 'failed', true);
    s.store.jobs.appendLogs([{ jobId: inside.id, t: 1, level: 'INFO', message: 'x' }]);
    expect(await call('jobs:delete', { id: inside.id })).toEqual({ removed: true });
    expect(fs.existsSync(path.join(home, 'runs', 'in'))).toBe(false);
    expect(fs.existsSync(path.join(home, 'runs'))).toBe(true);
    await expect(call('jobs:get', { id: inside.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await call('jobs:delete', { id: outside.id });
    expect(fs.existsSync(path.join(outsideDir, 'checkpoints'))).toBe(true);

    const kept = stoppedTrainJob(s, path.join(home, 'runs', 'kept'), 'failed', true);
    await call('jobs:delete', { id: kept.id, deleteArtifacts: false });
    expect(fs.existsSync(path.join(home, 'runs', 'kept'))).toBe(true);
    const running = s.scheduler.submit({ kind: 'selftest', spec: { steps: 100 } } as never);
    await expect(call('jobs:delete', { id: running.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    // A queued job that reads a run's files keeps them (and the run) until it is done.
    const source = stoppedTrainJob(s, path.join(home, 'runs', 'src'), 'failed', true);
    s.scheduler.submit({ kind: 'selftest', spec: { steps: 1, adapter: path.join(home, 'runs', 'src', 'adapter') } } as never);
    await expect(call('jobs:delete', { id: source.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(s.store.jobs.get(source.id).state).toBe('failed');
  });
});
