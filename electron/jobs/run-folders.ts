import fs from 'node:fs';
import path from 'node:path';
import { isStrictlyInside } from '../paths.js';

/**
 * Where jobs write inside the data directory: training runs in `runs/<id>/`, exports in
 * `exports/<id>/` (export-library.ts). Only folders under these may be deleted with a job.
 */
export const RUNS_DIR = 'runs';
export const EXPORTS_DIR = 'exports';
const OWNED_DIRS = [RUNS_DIR, EXPORTS_DIR];

/** A fresh training run folder: `<dataDir>/runs/<uuid>`. */
export function newRunDir(dataDir: string, id: string): string {
  return path.join(dataDir, RUNS_DIR, id);
}

/** A fresh export folder: `<dataDir>/exports/<uuid>`. */
export function newExportDir(dataDir: string, id: string): string {
  return path.join(dataDir, EXPORTS_DIR, id);
}

/** True when `target` lies strictly inside `<dataDir>/runs` or `<dataDir>/exports` (never one of them itself). */
export function isOwnedRunPath(dataDir: string, target: string): boolean {
  return OWNED_DIRS.some((d) => isStrictlyInside(path.join(dataDir, d), target));
}

/**
 * Finished checkpoints are folders named `step-%08d`: native/engine/checkpoint.ts writes each under a
 * temporary name and renames it into place, so a folder with this name is whole.
 */
const CHECKPOINT_NAME = /^step-(\d{8})$/;

/** The step of the newest whole checkpoint under `<outDir>/checkpoints`, or null. */
export function latestCheckpointStep(outDir: string): number | null {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(outDir, 'checkpoints'));
  } catch {
    return null;
  }
  const steps = names.map((n) => CHECKPOINT_NAME.exec(n)?.[1]).filter((s): s is string => s !== undefined).map(Number);
  return steps.length ? Math.max(...steps) : null;
}
