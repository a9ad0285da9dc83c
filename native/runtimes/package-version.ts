import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The installed version of a package, or null when it is not installed. Reads package.json from the
 * node_modules folders Node would search, so it works for ESM-only packages and loads none of their code.
 */
export function packageVersion(name: string): string | null {
  for (const dir of require.resolve.paths(name) ?? []) {
    const pj = path.join(dir, name, 'package.json');
    if (!fs.existsSync(pj)) continue;
    try {
      return (JSON.parse(fs.readFileSync(pj, 'utf8')) as { version?: string }).version ?? null;
    } catch {
      return null;
    }
  }
  return null;
}
