import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export const UPLOAD_PATH = '/api/upload';
/** A header a cross-site form cannot send without a CORS preflight we never answer. */
export const UPLOAD_HEADER = 'x-studio-upload';

/** A file name safe on every platform, keeping its extension (the importer reads the format from it). */
export function safeFileName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/')).replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '').slice(-120);
  return base || 'upload';
}

/** Where browser-mode uploads land; cleared at start (an import copies what it needs). */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

export function clearUploads(dataDir: string): void {
  fs.rmSync(uploadsDir(dataDir), { recursive: true, force: true });
}

function freeBytes(dir: string): number | null {
  try {
    const st = fs.statfsSync(dir);
    return st.bavail * st.bsize;
  } catch {
    return null;
  }
}

/**
 * Browser mode has no file paths: a picked or dropped file is streamed here (never buffered whole)
 * and imported from the server-side copy. Written under a temp name and renamed when complete.
 */
export async function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL, dataDir: string): Promise<void> {
  if (req.headers[UPLOAD_HEADER] !== '1') {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`Missing ${UPLOAD_HEADER} header`);
    return;
  }
  const declared = Number(req.headers['content-length']);
  if (!Number.isSafeInteger(declared) || declared < 0) {
    res.writeHead(411, { 'Content-Type': 'text/plain' }).end('Upload needs a Content-Length');
    return;
  }
  // The upload, the imported copy and its rows each take about the file's size: refuse what cannot fit.
  const free = freeBytes(dataDir);
  if (free !== null && declared * 3 > free) {
    res.writeHead(507, { 'Content-Type': 'text/plain' }).end(`Not enough disk space: importing ${(declared / 1e6).toFixed(0)} MB needs about ${((declared * 3) / 1e6).toFixed(0)} MB free in ${dataDir}, and ${(free / 1e6).toFixed(0)} MB are`);
    req.resume();
    return;
  }
  const dir = path.join(uploadsDir(dataDir), randomUUID());
  const final = path.join(dir, safeFileName(url.searchParams.get('name') ?? 'upload'));
  const tmp = `${final}.part`;
  // Everything inside the try: the caller does not await this, so a throw (a full disk at mkdir)
  // would otherwise be an unhandled rejection and the request would never be answered.
  try {
    fs.mkdirSync(dir, { recursive: true });
    await pipeline(req, fs.createWriteStream(tmp));
    fs.renameSync(tmp, final);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ path: final }));
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`Upload failed: ${(err as Error).message}`);
  }
}
