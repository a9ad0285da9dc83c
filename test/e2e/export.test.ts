import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Services } from '../../electron/services.js';
import { launchChromium, watchProblems } from '../helpers/chromium.js';
import { builtWorker, repoRoot } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/wait-for.js';
import { startWebProcess, type WebProcess } from '../helpers/web-process.js';

/** The Export page in real Chromium: a finished fine-tune exported to GGUF, proven by llama.cpp, downloaded as a zip. */
const SHOTS = path.join(repoRoot, 'test-results', 'screenshots');
const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');

let home: string;
let web: WebProcess;
let browser: Browser;
let page: Page;
let trainId: string;
const problems: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-e2e-export-'));
  // A finished fine-tune in the data folder, made through the same services the server runs.
  const services = new Services({ dataDir: home, mode: 'web', workerEntry: builtWorker });
  const job = services.scheduler.submit({ kind: 'train', spec: { model: DEMO, data: DATA, outDir: path.join(home, 'runs', 'e2e'), epochs: 1, batchSize: 8, maxLength: 64, checkpointEvery: 0 } } as never);
  trainId = job.id;
  await waitFor(() => services.store.jobs.get(job.id).state === 'completed', 120_000, 'training');
  await services.close();
  web = await startWebProcess(home);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  watchProblems(page, problems);
  await page.goto(web.launchUrl);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (web) await web.stop();
  fs.rmSync(home, { recursive: true, force: true });
}, 30_000);

describe('Export page', () => {
  it('exports the fine-tune to GGUF F32, shows the llama.cpp proof, and downloads a zip', async () => {
    await page.getByRole('navigation').getByRole('button', { name: 'Export', exact: true }).click();
    await expect(page.getByTestId('export-source').inputValue()).resolves.toBe(`job:${trainId}`);
    // Predicted sizes arrive from main for every GGUF type.
    await page.getByRole('radio', { name: /^GGUF/ }).check();
    await waitFor(async () => !(await page.getByTestId('export-quants').innerText()).includes('…'), 20_000, 'size estimates');
    await page.getByRole('radio', { name: 'F32' }).check();
    await page.screenshot({ path: path.join(SHOTS, 'export-form.png'), fullPage: true });
    await page.getByTestId('export-start').click();
    const row = page.getByTestId('export-row').first();
    await row.getByText('proven').first().waitFor({ timeout: 120_000 });
    await row.getByRole('button', { name: 'Report' }).click();
    await expect(row.getByTestId('export-validation').innerText()).resolves.toMatch(/llama\.cpp[\s\S]*8\/8 greedy answers identical/);
    await page.screenshot({ path: path.join(SHOTS, 'export-proven.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download zip' }).click()]);
    expect(download.suggestedFilename()).toMatch(/-f32\.gguf\.zip$/);
    const saved = path.join(home, 'download.zip');
    await download.saveAs(saved);
    expect(fs.readFileSync(saved).subarray(0, 2).toString()).toBe('PK');
    await row.getByRole('button', { name: 'Show folder' }).click();
    await expect(row.getByText('Folder:').innerText()).resolves.toContain(path.join(home, 'exports'));
    expect(problems).toEqual([]);
  }, 240_000);
});
