import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'Finetune Studio';
const APP_DIR_NAME = 'finetune-studio';

/** The folder holding package.json, found by walking up from this module (works from source and dist/). */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('Cannot find the app root (package.json)');
    dir = up;
  }
  return dir;
}

/**
 * Where the database and large files live: FINETUNE_STUDIO_HOME, else the platform's per-user app
 * data folder. Electron and browser mode use the same rule, so both see the same data.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FINETUNE_STUDIO_HOME) return path.resolve(env.FINETUNE_STUDIO_HOME);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}

export function workerEntry(root = appRoot()): string {
  return path.join(root, 'dist', 'native', 'worker.js');
}

/** The system sampler's thread (electron/system/sample-thread.ts, built). */
export function sampleThreadEntry(root = appRoot()): string {
  return path.join(root, 'dist', 'electron', 'system', 'sample-thread.js');
}

export function rendererDir(root = appRoot()): string {
  return path.join(root, 'dist', 'renderer');
}

export function appVersion(root = appRoot()): string {
  return (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * True when `target` lies strictly inside `dir` (never `dir` itself), compared lexically after
 * resolving both: the guard before main deletes or moves a path it got from a job's spec or a
 * worker's result.
 */
export function isStrictlyInside(dir: string, target: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(target));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
