import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The built CLI's dataset commands against real third-party files in ../shared/data. */
const CLI = path.join(repoRoot, 'dist', 'electron', 'cli.js');
const SHARED = path.resolve(repoRoot, '..', 'shared', 'data');
const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  const lines = r.stdout.trim().split('\n');
  return { code: r.status, json: JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>, stdoutLines: lines.length };
}

describe('finetune-studio validate-data and data-report', () => {
  it('validates a Parquet classification file: rows, labels, duplicates (README golden values)', () => {
    const r = cli('validate-data', path.join(SHARED, 'parquet-angry-tweets', 'train-00000-of-00001.parquet'), '--model', DEMO, '--max-length', '128');
    expect(r.code).toBe(0);
    expect(r.stdoutLines).toBe(1);
    expect(r.json).toMatchObject({
      rows: 2411,
      mapping: { kind: 'classification', columns: { text: 'text', label: 'label' } },
      labels: { counts: { negativ: 911, neutral: 852, positiv: 648 } },
      duplicates: { exact: 1 },
    });
  });

  it('fails a malformed CSV with the shape of its problem and exits non-zero', () => {
    // financial_phrasebank.csv: the header names 2 columns, every row has 3.
    const r = cli('validate-data', path.join(SHARED, 'fin-phrasebank', 'financial_phrasebank.csv'));
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ code: 'DATA_ERROR', details: { problem: 'BAD_ROWS', count: 2264, problems: expect.arrayContaining([expect.objectContaining({ code: 'RAGGED_ROW', line: 2 })]) } });
  });

  it('writes a standalone HTML report atomically', () => {
    const out = path.join(tempDir(), 'report.html');
    const r = cli('data-report', path.join(SHARED, 'instruct-llamafactory', 'alpaca_en_demo.json'), '--out', out, '--model', DEMO);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ out, rows: 999 });
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('alpaca_en_demo');
    expect(html).not.toMatch(/<script/i);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['report.html']);
    expect(cli('data-report', 'x.csv').json).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringMatching(/--out/) });
  });
});
