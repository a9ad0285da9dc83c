import type { ColumnMapping, Dataset, DatasetVersion, ImportDataSpec, PrepareRecipeInput, Preview } from '../../electron/contract/datasets.js';
import type { Job, JobKind } from '../../electron/contract/jobs.js';
import { ClientError } from '../client/client-error';
import { pathForFile } from '../client/file-path';
import type { SliceCreator } from './slice';

/** What the import options panel holds; the file comes from the picker, the input or a drop. */
export interface ImportOptions {
  name: string;
  format: ImportDataSpec['format'] | 'auto';
  txtMode: ImportDataSpec['txtMode'];
  skipBadRows: boolean;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = { name: '', format: 'auto', txtMode: 'auto', skipBadRows: false };

export type PreviewSplit = 'all' | 'train' | 'validation' | 'test';

/** The preview page on screen; `key` ties a reply to the request that asked for it. */
export interface PreviewState {
  key: string;
  versionId: string;
  split: PreviewSplit;
  offset: number;
  data: Preview | null;
  loading: boolean;
  error: string | null;
}

/** A dataset job this window started, and what to do when it completes. */
export interface TrackedDatasetJob {
  kind: Extract<JobKind, 'import-data' | 'validate-data' | 'prepare-data'>;
  datasetId: string | null;
  versionId: string | null;
}

export const PREVIEW_PAGE_SIZE = 50;

const DATASET_JOB_KINDS: readonly JobKind[] = ['import-data', 'validate-data', 'prepare-data'];

export interface DatasetsSlice {
  datasets: Dataset[];
  datasetsStatus: 'idle' | 'loading' | 'ready' | 'error';
  selectedDatasetId: string | null;
  selectedVersionId: string | null;
  importOptions: ImportOptions;
  /** The latest import's request, kept for "import again, skipping the bad rows". */
  importRequest: ImportDataSpec | null;
  importJobId: string | null;
  /** Browser mode uploads the file before importing it: 0..1 while that runs. */
  uploadProgress: number | null;
  /** An upload or an import call that failed before any job existed. */
  importError: string | null;
  /** Validation job per version id, prepare job per dataset id. */
  validateJobs: Record<string, string>;
  prepareJobs: Record<string, string>;
  trackedJobs: Record<string, TrackedDatasetJob>;
  /** Jobs whose completion was already acted on (a completion can be seen twice: pushed, then listed). */
  settledJobs: Record<string, true>;
  savingMapping: boolean;
  preview: PreviewState | null;

