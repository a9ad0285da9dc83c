import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset, DatasetVersion, Preview, ValidationReport } from '../../../electron/contract/datasets.js';
import type { Job } from '../../../electron/contract/jobs.js';
import type { CallInput, CallName } from '../../../electron/contract/calls.js';
import { Services } from '../../../electron/services.js';
import { builtWorker, repoRoot } from '../../helpers/fixtures.js';
import { jobSettled, routerCall } from '../../helpers/services.js';
import { tempDir } from '../../helpers/temp-dir.js';

const SHARED = path.resolve(repoRoot, '..', 'shared', 'data');
const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

const call = <N extends CallName>(name: N, req: CallInput<N>): Promise<unknown> => routerCall(services!, name, req);

const finished = (job: Job): Promise<Job> => jobSettled(services!.store, job.id, 60_000, `job ${job.kind}`);

function listing(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).sort() : [];
}

describe('dataset library (real worker, real SQLite)', () => {
  it('imports a real file, previews pages, validates against the bundled model, prepares, and trains on the prepared split', async () => {
    const home = tempDir();
    services = new Services({ dataDir: home, mode: 'web', workerEntry: builtWorker });
    const source = path.join(SHARED, 'instruct-llamafactory', 'alpaca_en_demo.json');
    const before = fs.readFileSync(source);
    const imported = await finished((await call('datasets:import', { file: source })) as Job);
    expect(imported.state).toBe('completed');
    const version = imported.result as DatasetVersion;
    expect(version).toMatchObject({ rows: 999, format: 'json', mapping: { kind: 'instruction' }, sourceName: 'alpaca_en_demo.json' });
    expect(fs.readFileSync(source).equals(before)).toBe(true); // the user's file is never modified
    expect(fs.readdirSync(path.join(home, 'datasets', 'blobs'))).toEqual([`${version.sha256}.json`]);

    const page = (await call('datasets:preview', { versionId: version.id, offset: 990, limit: 50 })) as Preview;
    expect(page.total).toBe(999);
    expect(page.rows).toHaveLength(9);
    expect(Object.keys(page.rows[0]!.record)).toEqual(['instruction', 'input', 'output']);

    const validated = await finished((await call('datasets:validate', { versionId: version.id, model: DEMO, maxLength: 256 })) as Job);
    expect(validated.state).toBe('completed');
    const report = validated.result as ValidationReport;
    // ../shared/data/README.md: 999 rows, 14 duplicated instructions (the rows differ in their outputs).
    expect(report).toMatchObject({ rows: 999, usableRows: 999 });
    expect(report.tokens!.max).toBeGreaterThan(256);
    expect(((await call('datasets:get', { id: version.datasetId })) as Dataset).versions[0]!.validation).not.toBeNull();
    const html = (await call('datasets:report', { versionId: version.id })) as { fileName: string; html: string };
    expect(html.fileName).toBe('alpaca_en_demo-report.html');
    expect(html.html).toMatch(/^<!DOCTYPE html>/i);

    const prepared = await finished((await call('datasets:prepare', { sources: [{ versionId: version.id, percent: 100 }], maxRows: 40, split: { validation: 0.1, test: 0, seed: 1, stratify: true } })) as Job);
    expect(prepared.state).toBe('completed');
    const pv = prepared.result as DatasetVersion;
    expect(pv).toMatchObject({ parentId: version.id, datasetId: version.datasetId, rows: 40, splits: { train: 36, validation: 4, test: 0 }, recipe: { maxRows: 40 } });
    const trainPreview = (await call('datasets:preview', { versionId: pv.id, split: 'train', limit: 5 })) as Preview;
    expect(trainPreview.rows[0]!.record).toHaveProperty('messages');

    // Deleting is refused while a job uses the dataset.
    const train = services.scheduler.submit({
      kind: 'train',
      spec: { model: DEMO, data: services.datasets.splitFile(pv.id, 'train'), validationData: services.datasets.splitFile(pv.id, 'validation'), outDir: path.join(home, 'run'), epochs: 1, batchSize: 4, maxLength: 64, evalEvery: 5, checkpointEvery: 0 },
    } as never);
    await expect(call('datasets:delete', { id: version.datasetId })).rejects.toMatchObject({ code: 'CONFLICT' });
    const trained = await finished(train);
    expect(trained.state).toBe('completed');
    expect(trained.result).toMatchObject({ steps: 9 });
    expect(await call('datasets:delete', { id: version.datasetId })).toEqual({ removed: true });
    expect(listing(path.join(home, 'datasets', 'versions'))).toEqual([]);
    expect(listing(path.join(home, 'datasets', 'blobs'))).toEqual([]);
  }, 120_000);

  it('fails a file with bad rows cleanly (lines listed, nothing stored), and imports it when told to skip them', async () => {
    const home = tempDir();
    services = new Services({ dataDir: home, mode: 'web', workerEntry: builtWorker });
    const file = path.join(tempDir(), 'broken.jsonl');
    fs.writeFileSync(file, '{"prompt":"a","completion":"b"}\n{"prompt": "c", "completion": \n{"prompt":"d","completion":"e"}\n');
    const failed = await finished((await call('datasets:import', { file })) as Job);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'DATA_ERROR', details: { problem: 'BAD_ROWS', count: 1, problems: [{ code: 'BAD_JSON', line: 2 }] } });
    expect(failed.error!.message).toMatch(/line 2/);
    expect(await call('datasets:list', {})).toEqual([]);
    expect(listing(path.join(home, 'datasets', 'staging'))).toEqual([]);
    expect(listing(path.join(home, 'datasets', 'versions'))).toEqual([]);
    expect(listing(path.join(home, 'datasets', 'blobs'))).toEqual([]);

    const ok = await finished((await call('datasets:import', { file, skipBadRows: true, name: 'Broken but usable' })) as Job);
    expect(ok.state).toBe('completed');
    expect(ok.result).toMatchObject({ rows: 2, importProblems: { count: 1 }, mapping: { kind: 'prompt-completion' } });
    const [ds] = (await call('datasets:list', {})) as Dataset[];
    expect(ds!.name).toBe('Broken but usable');
  }, 60_000);

  it('refuses a mapping to a column that does not exist, and a second mix of the same source', async () => {
    services = new Services({ dataDir: tempDir(), mode: 'web', workerEntry: builtWorker });
    const file = path.join(tempDir(), 'qa.csv');
    fs.writeFileSync(file, 'question,answer\n"What, exactly?","This.\nAnd that."\nWhy?,Because\n');
    const v = (await finished((await call('datasets:import', { file })) as Job)).result as DatasetVersion;
    expect(v).toMatchObject({ rows: 2, format: 'csv', mapping: { kind: 'question-answer' } });
    await expect(call('datasets:setMapping', { versionId: v.id, mapping: { kind: 'text', columns: { text: 'body' } } })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringMatching(/"body"/) });
    expect(await call('datasets:setMapping', { versionId: v.id, mapping: { kind: 'text', columns: { text: 'answer' } } })).toMatchObject({ mapping: { kind: 'text' }, validation: null });
    await expect(call('datasets:prepare', { sources: [{ versionId: v.id, percent: 50 }, { versionId: v.id, percent: 50 }] })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(call('datasets:import', { file: path.join(tempDir(), 'missing.csv') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);

  it('sweeps what a crash left behind: staging folders and version folders the store does not list', async () => {
    const home = tempDir();
    fs.mkdirSync(path.join(home, 'datasets', 'staging', 'half-written'), { recursive: true });
    fs.mkdirSync(path.join(home, 'datasets', 'versions', 'orphan'), { recursive: true });
    services = new Services({ dataDir: home, mode: 'web', workerEntry: builtWorker });
    expect(listing(path.join(home, 'datasets', 'staging'))).toEqual([]);
    expect(listing(path.join(home, 'datasets', 'versions'))).toEqual([]);
  });
});
