import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  checkMix,
  META_FILE,
  ROWS_FILE,
  SPLIT_FILES,
  type ColumnMapping,
  type Dataset,
  type DatasetVersion,
  type ImportDataSpec,
  type PrepareRecipe,
  type ValidateDataSpec,
  type ValidationReport,
  type VersionMeta,
} from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import type { Job } from '../contract/jobs.js';
import type { Scheduler } from '../jobs/scheduler.js';
import { isStrictlyInside } from '../paths.js';
import type { DatasetsRepo, StoredMeta } from '../store/datasets-repo.js';

/**
 * Datasets on disk and in the store. Layout under `<dataDir>/datasets`:
 *   blobs/<sha256><ext>   the user's imported files, content-addressed (one copy per distinct file)
 *   versions/<id>/        rows.jsonl, meta.json, split files, validation.json
 *   staging/<id>/         what a running job is writing; moved into versions/ only when it completes
 * A crash leaves at worst a staging folder or an unlisted version folder; `sweep` removes both.
 */
export class DatasetLibrary {
  readonly root: string;

  constructor(
    dataDir: string,
    private readonly repo: DatasetsRepo,
    private readonly scheduler: Scheduler,
  ) {
    this.root = path.join(dataDir, 'datasets');
    for (const d of ['blobs', 'versions', 'staging']) fs.mkdirSync(path.join(this.root, d), { recursive: true });
    this.sweep();
    scheduler.setHooks('import-data', { completed: (job, result) => this.finishImport(job, result), ended: (job) => this.dropStaging(job) });
    scheduler.setHooks('prepare-data', { completed: (job, result) => this.finishPrepare(job, result), ended: (job) => this.dropStaging(job) });
    scheduler.setHooks('validate-data', { completed: (job, result) => this.finishValidate(job, result) });
  }

  list(): Dataset[] {
    return this.repo.list();
  }

  get(id: string): Dataset {
    return this.repo.get(id);
  }

