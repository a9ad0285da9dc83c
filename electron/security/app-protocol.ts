import path from 'node:path';
import { resolveStatic } from '../server/static-files.js';

/** The renderer is served from app://studio/ rather than file://, so 'self' in the CSP means only our files. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Maps an app:// request to a file inside the built renderer, or null (outside it, or another host). */
export function appUrlToFile(rendererDir: string, raw: string): { file: string; type: string } | null {
  if (!isAppUrl(raw)) return null;
  return resolveStatic(path.resolve(rendererDir), new URL(raw).pathname);
}
