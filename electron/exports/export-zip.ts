import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import yazl from 'yazl';
import { AppError } from '../contract/errors.js';
import type { ExportResult } from '../contract/exports.js';
import type { Job } from '../contract/jobs.js';
import { syncDir } from '../../native/util/durable.js';

/** The files of a completed export: the folder's files, or the GGUF and what was written beside it. */
export function exportFiles(job: Job): { root: string; files: string[] } {
  if (job.kind !== 'export' || job.state !== 'completed') throw new AppError('CONFLICT', `Job ${job.id.slice(0, 8)} is not a completed export`, { id: job.id });
  const result = job.result as ExportResult;
  if (!fs.existsSync(result.out)) throw new AppError('NOT_FOUND', `${result.out} is gone`, { path: result.out });
  if (fs.statSync(result.out).isDirectory()) {
    const files = fs.readdirSync(result.out, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(result.out, f)).isFile());
    return { root: result.out, files };
  }
  const root = path.dirname(result.out);
  const files = fs.readdirSync(root).filter((f) => f.startsWith(path.basename(result.out)));
  return { root, files };
}

/**
 * Streams a zip of an export into `out` (an HTTP response or a file). Entries are stored, not
 * deflated: weights barely compress and a multi-GB GGUF should not cost minutes of CPU.
 */
export function streamExportZip(job: Job, out: Writable): Promise<void> {
  const { root, files } = exportFiles(job);
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addFile(path.join(root, f), f.split(path.sep).join('/'), { compress: false });
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.on('error', reject).pipe(out).on('finish', resolve).on('error', reject);
  });
}

/** Writes the zip to `file` atomically (temp, fsync, rename). */
export async function writeExportZip(job: Job, file: string): Promise<void> {
  const tmp = `${file}.${process.pid}.partial`;
  try {
    await streamExportZip(job, fs.createWriteStream(tmp));
    const fd = fs.openSync(tmp, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
    await syncDir(path.dirname(file));
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Browser mode downloads zips from the local server (same origin, token cookie). */
export const EXPORT_ZIP_PREFIX = '/api/exports/';

export function exportZipUrl(job: Job): string {
  exportFiles(job);
  return `${EXPORT_ZIP_PREFIX}${encodeURIComponent(job.id)}.zip`;
}
