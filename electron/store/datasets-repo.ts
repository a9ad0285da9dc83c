import { randomUUID } from 'node:crypto';
import type { ColumnMapping, Dataset, DatasetVersion, PrepareRecipe, ValidationReport, VersionMeta } from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import type { Db } from './database.js';

interface VersionRow {
  id: string;
  dataset_id: string;
  parent_id: string | null;
  format: string;
  path: string;
  sha256: string;
  rows: number;
  recipe: string | null;
  meta: string;
  mapping: string | null;
  validation: string | null;
  created_at: number;
}

/** What the store keeps of a version's meta.json (page offsets stay in the file). */
export type StoredMeta = Omit<VersionMeta, 'offsets' | 'splitOffsets'>;

export interface NewVersion {
  id: string;
  folder: string;
  meta: StoredMeta;
  recipe: PrepareRecipe | null;
  parentId: string | null;
  jobId: string | null;
}

function toVersion(r: VersionRow): DatasetVersion & { folder: string } {
  const meta = JSON.parse(r.meta) as StoredMeta;
  return {
    id: r.id,
    datasetId: r.dataset_id,
    parentId: r.parent_id,
    format: r.format,
    sourceName: meta.sourceName,
    sha256: r.sha256,
    bytes: meta.bytes,
    rows: r.rows,
    columns: meta.columns,
    columnTypes: meta.columnTypes,
    mapping: r.mapping ? (JSON.parse(r.mapping) as ColumnMapping) : null,
    detection: meta.detection,
    importProblems: meta.importProblems,
    notes: meta.notes,
    recipe: r.recipe ? (JSON.parse(r.recipe) as PrepareRecipe) : null,
    splits: meta.splits,
    validation: r.validation ? (JSON.parse(r.validation) as ValidationReport) : null,
    createdAt: r.created_at,
    folder: r.path,
  };
}

const VERSION_COLUMNS = 'id, dataset_id, parent_id, format, path, sha256, rows, recipe, meta, mapping, validation, created_at';

/** Datasets and their versions; the rows themselves live in each version's folder. */
export class DatasetsRepo {
  constructor(private readonly db: Db) {}

  list(): Dataset[] {
    const datasets = this.db.prepare('SELECT id, name, created_at FROM datasets ORDER BY created_at DESC').all() as { id: string; name: string; created_at: number }[];
    const versions = (this.db.prepare(`SELECT ${VERSION_COLUMNS} FROM dataset_versions ORDER BY created_at`).all() as VersionRow[]).map(toVersion);
    return datasets.map((d) => ({ id: d.id, name: d.name, createdAt: d.created_at, versions: versions.filter((v) => v.datasetId === d.id).map(strip) }));
  }

  get(id: string): Dataset {
    const d = this.db.prepare('SELECT id, name, created_at FROM datasets WHERE id = ?').get(id) as { id: string; name: string; created_at: number } | undefined;
    if (!d) throw new AppError('NOT_FOUND', `No dataset with id ${id}`, { id });
    const versions = (this.db.prepare(`SELECT ${VERSION_COLUMNS} FROM dataset_versions WHERE dataset_id = ? ORDER BY created_at`).all(id) as VersionRow[]).map((r) => strip(toVersion(r)));
    return { id: d.id, name: d.name, createdAt: d.created_at, versions };
  }

  /** A version with the folder its files are in. */
  version(id: string): DatasetVersion & { folder: string } {
    const r = this.db.prepare(`SELECT ${VERSION_COLUMNS} FROM dataset_versions WHERE id = ?`).get(id) as VersionRow | undefined;
    if (!r) throw new AppError('NOT_FOUND', `No dataset version with id ${id}`, { id });
    return toVersion(r);
  }

  /** Adds a version, to an existing dataset or (with `newDatasetName`) a new one, in one transaction. */
  addVersion(target: { datasetId: string } | { newDatasetName: string }, v: NewVersion, now = Date.now()): DatasetVersion {
    this.db.transaction(() => {
      let datasetId: string;
      if ('datasetId' in target) {
        datasetId = target.datasetId;
        if (!this.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(datasetId)) throw new AppError('NOT_FOUND', `No dataset with id ${datasetId}`, { id: datasetId });
      } else {
        datasetId = randomUUID();
        this.db.prepare('INSERT INTO datasets (id, name, created_at) VALUES (?, ?, ?)').run(datasetId, target.newDatasetName, now);
      }
      this.db
        .prepare(`INSERT INTO dataset_versions (id, dataset_id, parent_id, format, path, sha256, rows, recipe, meta, mapping, validation, job_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`)
        .run(v.id, datasetId, v.parentId, v.meta.format, v.folder, v.meta.sha256, v.meta.rows, v.recipe ? JSON.stringify(v.recipe) : null, JSON.stringify(v.meta), v.meta.detection.mapping ? JSON.stringify(v.meta.detection.mapping) : null, v.jobId, now);
    })();
    return strip(this.version(v.id));
  }

  setMapping(id: string, mapping: ColumnMapping): DatasetVersion {
    // A new mapping makes the last validation stale: it described other samples.
    if (this.db.prepare('UPDATE dataset_versions SET mapping = ?, validation = NULL WHERE id = ?').run(JSON.stringify(mapping), id).changes === 0) throw new AppError('NOT_FOUND', `No dataset version with id ${id}`, { id });
    return strip(this.version(id));
  }

  setValidation(id: string, report: ValidationReport): void {
    this.db.prepare('UPDATE dataset_versions SET validation = ? WHERE id = ?').run(JSON.stringify(report), id);
  }

  /** Deletes a dataset with its versions; returns the folders to remove. */
  remove(id: string): string[] {
    const folders = (this.db.prepare('SELECT path FROM dataset_versions WHERE dataset_id = ?').all(id) as { path: string }[]).map((r) => r.path);
    if (this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes === 0) throw new AppError('NOT_FOUND', `No dataset with id ${id}`, { id });
    return folders;
  }

  /** Every version folder the store knows, for sweeping orphans left by a crash. */
  folders(): Set<string> {
    return new Set((this.db.prepare('SELECT path FROM dataset_versions').all() as { path: string }[]).map((r) => r.path));
  }

  /** Unfinished jobs whose spec mentions any of `needles` (version ids or folders). */
  jobsUsing(needles: string[]): { id: string; kind: string; state: string }[] {
    const jobs = this.db.prepare(`SELECT id, kind, state, spec FROM jobs WHERE state IN ('pending','queued','running','interrupted')`).all() as { id: string; kind: string; state: string; spec: string }[];
    return jobs.filter((j) => needles.some((n) => j.spec.includes(n))).map(({ id, kind, state }) => ({ id, kind, state }));
  }
}

function strip(v: DatasetVersion & { folder?: string }): DatasetVersion {
  const { folder: _folder, ...rest } = v;
  return rest;
}
