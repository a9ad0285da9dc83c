import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallResponse } from '../../../electron/contract/calls.js';
import type { DatasetVersion } from '../../../electron/contract/datasets.js';
import type { Job } from '../../../electron/contract/jobs.js';
import { Services } from '../../../electron/services.js';
import { builtWorker, repoRoot } from '../../helpers/fixtures.js';
import { maxAbsDiff, readF32Tensors } from '../../helpers/safetensors-read.js';
import { jobSettled, routerCall } from '../../helpers/services.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');
let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

const call = <N extends CallName>(name: N, req: CallInput<N>): Promise<CallResponse<N>> => routerCall(services!, name, req);

const settled = (id: string, timeoutMs = 120_000) => jobSettled(services!.store, id, timeoutMs);

interface TrainResult {
  status: string;
  steps: number;
  finalLoss: number;
  outputDir: string;
  resumedFromStep: number | null;
}

describe('training survives a killed worker (real worker, bundled model)', () => {
  it('SIGKILLs the worker after its first checkpoint, resumes, and ends with the weights and loss of an uninterrupted run', async () => {
    services = new Services({ dataDir: tempDir(), mode: 'web', workerEntry: builtWorker });
    const imported = await settled((await call('datasets:import', { file: DATA })).id);
    expect(imported.state).toBe('completed');
    const raw = imported.result as DatasetVersion;
    await expect(call('train:start', { datasetVersionId: raw.id, model: DEMO })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringMatching(/not prepared/) });
    const prepared = await settled((await call('datasets:prepare', { sources: [{ versionId: raw.id, percent: 100 }], split: { validation: 0.1, test: 0, seed: 1, stratify: false } })).id);
    const version = (prepared.result as DatasetVersion).id;

    const estimate = await call('train:estimate', { model: DEMO, batchSize: 2, maxLength: 64 });
    expect(estimate).toMatchObject({ fits: true, warning: null });
    expect(estimate.totalBytes).toBeGreaterThan(estimate.weightsBytes);
    expect(estimate.availableRamBytes).toBeGreaterThan(0);
    await expect(call('train:start', { datasetVersionId: version, model: DEMO, batchSize: 1024, maxLength: 32768 })).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED' });
    await expect(call('train:start', { datasetVersionId: version, model: path.join(DEMO, 'nope') })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const request = { datasetVersionId: version, model: DEMO, epochs: 2, batchSize: 2, maxLength: 64, checkpointEvery: 4, seed: 7, learningRate: 1e-3 };
    const reference = await call('train:start', request);
    const referenceSpec = reference.spec as { outDir: string; data: string; validationData?: string };
    expect(path.dirname(referenceSpec.outDir)).toBe(path.join(services.opts.dataDir, 'runs'));
    expect(referenceSpec.validationData).toBeDefined();
    const uninterrupted = await settled(reference.id);
    expect(uninterrupted.state).toBe('completed');
    const a = uninterrupted.result as TrainResult;

    const job = await call('train:start', request);
    const outDir = (job.spec as { outDir: string }).outDir;
    expect(outDir).not.toBe(referenceSpec.outDir);
    await waitFor(() => fs.existsSync(path.join(outDir, 'checkpoints', 'step-00000004')), 60_000, 'the first checkpoint');
    const pid = services.scheduler.workerPid(job.id)!;
    process.kill(pid, 'SIGKILL');
    const killed = await settled(job.id);
    expect(killed.state).toBe('failed');
    expect(killed.error).toMatchObject({ code: 'INTERNAL_ERROR', message: expect.stringMatching(/SIGKILL/) });

    const resumed = await call('jobs:resume', { id: job.id });
    expect(resumed).toMatchObject({ id: job.id, spec: { resume: true } });
    const done = await settled(job.id);
    expect(done.state).toBe('completed');
    const b = done.result as TrainResult;
    expect(b.resumedFromStep).toBeGreaterThanOrEqual(4);
    expect(b.steps).toBe(a.steps);
    expect(Math.abs(b.finalLoss - a.finalLoss)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(a.finalLoss)));
    const diff = maxAbsDiff(readF32Tensors(path.join(a.outputDir, 'adapter_model.safetensors')), readF32Tensors(path.join(b.outputDir, 'adapter_model.safetensors')));
    expect(diff).toBeLessThanOrEqual(1e-5);
    // The chart of the resumed job comes back from the store: every step's loss, the first steps from before the kill included.
    const losses = (await call('jobs:metrics', { id: job.id })).filter((m) => m.name === 'loss');
    expect(new Set(losses.map((m) => m.step)).size).toBe(a.steps);
    const stats = await call('jobs:stats', {});
    expect(stats.completed).toBe(4);
  }, 300_000);
});
