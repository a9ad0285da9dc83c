import fs from 'node:fs';
import { AppError } from '../contract/errors.js';
import type { Store } from '../store/store.js';
import { isOwnedRunPath } from './run-folders.js';

/** Paths a job wrote: a training run's outDir, an export's out (as asked and as finished). */
function outputsOf(spec: unknown, result: unknown): string[] {
  const s = (spec ?? {}) as { outDir?: unknown; out?: unknown };
  const r = (result ?? {}) as { out?: unknown };
  return [s.outDir, s.out, r.out].filter((p): p is string => typeof p === 'string');
}

/**
 * Deletes a stopped job: its row, logs and metrics (CONFLICT while it is queued or running), and with
 * `deleteArtifacts` what it wrote, but only inside the data directory's runs/ and exports/ folders:
 * a folder the user chose elsewhere is theirs and stays.
 */
export function deleteJob(store: Store, dataDir: string, id: string, deleteArtifacts: boolean): { removed: true } {
  const { spec, result } = store.jobs.get(id);
  const owned = deleteArtifacts ? outputsOf(spec, result).filter((p) => isOwnedRunPath(dataDir, p)) : [];
  // An export still waiting to read this run's adapter would lose it.
  const users = store.datasets.jobsUsing(owned).filter((j) => j.id !== id);
  if (users.length) throw new AppError('CONFLICT', `Job ${id}'s files are used by ${users.map((j) => `${j.kind} job ${j.id.slice(0, 8)} (${j.state})`).join(', ')}; let it finish or cancel it first`, { jobs: users });
  store.jobs.remove(id);
  for (const p of owned) fs.rmSync(p, { recursive: true, force: true });
  return { removed: true };
}