  startImport(req: ImportDataSpec): Job {
    const file = path.resolve(req.file);
    if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `${file} does not exist`, { file });
    if (!fs.statSync(file).isFile()) throw new AppError('VALIDATION_ERROR', `${file} is not a file`, { issues: [{ path: ['file'], message: 'not a file' }] });
    if (req.datasetId) this.repo.get(req.datasetId);
    const versionId = randomUUID();
    return this.scheduler.submit({ kind: 'import-data', spec: { ...req, file, versionId, stagingDir: path.join(this.root, 'staging', versionId) } });
  }

  startValidate(req: ValidateDataSpec): Job {
    const v = this.repo.version(req.versionId);
    if (req.model && !fs.existsSync(path.join(req.model, 'tokenizer.json'))) throw new AppError('NOT_FOUND', `${req.model} has no tokenizer.json`, { model: req.model });
    return this.scheduler.submit({
      kind: 'validate-data',
      spec: { versionId: v.id, rowsFile: path.join(v.folder, ROWS_FILE), rows: v.rows, mapping: v.mapping, model: req.model, maxLength: req.maxLength, reportFile: path.join(v.folder, 'validation.json') },
    });
  }

  startPrepare(recipe: PrepareRecipe): Job {
    const sources = recipe.sources.map((s) => {
      const v = this.repo.version(s.versionId);
      if (!v.mapping) throw new AppError('VALIDATION_ERROR', `Dataset version ${v.id} (${v.sourceName}) has no column mapping; map its columns first`, { issues: [{ path: ['sources'], message: 'unmapped source' }] });
      return { versionId: v.id, rowsFile: path.join(v.folder, ROWS_FILE), mapping: v.mapping, percent: s.percent, datasetId: v.datasetId };
    });
    checkMix(recipe.sources);
    const versionId = randomUUID();
    return this.scheduler.submit({
      kind: 'prepare-data',
      spec: { recipe, sources: sources.map(({ datasetId: _d, ...s }) => s), datasetId: sources[0]!.datasetId, versionId, stagingDir: path.join(this.root, 'staging', versionId) },
    });
  }

  setMapping(versionId: string, mapping: ColumnMapping): DatasetVersion {
    const v = this.repo.version(versionId);
    const missing = Object.values(mapping.columns).filter((c) => !v.columns.includes(c));
    if (missing.length) throw new AppError('VALIDATION_ERROR', `No column named ${missing.map((c) => `"${c}"`).join(', ')} in this dataset`, { issues: missing.map((c) => ({ path: ['mapping', 'columns'], message: `unknown column ${c}` })) });
    return this.repo.setMapping(versionId, mapping);
  }

  /** The version's folder and meta.json (page offsets included). */
  versionFiles(versionId: string): { version: DatasetVersion; folder: string; meta: VersionMeta } {
    const v = this.repo.version(versionId);
    const meta = JSON.parse(fs.readFileSync(path.join(v.folder, META_FILE), 'utf8')) as VersionMeta;
    const { folder, ...version } = v;
    return { version, folder, meta };
  }

  /** Path of a prepared version's split file, for a training job. */
  splitFile(versionId: string, split: keyof typeof SPLIT_FILES): string {
    const v = this.repo.version(versionId);
    if (!v.splits) throw new AppError('VALIDATION_ERROR', `Dataset version ${versionId} is not prepared (it has no splits); prepare it first`);
    return path.join(v.folder, SPLIT_FILES[split]);
  }

  remove(id: string): { removed: true } {
    const dataset = this.repo.get(id);
    const users = this.repo.jobsUsing(dataset.versions.map((v) => v.id));
    if (users.length) throw new AppError('CONFLICT', `Dataset "${dataset.name}" is used by ${users.map((j) => `${j.kind} job ${j.id.slice(0, 8)} (${j.state})`).join(', ')}; cancel or finish it first`, { jobs: users });
    const shas = new Set(dataset.versions.map((v) => v.sha256));
    for (const folder of this.repo.remove(id)) {
      // Rows hold absolute paths; only a folder under versions/ is ours to delete.
      if (isStrictlyInside(path.join(this.root, 'versions'), folder)) fs.rmSync(folder, { recursive: true, force: true });
    }
    // A blob goes when no remaining version was imported from the same bytes.
    const kept = new Set(this.repo.list().flatMap((d) => d.versions.map((v) => v.sha256)));
    for (const blob of fs.readdirSync(path.join(this.root, 'blobs'))) {
      const sha = blob.split('.')[0]!;
      if (shas.has(sha) && !kept.has(sha)) fs.rmSync(path.join(this.root, 'blobs', blob), { force: true });
    }
    return { removed: true };
  }

  private finishImport(job: Job, result: unknown): DatasetVersion {
    const spec = job.spec as { versionId: string; stagingDir: string; name?: string; datasetId?: string };
    const r = result as StoredMeta & { sourceFile: string };
    // The worker's copy of the user's file; never the user's own file, which is not ours to move or delete.
    if (!isStrictlyInside(spec.stagingDir, r.sourceFile)) throw new AppError('INTERNAL_ERROR', `Import job ${job.id.slice(0, 8)} reported its copy at ${r.sourceFile}, outside its staging folder ${spec.stagingDir}`);
    const blob = path.join(this.root, 'blobs', `${r.sha256}${path.extname(r.sourceFile)}`);
    if (fs.existsSync(blob)) fs.rmSync(r.sourceFile, { force: true });
    else fs.renameSync(r.sourceFile, blob);
    const folder = this.moveIntoPlace(spec.stagingDir, spec.versionId);
    const { sourceFile: _s, ...meta } = r;
    const target = spec.datasetId ? { datasetId: spec.datasetId } : { newDatasetName: spec.name ?? path.parse(r.sourceName).name };
    return this.repo.addVersion(target, { id: spec.versionId, folder, meta, recipe: null, parentId: null, jobId: job.id });
  }

  private finishPrepare(job: Job, result: unknown): DatasetVersion {
    const spec = job.spec as { versionId: string; stagingDir: string; datasetId: string; recipe: PrepareRecipe; sources: { versionId: string }[] };
    const { dropped: _d, perSource: _p, ...meta } = result as StoredMeta & { dropped: unknown; perSource: unknown };
    const folder = this.moveIntoPlace(spec.stagingDir, spec.versionId);
    return this.repo.addVersion({ datasetId: spec.datasetId }, { id: spec.versionId, folder, meta, recipe: spec.recipe, parentId: spec.sources[0]!.versionId, jobId: job.id });
  }

  private finishValidate(job: Job, result: unknown): ValidationReport {
    const report = result as ValidationReport;
    this.repo.setValidation(report.versionId, report);
    return report;
  }

  private moveIntoPlace(stagingDir: string, versionId: string): string {
    const folder = path.join(this.root, 'versions', versionId);
    fs.renameSync(stagingDir, folder);
    return folder;
  }

  private dropStaging(job: Job): void {
    const spec = job.spec as { stagingDir?: string };
    if (spec.stagingDir) fs.rmSync(spec.stagingDir, { recursive: true, force: true });
  }

  /** Removes what a crash left: staging folders and version folders the store does not list. */
  private sweep(): void {
    const known = this.repo.folders();
    for (const d of fs.readdirSync(path.join(this.root, 'staging'))) fs.rmSync(path.join(this.root, 'staging', d), { recursive: true, force: true });
    for (const d of fs.readdirSync(path.join(this.root, 'versions'))) {
      const folder = path.join(this.root, 'versions', d);
      if (!known.has(folder)) fs.rmSync(folder, { recursive: true, force: true });
    }
  }
}
