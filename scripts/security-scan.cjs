#!/usr/bin/env node
/**
 * Runs @doyensec/electronegativity over the Electron code and fails on any HIGH or MEDIUM finding
 * not justified in scripts/security-findings.json (its CLI always exits 0, FACTS.md). Two workarounds:
 * - its CLI relies on a hoisted `commander` whose API changed, so the runner is called directly;
 * - its TypeScript parser needs the TypeScript JS API, which TypeScript 7 (our compiler) no longer
 *   ships, so `typescript` is resolved to the copy electronegativity brings with it.
 * It may try the network for Electron release data; that failing is harmless here.
 */
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkgDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json', { paths: [root] }));
const legacyTs = require.resolve('typescript', { paths: [pkgDir] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript') return legacyTs;
  return resolve.call(this, request, parent, ...rest);
};

async function main() {
  const electronVersion = require(path.join(root, 'node_modules', 'electron', 'package.json')).version;
  const input = path.join(root, 'electron');
  const i18n = require(path.join(pkgDir, 'dist', 'locales', 'i18n.js'));
  await (i18n.default ?? i18n)();
  const runner = require(path.join(pkgDir, 'dist', 'runner.js'));
  const run = runner.default ?? runner;
  const report = await run(
    { input, customScan: [], excludeFromScan: [], isRelative: true, isVerbose: false, electronVersionOverride: electronVersion, parserPlugins: [] },
    false,
  );
  if (report.errors.length) {
    // A file it could not parse was not checked: that is a failed scan, not a clean one.
    for (const e of report.errors) console.error(`  could not scan ${e.file}: ${e.message ?? e.error ?? ''}`);
    process.exit(1);
  }
  const findings = report.issues.map((i) => ({
    issue: i.id,
    severity: i.severity.name,
    filename: i.file,
    location: `${i.location.line}:${i.location.column}`,
    manualReview: Boolean(i.manualReview),
  }));
  const justified = JSON.parse(fs.readFileSync(path.join(__dirname, 'security-findings.json'), 'utf8'));
  const isJustified = (f) => justified.some((j) => j.check === f.issue && (f.filename ?? '').endsWith(j.file));
  const serious = findings.filter((f) => /HIGH|MEDIUM/i.test(f.severity));
  const open = serious.filter((f) => !isJustified(f));
  console.log(`electronegativity ${report.atomicChecks}+${report.globalChecks} checks, ${require(path.join(pkgDir, 'package.json')).version} on electron/ (Electron ${electronVersion}): ${findings.length} findings, ${serious.length} HIGH/MEDIUM, ${serious.length - open.length} justified`);
  for (const f of findings) {
    const tag = isJustified(f) ? 'justified' : /HIGH|MEDIUM/i.test(f.severity) ? 'OPEN' : 'info';
    console.log(`  [${tag}] ${f.severity} ${f.issue} ${f.filename}:${f.location}${f.manualReview ? ' (review)' : ''}`);
    const why = justified.find((j) => j.check === f.issue && (f.filename ?? "").endsWith(j.file));
    if (why) console.log(`      because: ${why.reason}`);
  }
  if (open.length) {
    console.error(`${open.length} HIGH/MEDIUM finding(s) are neither fixed nor justified in scripts/security-findings.json`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
