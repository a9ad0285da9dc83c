import type http from 'node:http';
import path from 'node:path';
import { toErrorShape, type ErrorCode } from '../contract/errors.js';
import type { ExportResult } from '../contract/exports.js';
import { exportFiles, streamExportZip } from '../exports/export-zip.js';
import type { Services } from '../services.js';

/** What the browser sees when the zip cannot be sent: the error's code as an HTTP status. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { VALIDATION_ERROR: 400, NOT_FOUND: 404, CONFLICT: 409 };

/**
 * Browser mode's zip download of a completed export, streamed (a GGUF can be gigabytes). `encodedId`
 * is the URL path segment as sent: decoded here, inside the try, so a malformed escape is a 400
 * rather than an exception thrown out of the request listener.
 */
export async function sendExportZip(services: Services, encodedId: string, res: http.ServerResponse): Promise<void> {
  try {
    const job = services.store.jobs.get(decodeJobId(encodedId));
    exportFiles(job); // fails before any header is written when the export is not downloadable
    const name = `${path.basename((job.result as ExportResult).out)}.zip`.replace(/[^\w.-]+/g, '_');
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    await streamExportZip(job, res);
  } catch (err) {
    if (res.headersSent) res.destroy();
    else {
      const shape = toErrorShape(err);
      res.writeHead(HTTP_STATUS[shape.code] ?? 500, { 'Content-Type': 'text/plain' }).end(shape.message);
    }
  }
}

function decodeJobId(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return '';
  }
}
