import type http from 'node:http';
import path from 'node:path';
import { toErrorShape } from '../contract/errors.js';
import type { ExportResult } from '../contract/exports.js';
import { exportFiles, streamExportZip } from '../exports/export-zip.js';
import type { Services } from '../services.js';

/** Browser mode's zip download of a completed export, streamed (a GGUF can be gigabytes). */
export async function sendExportZip(services: Services, jobId: string, res: http.ServerResponse): Promise<void> {
  try {
    const job = services.store.jobs.get(jobId);
    exportFiles(job); // fails before any header is written when the export is not downloadable
    const name = `${path.basename((job.result as ExportResult).out)}.zip`.replace(/[^\w.-]+/g, '_');
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    await streamExportZip(job, res);
  } catch (err) {
    if (res.headersSent) res.destroy();
    else res.writeHead(404, { 'Content-Type': 'text/plain' }).end(toErrorShape(err).message);
  }
}
