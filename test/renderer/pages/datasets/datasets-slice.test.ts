import { describe, expect, it } from 'vitest';
import { createStudioStore } from '../../../../renderer/store/index';
import { datasetsNewestFirst, findVersion, importRequestFor, latestVersion, DEFAULT_IMPORT_OPTIONS } from '../../../../renderer/store/datasets-slice';
import { fakeClient, flush, job } from '../../fakes';
import { dataset, report, version } from './fixtures';

function setup() {
  const { transport, client } = fakeClient();
  const store = createStudioStore(client);
  return { transport, store, s: () => store.getState() };
}

describe('datasets slice: helpers', () => {
  it('orders datasets newest first and finds the newest version', () => {
    const a = dataset({ id: 'a', createdAt: 1 });
    const b = dataset({ id: 'b', createdAt: 3 }, [version({ id: 'old', createdAt: 1 }), version({ id: 'new', createdAt: 5 })]);
    expect(datasetsNewestFirst([a, b]).map((d) => d.id)).toEqual(['b', 'a']);
    expect(latestVersion(b)?.id).toBe('new');
    expect(latestVersion(dataset({}, []))).toBeNull();
    expect(findVersion([a, b], 'old')?.id).toBe('old');
    expect(findVersion([a, b], 'nope')).toBeNull();
  });

  it('builds an import request from the options, leaving auto and empty names out', () => {
    expect(importRequestFor('/f.csv', DEFAULT_IMPORT_OPTIONS)).toEqual({ file: '/f.csv', txtMode: 'auto', skipBadRows: false });
    expect(importRequestFor('/f.txt', { name: '  notes ', format: 'txt', txtMode: 'blocks', skipBadRows: true })).toEqual({
      file: '/f.txt',
      name: 'notes',
      format: 'txt',
      txtMode: 'blocks',
      skipBadRows: true,
    });
  });
});

