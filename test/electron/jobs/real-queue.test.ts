import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../electron/contract/jobs.js';
import { Services } from '../../../electron/services.js';
import { builtWorker, repoRoot } from '../../helpers/fixtures.js';
import { jobSettled } from '../../helpers/services.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');
let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

const settled = (id: string) => jobSettled(services!.store, id, 120_000);

function train(s: Services, name: string, epochs: number): Job {
  return s.scheduler.submit({ kind: 'train', spec: { model: DEMO, data: DATA, outDir: path.join(s.opts.dataDir, 'runs', name), epochs, batchSize: 8, maxLength: 64, checkpointEvery: 0 } } as never);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the queue with real training jobs (N = 1)', () => {
  it('runs two jobs one after the other', async () => {
    const s = (services = new Services({ dataDir: tempDir(), mode: 'web', workerEntry: builtWorker }));
    const a = train(s, 'a', 1);
    const b = train(s, 'b', 1);
    expect(s.store.jobs.get(b.id).state).toBe('queued');
    const [doneA, doneB] = [await settled(a.id), await settled(b.id)];
    expect([doneA, doneB].map((j) => [j.state, j.error])).toEqual([['completed', null], ['completed', null]]);
    expect(doneB.startedAt!).toBeGreaterThanOrEqual(doneA.finishedAt!);
    expect(s.store.jobs.metrics(a.id).filter((m) => m.name === 'loss').length).toBe(4);
  }, 180_000);

  it('cancels a queued job before it runs and a running one within 2 s', async () => {
    const s = (services = new Services({ dataDir: tempDir(), mode: 'web', workerEntry: builtWorker }));
    const running = train(s, 'long', 50);
    const queued = train(s, 'next', 1);
    expect((await s.scheduler.cancel(queued.id)).state).toBe('cancelled');
    await waitFor(() => s.store.jobs.metrics(running.id).length > 0 || s.store.jobs.get(running.id).progress > 0.03, 60_000, 'the first training step');
    const pid = s.scheduler.workerPid(running.id)!;
    const t0 = Date.now();
    const cancelled = await s.scheduler.cancel(running.id);
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(cancelled.state).toBe('cancelled');
    expect(alive(pid)).toBe(false);
    expect(s.store.jobs.get(queued.id).startedAt).toBeNull();
  }, 180_000);
});
