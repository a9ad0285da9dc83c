import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROWS_FILE, type DatasetVersion, type ValidationReport, type VersionMeta } from '../contract/datasets.js';
import { renderReportHtml } from '../../native/data/report-html.js';
import type { WorkerKind } from '../../native/protocol.js';
import { writeFileDurably } from '../../native/util/durable.js';

type RunWorker = (kind: WorkerKind, spec: unknown) => Promise<unknown>;

export interface CheckedFile {
  name: string;
  version: DatasetVersion;
  report: ValidationReport;
}

/**
 * The CLI's validate-data and data-report: the same import and validation jobs as the app, run in
 * the worker against a throw-away folder (nothing is added to the app's store).
 */
export async function checkDataFile(run: RunWorker, opts: { file: string; model?: string; maxLength?: number; skipBadRows: boolean }): Promise<CheckedFile> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-check-'));
  try {
    const versionId = randomUUID();
    const stagingDir = path.join(scratch, versionId);
    const { sourceFile: _copy, ...meta } = (await run('import-data', { file: path.resolve(opts.file), txtMode: 'auto', skipBadRows: opts.skipBadRows, versionId, stagingDir })) as Omit<VersionMeta, 'offsets'> & { sourceFile: string };
    const mapping = meta.detection.mapping;
    const report = (await run('validate-data', {
      versionId,
      rowsFile: path.join(stagingDir, ROWS_FILE),
      rows: meta.rows,
      mapping,
      model: opts.model ? path.resolve(opts.model) : undefined,
      maxLength: opts.maxLength ?? 512,
      reportFile: path.join(scratch, 'validation.json'),
    })) as ValidationReport;
    const version: DatasetVersion = { ...meta, id: versionId, datasetId: '', parentId: null, mapping, recipe: null, validation: report, createdAt: Date.now() };
    return { name: path.parse(opts.file).name, version, report };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Writes the standalone HTML report atomically (temp file, fsync, rename). */
export function writeReport(out: string, checked: CheckedFile): Promise<void> {
  return writeFileDurably(out, renderReportHtml({ datasetName: checked.name, version: checked.version }, checked.report));
}
