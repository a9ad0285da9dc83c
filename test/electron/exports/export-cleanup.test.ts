import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../../electron/contract/exports.js';
import type { Job } from '../../../electron/contract/jobs.js';
import { retryJob } from '../../../electron/jobs/retry.js';
import { Services } from '../../../electron/services.js';
import { builtWorker, repoRoot } from '../../helpers/fixtures.js';
import { jobSettled } from '../../helpers/services.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

/**
 * An export that does not complete leaves nothing behind: not at its final path, and not as temp
 * files in its folder, whether its worker is killed, it is cancelled, or the app stops under it.
 */
const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');
const session = { id: 's', send: () => undefined };
let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

async function startExport(s: Services, prompts = 32): Promise<Job> {
  const r = await s.router.dispatch('exports:start', { source: { model: DEMO }, data: DATA, format: 'gguf', quant: 'F32', prompts, maxNewTokens: 48 }, { session });
  expect(r.ok).toBe(true);
  return (r as { data: Job }).data;
}

const outOf = (job: Job) => (job.spec as { out: string }).out;

/** Resolves once the GGUF is written and llama.cpp is proving it (the file waits under `.unvalidated`). */
const proving = (job: Job) => waitFor(() => fs.existsSync(`${outOf(job)}.unvalidated`), 60_000, 'the GGUF under proof');

describe('exports that do not complete', () => {
  it('a SIGKILLed worker mid-proof: the job fails and its folder is gone', async () => {
    services = new Services({ dataDir: tempDir(), mode: 'web', workerEntry: builtWorker });
    const job = await startExport(services);
    await proving(job);
    process.kill(services.scheduler.workerPid(job.id)!, 'SIGKILL');
    const failed = await jobSettled(services.store, job.id, 60_000);
    expect(failed.state).toBe('failed');
    expect(failed.error?.message).toMatch(/SIGKILL/);
    expect(fs.existsSync(outOf(job))).toBe(false);
    expect(fs.existsSync(path.dirname(outOf(job)))).toBe(false);
  }, 120_000);

  it('the app stopped mid-proof: on the next start the job is interrupted and its folder is gone', async () => {
    const home = tempDir();
    services = new Services({ dataDir: home, mode: 'web', workerEntry: builtWorker });
    const job = await startExport(services);
    await proving(job);
    await services.close();
    expect(fs.existsSync(`${outOf(job)}.unvalidated`)).toBe(true);
    services = new Services({ dataDir: home, mode: 'web', workerEntry: builtWorker });
    expect(services.store.jobs.get(job.id).state).toBe('interrupted');
    expect(fs.existsSync(path.dirname(outOf(job)))).toBe(false);
  }, 120_000);

  it('a retry writes into a folder of its own: cancelling it leaves the finished export untouched', async () => {
    const home = tempDir();
    services = new Services({ dataDir: home, mode: 'web', workerEntry: builtWorker });
    const first = await jobSettled(services.store, (await startExport(services, 2)).id, 120_000);
    expect(first.state).toBe('completed');
    const kept = (first.result as ExportResult).out;
    const retry = retryJob(services.store, services.scheduler, home, first.id);
    expect(path.dirname(outOf(retry))).not.toBe(path.dirname(kept));
    await services.scheduler.cancel(retry.id);
    expect((await jobSettled(services.store, retry.id, 60_000)).state).toBe('cancelled');
    expect(fs.existsSync(path.dirname(outOf(retry)))).toBe(false);
    expect(fs.existsSync(kept)).toBe(true);
  }, 180_000);
});
