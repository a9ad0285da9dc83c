import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures.js';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx|cts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function imports(file: string): string[] {
  const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('process boundaries (DESIGN.md)', () => {
  it('only electron/main.ts and electron/preload.cts import electron', () => {
    const offenders = [...sourceFiles('electron'), ...sourceFiles('native'), ...sourceFiles('renderer')].filter(
      (f) => imports(f).includes('electron') && !['electron/main.ts', 'electron/preload.cts'].includes(f),
    );
    expect(offenders).toEqual([]);
  });

  it('native/ imports nothing from electron/ but the contract', () => {
    const offenders: string[] = [];
    for (const f of sourceFiles('native')) {
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(repoRoot, path.resolve(repoRoot, path.dirname(f), spec));
        if (target.startsWith('electron') && !target.startsWith(path.join('electron', 'contract'))) offenders.push(`${f} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('electron/ reaches into native/ only for the worker protocol and package metadata', () => {
    // The data report is pure string building (no runtime, no I/O): main renders it for saving and for the CLI.
    // durable.ts is plain node:fs (temp file, fsync, rename): one implementation of "never half-written" for both processes.
    const allowed = new Set([
      path.join('native', 'protocol.js'),
      path.join('native', 'runtimes', 'package-version.js'),
      path.join('native', 'data', 'report-html.js'),
      path.join('native', 'util', 'durable.js'),
    ]);
    const offenders: string[] = [];
    for (const f of sourceFiles('electron')) {
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(repoRoot, path.resolve(repoRoot, path.dirname(f), spec));
        if (target.startsWith('native') && !allowed.has(target)) offenders.push(`${f} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('renderer code that imports a Node module does not compile', () => {
    const probe = path.join(repoRoot, 'renderer', '__node_import_probe.ts');
    const config = path.join(repoRoot, 'renderer', 'tsconfig.probe.json');
    fs.writeFileSync(probe, "import fs from 'node:fs';\nexport const size = fs.statSync('x').size;\n");
    fs.writeFileSync(config, JSON.stringify({ extends: './tsconfig.json', include: ['__node_import_probe.ts'] }));
    try {
      let output = '';
      try {
        execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config, '--noEmit'], { encoding: 'utf8', stdio: 'pipe' });
      } catch (err) {
        output = String((err as { stdout?: string }).stdout ?? '') + String((err as { stderr?: string }).stderr ?? '');
      }
      expect(output).not.toMatch(/TS5083|TS5058/); // the renderer tsconfig itself must load
      expect(output).toMatch(/error TS(2307|2591)[^\n]*node:fs/);
    } finally {
      fs.rmSync(probe, { force: true });
      fs.rmSync(config, { force: true });
    }
  });
});
