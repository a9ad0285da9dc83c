import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');

/** A fixture worker under test/fixtures/workers/. */
export function fixtureWorker(name: string): string {
  return path.join(repoRoot, 'test', 'fixtures', 'workers', `${name}.mjs`);
}

/** The real, built worker (npm test builds before running vitest). */
export const builtWorker = path.join(repoRoot, 'dist', 'native', 'worker.js');