describe('datasets slice: actions', () => {
  it('loads the list and keeps a still-present selection, falling back to the newest version', async () => {
    const { transport, s } = setup();
    const d = dataset({}, [version({ id: 'v1', createdAt: 1 }), version({ id: 'v2', createdAt: 2 })]);
    transport.handlers.set('datasets:list', () => [d]);
    await s().loadDatasets();
    expect(s().datasetsStatus).toBe('ready');
    s().selectDataset('d1');
    expect(s().selectedVersionId).toBe('v2');
    s().selectVersion('v1');
    await s().loadDatasets();
    expect([s().selectedDatasetId, s().selectedVersionId]).toEqual(['d1', 'v1']);
    transport.handlers.set('datasets:list', () => []);
    await s().loadDatasets();
    expect([s().selectedDatasetId, s().selectedVersionId]).toEqual([null, null]);
  });

  it('imports a file: uploads it, starts the job with the options, and tracks it', async () => {
    const { transport, s } = setup();
    transport.handlers.set('datasets:import', () => job({ id: 'imp', kind: 'import-data', state: 'queued' }));
    s().setImportOptions({ name: 'mine', skipBadRows: false });
    const seen: number[] = [];
    await s().importFile({ name: 'x.csv' } as File, async (_f, onProgress) => {
      onProgress(0.5);
      seen.push(s().uploadProgress ?? -1);
      return '/uploads/x.csv';
    });
    expect(seen).toEqual([0.5]);
    expect(s().uploadProgress).toBeNull();
    expect(transport.callsNamed('datasets:import')).toEqual([{ file: '/uploads/x.csv', name: 'mine', txtMode: 'auto', skipBadRows: false }]);
    expect(s().importJobId).toBe('imp');
    expect(s().jobs.imp?.state).toBe('queued');
    expect(s().trackedJobs.imp).toEqual({ kind: 'import-data', datasetId: null, versionId: null });
  });

  it('says what went wrong when the upload fails, without starting a job', async () => {
    const { transport, s } = setup();
    await s().importFile({ name: 'x.csv' } as File, async () => {
      throw new Error('Upload failed: connection lost');
    });
    expect(s().importError).toMatch(/x\.csv.*connection lost/);
    expect(transport.callsNamed('datasets:import')).toEqual([]);
  });

  it('imports again skipping bad rows with the same request', async () => {
    const { transport, s } = setup();
    let n = 0;
    transport.handlers.set('datasets:import', () => job({ id: `imp${++n}`, kind: 'import-data' }));
    await s().startImport({ file: '/a.jsonl', txtMode: 'auto', skipBadRows: false, name: 'a' });
    await s().retryImportSkippingBadRows();
    expect(transport.callsNamed('datasets:import')).toEqual([
      { file: '/a.jsonl', txtMode: 'auto', skipBadRows: false, name: 'a' },
      { file: '/a.jsonl', txtMode: 'auto', skipBadRows: true, name: 'a' },
    ]);
    expect(s().importJobId).toBe('imp2');
  });

  it('keeps a refused import call as the import error', async () => {
    const { transport, s } = setup();
    transport.handlers.set('datasets:import', () => {
      throw { code: 'NOT_FOUND', message: '/gone.csv does not exist' };
    });
    await s().startImport({ file: '/gone.csv', txtMode: 'auto', skipBadRows: false });
    expect(s().importError).toBe('/gone.csv does not exist');
    expect(s().importJobId).toBeNull();
  });

  it('falls back to the file input when there is no native picker (browser mode)', async () => {
    const { transport, s } = setup();
    transport.handlers.set('dialog:pickFile', () => ({ path: null }));
    await expect(s().pickAndImport()).resolves.toBe('unsupported');
    transport.handlers.set('dialog:pickFile', () => ({ path: '/picked.csv' }));
    transport.handlers.set('datasets:import', () => job({ id: 'imp', kind: 'import-data' }));
    await expect(s().pickAndImport()).resolves.toBe('started');
    expect(transport.callsNamed('datasets:import')).toEqual([{ file: '/picked.csv', txtMode: 'auto', skipBadRows: false }]);
  });

  it('on a pushed completion of its import, reloads the list and selects the new version, once', async () => {
    const { transport, s } = setup();
    transport.handlers.set('datasets:import', () => job({ id: 'imp', kind: 'import-data' }));
    const lists: number[] = [];
    const fresh = dataset({ id: 'd9' }, [version({ id: 'v9', datasetId: 'd9' })]);
    transport.handlers.set('datasets:list', () => {
      lists.push(1);
      return [fresh];
    });
    const stopJobs = s().watchJobs();
    const stop = s().watchDatasetJobs();
    await s().startImport({ file: '/a.csv', txtMode: 'auto', skipBadRows: false });
    const done = job({ id: 'imp', kind: 'import-data', state: 'completed', result: version({ id: 'v9', datasetId: 'd9' }) });
    transport.emit('jobs:changed', done);
    transport.emit('jobs:changed', done);
    await flush();
    expect(lists).toHaveLength(1);
    expect([s().selectedDatasetId, s().selectedVersionId]).toEqual(['d9', 'v9']);
    stop();
    stopJobs();
  });

  it('settles a job that completed while nobody watched when watching starts', async () => {
    const { transport, s } = setup();
    transport.handlers.set('datasets:validate', () => job({ id: 'val', kind: 'validate-data' }));
    const d = dataset();
    transport.handlers.set('datasets:list', () => [d]);
    await s().loadDatasets();
    await s().validateVersion('v1', '/models/demo', 256);
    expect(transport.callsNamed('datasets:validate')).toEqual([{ versionId: 'v1', model: '/models/demo', maxLength: 256 }]);
    expect(s().validateJobs.v1).toBe('val');
    const validated = dataset({}, [version({ validation: report() })]);
    transport.handlers.set('datasets:get', () => validated);
    s().applyJobChanged(job({ id: 'val', kind: 'validate-data', state: 'completed', result: report() }));
    s().watchDatasetJobs()();
    await flush();
    expect(transport.callsNamed('datasets:get')).toEqual([{ id: 'd1' }]);
    expect(s().datasets[0]?.versions[0]?.validation).not.toBeNull();
  });

  it('does not let a late call reply undo a newer pushed state of the same job', async () => {
    const { transport, s } = setup();
    let reply: (v: unknown) => void = () => {};
    transport.handlers.set('datasets:prepare', () => new Promise((r) => (reply = r)));
    transport.handlers.set('datasets:list', () => []);
    const started = s().prepareDataset('d1', { sources: [{ versionId: 'v1', percent: 100 }] });
    s().applyJobChanged(job({ id: 'prep', kind: 'prepare-data', state: 'running', progress: 0.4 }));
    reply(job({ id: 'prep', kind: 'prepare-data', state: 'queued' }));
    await expect(started).resolves.toBeNull();
    expect(s().jobs.prep?.state).toBe('running');
    expect(s().prepareJobs.d1).toBe('prep');
  });

  it('returns a refused prepare to the dialog', async () => {
    const { transport, s } = setup();
    transport.handlers.set('datasets:prepare', () => {
      throw { code: 'VALIDATION_ERROR', message: 'The mix percentages add up to 90, not 100' };
    });
    const err = await s().prepareDataset('d1', { sources: [{ versionId: 'v1', percent: 90 }] });
    expect(err?.message).toMatch(/90/);
    expect(s().prepareJobs).toEqual({});
  });

  it('replaces the version a mapping save returns', async () => {
    const { transport, s } = setup();
    transport.handlers.set('datasets:list', () => [dataset({}, [version({ validation: report() })])]);
    await s().loadDatasets();
    const mapping = { kind: 'text' as const, columns: { text: 'output' } };
    transport.handlers.set('datasets:setMapping', () => version({ mapping, validation: null }));
    await expect(s().saveMapping('v1', mapping)).resolves.toBe(true);
    expect(s().datasets[0]?.versions[0]).toMatchObject({ mapping, validation: null });
    expect(s().savingMapping).toBe(false);
  });

  it('returns a delete refusal for the dialog and keeps the dataset; removes it once allowed', async () => {
    const { transport, s } = setup();
    transport.handlers.set('datasets:list', () => [dataset()]);
    await s().loadDatasets();
    s().selectDataset('d1');
    transport.handlers.set('datasets:delete', () => {
      throw { code: 'CONFLICT', message: 'Dataset "data" is used by train job 1234abcd (running); cancel or finish it first' };
    });
    const err = await s().deleteDataset('d1');
    expect(err?.code).toBe('CONFLICT');
    expect(s().datasets).toHaveLength(1);
    transport.handlers.set('datasets:delete', () => ({ removed: true }));
    await expect(s().deleteDataset('d1')).resolves.toBeNull();
    expect(s().datasets).toEqual([]);
    expect(s().selectedDatasetId).toBeNull();
  });

  it('keeps only the newest preview request', async () => {
    const { transport, s } = setup();
    const replies: ((v: unknown) => void)[] = [];
    transport.handlers.set('datasets:preview', () => new Promise((r) => replies.push(r)));
    const first = s().loadPreview('v1', 'all', 0);
    const second = s().loadPreview('v1', 'all', 50);
    replies[1]!({ total: 120, offset: 50, rows: [{ line: 52, record: { a: 1 } }] });
    replies[0]!({ total: 120, offset: 0, rows: [{ line: 2, record: { a: 0 } }] });
    await Promise.all([first, second]);
    expect(s().preview).toMatchObject({ offset: 50, loading: false, data: { offset: 50 } });
    expect(transport.callsNamed('datasets:preview')[1]).toEqual({ versionId: 'v1', split: 'all', offset: 50, limit: 50 });
  });
});