  setImportOptions(patch: Partial<ImportOptions>): void;
  loadDatasets(): Promise<void>;
  loadDataset(id: string): Promise<void>;
  selectDataset(id: string | null): void;
  selectVersion(versionId: string): void;
  /** Turns a picked or dropped file into a path main can read (uploading it in browser mode), then imports it. */
  importFile(file: File, toPath?: (file: File, onProgress: (f: number) => void) => Promise<string>): Promise<void>;
  importPath(path: string): Promise<void>;
  /** Electron's native picker; false where there is none (browser mode) and a file input must do. */
  pickAndImport(): Promise<'started' | 'cancelled' | 'unsupported'>;
  startImport(req: ImportDataSpec): Promise<void>;
  retryImportSkippingBadRows(): Promise<void>;
  dismissImport(): void;
  saveMapping(versionId: string, mapping: ColumnMapping): Promise<boolean>;
  validateVersion(versionId: string, model: string | undefined, maxLength: number): Promise<void>;
  /** Resolves null once the job is started; otherwise the refusal, shown in the dialog (a notice would sit behind it). */
  prepareDataset(datasetId: string, recipe: PrepareRecipeInput): Promise<ClientError | null>;
  /** Resolves null when deleted; otherwise the error to show in the confirm dialog (e.g. CONFLICT). */
  deleteDataset(id: string): Promise<ClientError | null>;
  fetchReport(versionId: string): Promise<{ fileName: string; html: string } | null>;
  loadPreview(versionId: string, split: PreviewSplit, offset: number): Promise<void>;
  /** Acts on a completed dataset job once: reloads the data and shows the new version. */
  settleDatasetJob(job: Job): void;
  /** Settles every tracked job the jobs slice knows as completed (after a reconnect's `jobs:list`, say). */
  sweepDatasetJobs(): void;
  /** Follows `jobs:changed` for dataset jobs until the returned function is called. */
  watchDatasetJobs(): () => void;
}

/** Newest dataset first. */
export function datasetsNewestFirst(list: readonly Dataset[]): Dataset[] {
  return [...list].sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
}

/** The version shown by default: the newest. */
export function latestVersion(d: Dataset): DatasetVersion | null {
  let best: DatasetVersion | null = null;
  for (const v of d.versions) if (!best || v.createdAt > best.createdAt || (v.createdAt === best.createdAt && v.id > best.id)) best = v;
  return best;
}

export function findVersion(list: readonly Dataset[], versionId: string | null): DatasetVersion | null {
  if (!versionId) return null;
  for (const d of list) for (const v of d.versions) if (v.id === versionId) return v;
  return null;
}

/** The import request the options describe, for a file main can read. */
export function importRequestFor(file: string, o: ImportOptions): ImportDataSpec {
  const req: ImportDataSpec = { file, txtMode: o.txtMode, skipBadRows: o.skipBadRows };
  if (o.name.trim()) req.name = o.name.trim();
  if (o.format !== 'auto' && o.format !== undefined) req.format = o.format;
  return req;
}

const previewKey = (versionId: string, split: PreviewSplit, offset: number) => `${versionId}\u0000${split}\u0000${offset}`;

function replaceDataset(list: readonly Dataset[], d: Dataset): Dataset[] {
  return list.some((x) => x.id === d.id) ? list.map((x) => (x.id === d.id ? d : x)) : [...list, d];
}

function replaceVersion(list: readonly Dataset[], v: DatasetVersion): Dataset[] {
  return list.map((d) => (d.id === v.datasetId ? { ...d, versions: d.versions.map((x) => (x.id === v.id ? v : x)) } : d));
}

export const createDatasetsSlice: SliceCreator<DatasetsSlice> = (set, get, client) => {
  /** Records a job a call returned, unless a push about it (maybe newer) is already in the jobs slice. */
  const adopt = (job: Job, tracked: TrackedDatasetJob) => {
    set((s) => ({ trackedJobs: { ...s.trackedJobs, [job.id]: tracked } }));
    const known = get().jobs[job.id];
    if (!known) get().applyJobChanged(job);
    else get().settleDatasetJob(known);
  };

  return {
    datasets: [],
    datasetsStatus: 'idle',
    selectedDatasetId: null,
    selectedVersionId: null,
    importOptions: DEFAULT_IMPORT_OPTIONS,
    importRequest: null,
    importJobId: null,
    uploadProgress: null,
    importError: null,
    validateJobs: {},
    prepareJobs: {},
    trackedJobs: {},
    settledJobs: {},
    savingMapping: false,
    preview: null,

    setImportOptions: (patch) => set((s) => ({ importOptions: { ...s.importOptions, ...patch } })),

    async loadDatasets() {
      set((s) => ({ datasetsStatus: s.datasetsStatus === 'ready' ? 'ready' : 'loading' }));
      try {
        const list = await client.call('datasets:list', {});
        set((s) => {
          const selected = s.selectedDatasetId && list.some((d) => d.id === s.selectedDatasetId) ? s.selectedDatasetId : null;
          const dataset = list.find((d) => d.id === selected);
          const version = dataset?.versions.some((v) => v.id === s.selectedVersionId) ? s.selectedVersionId : dataset ? (latestVersion(dataset)?.id ?? null) : null;
          return { datasets: list, datasetsStatus: 'ready', selectedDatasetId: selected, selectedVersionId: version };
        });
      } catch (err) {
        set((s) => ({ datasetsStatus: s.datasetsStatus === 'ready' ? 'ready' : 'error' }));
        get().notify(err, 'Loading datasets');
      }
    },
    async loadDataset(id) {
      try {
        const d = await client.call('datasets:get', { id });
        set((s) => ({ datasets: replaceDataset(s.datasets, d) }));
      } catch (err) {
        get().notify(err, 'Loading the dataset');
      }
    },
    selectDataset(id) {
      const d = get().datasets.find((x) => x.id === id);
      set({ selectedDatasetId: d ? d.id : null, selectedVersionId: d ? (latestVersion(d)?.id ?? null) : null });
    },
    selectVersion(versionId) {
      const v = findVersion(get().datasets, versionId);
      if (v) set({ selectedDatasetId: v.datasetId, selectedVersionId: v.id });
    },

    async importFile(file, toPath = pathForFile) {
      set({ uploadProgress: 0, importError: null, importJobId: null });
      let path: string;
      try {
        path = await toPath(file, (f) => set({ uploadProgress: f }));
      } catch (err) {
        set({ uploadProgress: null, importError: `Could not read ${file.name}: ${ClientError.from(err).message}` });
        return;
      }
      set({ uploadProgress: null });
      await get().importPath(path);
    },
    async importPath(path) {
      await get().startImport(importRequestFor(path, get().importOptions));
    },
    async pickAndImport() {
      let picked: string | null;
      try {
        picked = (await client.call('dialog:pickFile', { title: 'Choose a data file', extensions: ['csv', 'tsv', 'json', 'jsonl', 'ndjson', 'parquet', 'txt'] })).path;
      } catch (err) {
        get().notify(err, 'Opening the file picker');
        return 'cancelled';
      }
      // Browser mode has no native picker: the page opens its file input instead.
      if (picked === null) return typeof window !== 'undefined' && 'studio' in window ? 'cancelled' : 'unsupported';
      await get().importPath(picked);
      return 'started';
    },
    async startImport(req) {
      set({ importRequest: req, importError: null, importJobId: null });
      try {
        const job = await client.call('datasets:import', req);
        set({ importJobId: job.id });
        adopt(job, { kind: 'import-data', datasetId: req.datasetId ?? null, versionId: null });
      } catch (err) {
        set({ importError: ClientError.from(err).message });
      }
    },
    async retryImportSkippingBadRows() {
      const req = get().importRequest;
      if (req) await get().startImport({ ...req, skipBadRows: true });
    },
    dismissImport: () => set({ importJobId: null, importError: null, uploadProgress: null }),

    async saveMapping(versionId, mapping) {
      set({ savingMapping: true });
      try {
        const v = await client.call('datasets:setMapping', { versionId, mapping });
        set((s) => ({ datasets: replaceVersion(s.datasets, v) }));
        return true;
      } catch (err) {
        get().notify(err, 'Saving the column mapping');
        return false;
      } finally {
        set({ savingMapping: false });
      }
    },
    async validateVersion(versionId, model, maxLength) {
      const v = findVersion(get().datasets, versionId);
      try {
        const job = await client.call('datasets:validate', model ? { versionId, model, maxLength } : { versionId, maxLength });
        set((s) => ({ validateJobs: { ...s.validateJobs, [versionId]: job.id } }));
        adopt(job, { kind: 'validate-data', datasetId: v?.datasetId ?? null, versionId });
      } catch (err) {
        get().notify(err, 'Starting validation');
      }
    },
    async prepareDataset(datasetId, recipe) {
      try {
        const job = await client.call('datasets:prepare', recipe);
        set((s) => ({ prepareJobs: { ...s.prepareJobs, [datasetId]: job.id } }));
        adopt(job, { kind: 'prepare-data', datasetId, versionId: null });
        return null;
      } catch (err) {
        return ClientError.from(err);
      }
    },
    async deleteDataset(id) {
      try {
        await client.call('datasets:delete', { id });
      } catch (err) {
        return ClientError.from(err);
      }
      set((s) => ({
        datasets: s.datasets.filter((d) => d.id !== id),
        selectedDatasetId: s.selectedDatasetId === id ? null : s.selectedDatasetId,
        selectedVersionId: s.selectedDatasetId === id ? null : s.selectedVersionId,
      }));
      return null;
    },
    async fetchReport(versionId) {
      try {
        return await client.call('datasets:report', { versionId });
      } catch (err) {
        get().notify(err, 'Building the data report');
        return null;
      }
    },
    async loadPreview(versionId, split, offset) {
      const key = previewKey(versionId, split, offset);
      set((s) => ({
        // Keep the rows on screen while the next page loads, so the table does not jump.
        preview: { key, versionId, split, offset, data: s.preview?.versionId === versionId && s.preview.split === split ? s.preview.data : null, loading: true, error: null },
      }));
      try {
        const data = await client.call('datasets:preview', { versionId, split, offset, limit: PREVIEW_PAGE_SIZE });
        if (get().preview?.key === key) set({ preview: { key, versionId, split, offset, data, loading: false, error: null } });
      } catch (err) {
        if (get().preview?.key === key) set((s) => ({ preview: s.preview && { ...s.preview, loading: false, error: ClientError.from(err).message } }));
      }
    },

    settleDatasetJob(job) {
      if (!DATASET_JOB_KINDS.includes(job.kind) || job.state !== 'completed' || get().settledJobs[job.id]) return;
      set((s) => ({ settledJobs: { ...s.settledJobs, [job.id]: true } }));
      const tracked = get().trackedJobs[job.id];
      const result = job.result as Partial<DatasetVersion> | null;
      if (job.kind === 'validate-data') {
        const datasetId = tracked?.datasetId ?? findVersion(get().datasets, (result as { versionId?: string } | null)?.versionId ?? null)?.datasetId;
        if (datasetId) void get().loadDataset(datasetId);
        return;
      }
      void get()
        .loadDatasets()
        .then(() => {
          // Only jobs started here move the selection; someone else's import just appears in the list.
          if (tracked && typeof result?.id === 'string') get().selectVersion(result.id);
        });
    },
    sweepDatasetJobs() {
      for (const id of Object.keys(get().trackedJobs)) {
        const job = get().jobs[id];
        if (job) get().settleDatasetJob(job);
      }
    },
    watchDatasetJobs() {
      const stop = client.on('jobs:changed', (job) => get().settleDatasetJob(job));
      // Completions that happened while nobody watched (another page was open).
      get().sweepDatasetJobs();
      return stop;
    },
  };
};
