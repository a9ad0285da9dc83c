import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportEstimate, ExportResult } from '../../../electron/contract/exports.js';
import type { Job } from '../../../electron/contract/jobs.js';
import { writeExportZip } from '../../../electron/exports/export-zip.js';
import { Services } from '../../../electron/services.js';
import { builtWorker, repoRoot } from '../../helpers/fixtures.js';
import { jobSettled } from '../../helpers/services.js';
import { tempDir } from '../../helpers/temp-dir.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');
const CLI = path.join(repoRoot, 'dist', 'electron', 'cli.js');
let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

const session = { id: 's', send: () => undefined };

const finished = (id: string): Promise<Job> => jobSettled(services!.store, id, 120_000);

describe('exports from a finished training job', () => {
  it('estimates sizes, then exports the tuned model to GGUF F32 proven by llama.cpp', async () => {
    const home = tempDir();
    services = new Services({ dataDir: home, mode: 'web', workerEntry: builtWorker });
    const train = services.scheduler.submit({ kind: 'train', spec: { model: DEMO, data: DATA, outDir: path.join(home, 'runs', 'r1'), epochs: 1, batchSize: 8, maxLength: 64, checkpointEvery: 0 } } as never);
    expect((await finished(train.id)).state).toBe('completed');

    const est = await services.router.dispatch('exports:estimate', { source: { jobId: train.id } }, { session });
    expect(est.ok).toBe(true);
    const estimate = (est as { data: ExportEstimate }).data;
    const f32 = estimate.choices.find((c) => c.format === 'gguf' && c.quant === 'F32')!;
    const q4 = estimate.choices.find((c) => c.format === 'gguf' && c.quant === 'Q4_K_M')!;
    expect(f32.fileBytes).toBe(estimate.parameters * 4);
    expect(q4.fileBytes).toBeLessThan(f32.fileBytes / 6);
    expect(f32.ramBytes).toBeGreaterThan(f32.fileBytes);

    const started = await services.router.dispatch('exports:start', { source: { jobId: train.id }, format: 'gguf', quant: 'F32', prompts: 4, maxNewTokens: 8 }, { session });
    expect(started.ok).toBe(true);
    const job = await finished((started as { data: Job }).data.id);
    expect(job.state).toBe('completed');
    const result = job.result as ExportResult;
    expect(result.out.startsWith(path.join(home, 'exports'))).toBe(true);
    expect(result.validations[0]).toMatchObject({ passed: true, prompts: 4, identical: 4 });
    expect(fs.existsSync(result.out)).toBe(true);
    expect((await services.router.dispatch('exports:list', {}, { session })) as { data: Job[] }).toMatchObject({ ok: true, data: [{ id: job.id }] });

    // Browser mode gets a download URL; the zip holds the GGUF and its validation report.
    expect(await services.router.dispatch('exports:zip', { id: job.id }, { session })).toEqual({ ok: true, data: { path: null, url: `/api/exports/${job.id}.zip` } });
    const zip = path.join(tempDir(), 'export.zip');
    await writeExportZip(services.store.jobs.get(job.id), zip);
    const names = spawnSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(" ".join(sorted(z.namelist())))', zip], { encoding: 'utf8' });
    expect(names.stdout.trim().split(' ')).toEqual([path.basename(result.out), `${path.basename(result.out)}.validation.json`]);
    expect(await services.router.dispatch('exports:reveal', { id: job.id }, { session })).toEqual({ ok: true, data: { opened: false, path: path.dirname(result.out) } });

    // A job that is not a finished training run cannot be exported.
    expect(await services.router.dispatch('exports:estimate', { source: { jobId: job.id } }, { session })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  }, 240_000);

  it('exports a model folder from the CLI with one JSON summary', () => {
    const out = tempDir();
    const r = spawnSync(process.execPath, [CLI, 'export', DEMO, '--format', 'gguf', '--quant', 'f32', '--out', out, '--data', DATA], { encoding: 'utf8', timeout: 180_000 });
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as ExportResult;
    expect(summary).toMatchObject({ format: 'gguf', quant: 'F32', out: path.join(out, 'demo-llama-f32.gguf'), validations: [{ passed: true }] });
    const bad = spawnSync(process.execPath, [CLI, 'export', DEMO, '--format', 'gguf', '--quant', 'q3', '--data', DATA], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringMatching(/q4_k_m/) });
  }, 240_000);
});
