/**
 * npm run bench:data — import + validate a generated 1M-row CSV (~200 MB), as the app does it:
 * parse + store (rows/s), validation with token counting through the bundled model's tokenizer and
 * chat template (rows/s), and the peak RSS of each phase, each phase in its own process so one's
 * peak does not hide the other's. Targets (issue 4): RSS <= 400 MB, parse+store >= 200k rows/s,
 * validation >= 20k rows/s.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROWS_FILE } from '../../electron/contract/datasets.js';
import { importData } from '../data/import-data.js';
import { validateData } from '../data/validate-data.js';
import { ModelTokenizer } from '../models/tokenizer.js';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..', '..', '..');
const ROWS = Number(process.env.BENCH_DATA_ROWS ?? 1_000_000);

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
/** CPU seconds of this process (all its threads): on a shared, loaded machine a steadier figure than wall time. */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

function generate(file: string): void {
  const fd = fs.openSync(file, 'w');
  const topics = ['the weather', 'a recipe, with "quotes"', 'prime numbers', 'the history of Rome', 'sorting algorithms', 'photosynthesis'];
  let chunk = 'instruction,input,output\n';
  for (let i = 0; i < ROWS; i++) {
    const t = topics[i % topics.length]!;
    chunk += `"Explain ${t.replaceAll('"', '""')} in one sentence (item ${i})",${i % 3 === 0 ? '' : `context ${i % 977}`},"Here is a short answer about ${t.replaceAll('"', '""')}: it is a well known subject, number ${i}, and this sentence pads the row to a realistic length."\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

async function phaseImport(file: string, staging: string): Promise<void> {
  const t = performance.now();
  const c = cpuSeconds();
  const r = await importData({ file, stagingDir: staging, txtMode: 'auto', skipBadRows: false });
  const s = (performance.now() - t) / 1000;
  process.stdout.write(JSON.stringify({ rows: r.rows, seconds: s, rowsPerSecond: r.rows / s, cpuSeconds: cpuSeconds() - c, peakRssMb: peakRssMb(), mapping: r.detection.mapping }));
}

async function phaseValidate(staging: string): Promise<void> {
  const tokenizer = await ModelTokenizer.load(path.join(root, 'resources', 'models', 'demo-llama'));
  const t = performance.now();
  const c = cpuSeconds();
  const r = await validateData({
    versionId: 'bench',
    rowsFile: path.join(staging, ROWS_FILE),
    rows: ROWS,
    mapping: { kind: 'instruction', columns: { instruction: 'instruction', input: 'input', output: 'output' } },
    tokenizer,
    tokenizerDir: path.join(root, 'resources', 'models', 'demo-llama'),
    model: { path: 'demo-llama', name: 'demo-llama' },
    maxLength: 512,
  });
  const s = (performance.now() - t) / 1000;
  process.stdout.write(JSON.stringify({ rows: r.rows, seconds: s, rowsPerSecond: r.rows / s, cpuSeconds: cpuSeconds() - c, peakRssMb: peakRssMb(), p95: r.tokens?.p95, mean: r.tokens?.mean, duplicates: r.duplicates.exact }));
}

function child(phase: string, ...args: string[]): Record<string, number> {
  return JSON.parse(execFileSync(process.execPath, [here, phase, ...args], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] })) as Record<string, number>;
}

async function main(): Promise<void> {
  const [phase, ...args] = process.argv.slice(2);
  if (phase === 'import') return phaseImport(args[0]!, args[1]!);
  if (phase === 'validate') return phaseValidate(args[0]!);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-bench-data-'));
  try {
    const csv = path.join(dir, 'bench.csv');
    const g = performance.now();
    generate(csv);
    const bytes = fs.statSync(csv).size;
    console.log(`generated ${ROWS.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(0)} MB CSV in ${((performance.now() - g) / 1000).toFixed(1)} s`);
    const staging = path.join(dir, 'staging');
    console.log(`load average before: ${load()} on ${os.availableParallelism()} cores`);
    const imp = child('import', csv, staging);
    console.log(`import (copy + sha256 + parse + store): ${imp.seconds!.toFixed(2)} s, ${Math.round(imp.rowsPerSecond!).toLocaleString('en')} rows/s (target >= 200,000: ${imp.rowsPerSecond! >= 200_000 ? 'met' : 'NOT met'}), peak RSS ${imp.peakRssMb!.toFixed(0)} MB (target <= 400: ${imp.peakRssMb! <= 400 ? 'met' : 'NOT met'}); CPU ${imp.cpuSeconds!.toFixed(2)} s, load ${load()}`);
    const val = child('validate', staging);
    console.log(`validate (mapping, duplicates, token counts through the chat template): ${val.seconds!.toFixed(2)} s, ${Math.round(val.rowsPerSecond!).toLocaleString('en')} rows/s (target >= 20,000: ${val.rowsPerSecond! >= 20_000 ? 'met' : 'NOT met'}), peak RSS ${val.peakRssMb!.toFixed(0)} MB (target <= 400: ${val.peakRssMb! <= 400 ? 'met' : 'NOT met'}); CPU ${val.cpuSeconds!.toFixed(2)} s (all threads), load ${load()}; p95 ${val.p95} tokens, mean ${val.mean?.toFixed(4)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
