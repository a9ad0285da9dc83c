import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchProblems } from '../helpers/chromium.js';
import { repoRoot } from '../helpers/fixtures.js';
import { startWebProcess, type WebProcess } from '../helpers/web-process.js';

/** Real Chromium (Debian's, installed by .ci/run) against `npm run web` on a temporary data dir. */
const SHOTS = path.join(repoRoot, 'test-results', 'screenshots');
const PAGES = ['Datasets', 'Models', 'Train', 'Jobs', 'Playground', 'Export', 'Registry', 'System'];

let home: string;
let web: WebProcess;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  // Made here, not with tempDir(): that helper deletes its folders after each test.
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-e2e-'));
  web = await startWebProcess(home);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // CSP violations and uncaught errors show up here; any of them fails the run.
  watchProblems(page, problems);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  const exit = web ? await web.stop() : 0;
  fs.rmSync(home, { recursive: true, force: true });
  expect(exit).toBe(0); // SIGTERM shuts browser mode down cleanly
}, 30_000);

describe('browser mode in Chromium', () => {
  it('answers 401 to a browser without the token', async () => {
    const anon = await browser.newPage();
    const res = await anon.goto(web.baseUrl);
    expect(res?.status()).toBe(401);
    const ws = await anon.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const s = new WebSocket(url);
          s.onopen = () => resolve('open');
          s.onerror = () => resolve('refused');
        }),
      web.baseUrl.replace('http', 'ws') + 'ws',
    );
    expect(ws).toBe('refused');
    await anon.close();
  });

  it('opens with the launch URL and drops the token from the address bar', async () => {
    await page.goto(web.launchUrl);
    await page.waitForSelector('[data-testid^="page-"]');
    expect(page.url()).not.toContain('token=');
  });

  it('visits every page from the navigation and saves a screenshot of each', async () => {
    for (const name of PAGES) {
      await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
      const root = page.getByTestId(`page-${name.toLowerCase()}`);
      await root.waitFor();
      await expect(root.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(name);
      await page.screenshot({ path: path.join(SHOTS, `${name.toLowerCase()}.png`) });
    }
  });

  it('moves between pages with the keyboard', async () => {
    await page.keyboard.press('Control+1');
    await page.getByTestId('page-datasets').waitFor();
    await page.keyboard.press('Control+8');
    await page.getByTestId('page-system').waitFor();
  });

  it('shows live system samples in the System page charts, and says when there is no GPU', async () => {
    await page.getByRole('navigation').getByRole('button', { name: 'System', exact: true }).click();
    await page.getByTestId('chart-cpu').locator('canvas').waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="sample-count"]')?.textContent?.match(/\d+/)?.[0] ?? 0) >= 2, null, {
      timeout: 15_000,
    });
    await page.getByTestId('chart-ram').locator('canvas').waitFor();
    // This machine has no GPU (FACTS.md); a machine with one shows its charts instead.
    const noGpu = await page.getByText(/No GPU detected/i).count();
    const gpuCharts = await page.locator('[data-testid^="chart-gpu"]').count();
    expect(noGpu + gpuCharts).toBeGreaterThan(0);
    await page.getByText(/wasm/).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'system-live.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SHOTS, 'system-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('runs the self-test job from the Jobs page and shows it completed', async () => {
    await page.getByRole('navigation').getByRole('button', { name: 'Jobs', exact: true }).click();
    await page.getByTestId('run-selftest').click();
    const state = page.getByTestId('job-row').first().getByTestId('job-state');
    await expect.poll(() => state.textContent(), { timeout: 60_000 }).toMatch(/completed/i);
    await page.getByTestId('job-row').first().click();
    await page.getByText(/GFLOP\/s/).first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'jobs-selftest.png'), fullPage: true });
  });

  it('lists the bundled model and adds a Hugging Face folder by path on the Models page', async () => {
    await page.getByRole('navigation').getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByTestId('model-row').filter({ hasText: 'demo-llama' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('add-model').click(); // browser mode has no native picker: a path field appears
    await page.getByTestId('model-path').fill(path.resolve(repoRoot, '..', 'shared', 'data', 'hf-tiny-random-llama'));
    await page.getByTestId('model-path').press('Enter');
    const row = page.getByTestId('model-row').filter({ hasText: 'hf-tiny-random-llama' });
    await row.waitFor({ timeout: 30_000 });
    await expect(row.getByTestId('model-warning').first().textContent()).resolves.toMatch(/bos_token_id/);
    await page.screenshot({ path: path.join(SHOTS, 'models-added.png'), fullPage: true });
  });

  it('shows a training job\'s loss curve on the Jobs page, from the store and live', async () => {
    const root = repoRoot;
    const spec = {
      kind: 'train',
      spec: {
        model: path.join(root, 'resources', 'models', 'demo-llama'),
        data: path.join(root, 'resources', 'datasets', 'demo-instructions.jsonl'),
        outDir: path.join(home, 'runs', 'e2e'),
        epochs: 3,
        batchSize: 8,
        learningRate: 0.01,
        checkpointEvery: 0,
      },
    };
    // Started over the same authenticated WebSocket the UI uses (the Train page is a later issue).
    const started = await page.evaluate(async (body) => {
      const ws = new WebSocket(`ws://${location.host}/ws`);
      await new Promise((r) => (ws.onopen = r));
      const reply = new Promise<string>((r) => (ws.onmessage = (e) => r(String(e.data))));
      ws.send(JSON.stringify({ id: 1, name: 'jobs:start', req: body }));
      const text = await reply;
      ws.close();
      return text;
    }, spec);
    expect(JSON.parse(started)).toMatchObject({ id: 1, result: { ok: true, data: { kind: 'train' } } });
    await page.getByRole('navigation').getByRole('button', { name: 'Jobs', exact: true }).click();
    await page.getByTestId('job-row').filter({ hasText: 'Fine-tune' }).first().click();
    await page.getByTestId('metric-loss').locator('canvas').waitFor({ timeout: 60_000 });
    const state = page.getByTestId('job-row').filter({ hasText: 'Fine-tune' }).first().getByTestId('job-state');
    await expect.poll(() => state.textContent(), { timeout: 120_000 }).toMatch(/completed/i);
    await page.screenshot({ path: path.join(SHOTS, 'jobs-train-metrics.png'), fullPage: true });
  });

  it('logged no console errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
