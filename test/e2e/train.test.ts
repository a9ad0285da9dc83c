import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchProblems } from '../helpers/chromium.js';
import { repoRoot } from '../helpers/fixtures.js';
import { startWebProcess, type WebProcess } from '../helpers/web-process.js';

/**
 * The Train and Jobs pages in real Chromium against browser mode: prepare a small dataset, train the
 * bundled model from the Train page, watch the loss chart and the log, cancel, retry, stop the app
 * mid-run, restart it and resume the interrupted run from its checkpoint to completion.
 */
const SHOTS = path.join(repoRoot, 'test-results', 'screenshots');

const PAIRS: [string, string][] = [
  ['Say hello', 'Hello!'],
  ['Name a colour', 'Blue'],
  ['Opposite of up', 'Down'],
  ['Two plus two', 'Four'],
  ['Capital of France', 'Paris'],
  ['Opposite of hot', 'Cold'],
  ['A fruit', 'Apple'],
  ['Name a pet', 'Cat'],
  ['Opposite of day', 'Night'],
  ['Three plus one', 'Four'],
  ['Capital of Italy', 'Rome'],
  ['A vegetable', 'Carrot'],
  ['Name a bird', 'Robin'],
  ['Opposite of big', 'Small'],
  ['One plus one', 'Two'],
  ['Capital of Spain', 'Madrid'],
  ['A drink', 'Water'],
  ['Name a tree', 'Oak'],
  ['Opposite of wet', 'Dry'],
  ['Five minus two', 'Three'],
];
/**
 * 200 epochs x 5 steps: long enough that cancel and stop land mid-run even where the bundled model trains
 * fast (CI finished a 30-epoch run before the test stopped the app).
 */
const EPOCHS = '200';
const CSV = ['instruction,output', ...PAIRS.map(([q, a]) => `${q},${a}`)].join('\n');

let home: string;
let web: WebProcess;
let browser: Browser;
let page: Page;
const problems: string[] = [];
let csvFile: string;

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
const dataPoints = async (testId: string) => Number((await page.getByTestId(testId).getAttribute('data-points')) ?? 0);
const selectedState = () => page.getByTestId('job-details').getByTestId('job-state').textContent();

async function openApp(): Promise<void> {
  page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  watchProblems(page, problems);
  await page.goto(web.launchUrl);
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor();
}

const nav = (label: string) => page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: label }).click();

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-e2e-train-'));
  csvFile = path.join(home, 'tiny-qa.csv');
  fs.writeFileSync(csvFile, CSV);
  web = await startWebProcess(home);
  browser = await launchChromium();
  await openApp();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  const exit = web ? await web.stop() : 0;
  fs.rmSync(home, { recursive: true, force: true });
  expect(exit).toBe(0);
}, 30_000);

describe('training from the Train page in Chromium', () => {
  it('explains that an unprepared dataset must be prepared first', async () => {
    await nav('Datasets');
    await page.getByTestId('dataset-file-input').setInputFiles(csvFile);
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await nav('Train');
    await page.getByTestId('train-no-prepared').waitFor();
    await expect(page.getByTestId('train-unprepared').textContent()).resolves.toMatch(/tiny-qa has no prepared version yet/);
    await shot('train-unprepared');
    // "Prepare…" leads to the dataset on the Datasets page.
    await page.getByTestId('train-open-prepare').click();
    await page.getByTestId('page-datasets').waitFor();
    await page.getByTestId('open-prepare').click();
    await page.getByTestId('prepare-dialog').waitFor();
    await page.getByTestId('mix-percent').first().press('Enter');
    await page.getByTestId('prepare-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('version-row').count(), { timeout: 60_000 }).toBe(2);
  }, 120_000);

  it('fills the form from a preset, estimates memory, validates against the bundled model', async () => {
    await nav('Train');
    const dataset = page.getByTestId('train-dataset');
    await expect.poll(() => dataset.locator('option:checked').textContent()).toMatch(/tiny-qa v2/);
    await expect.poll(() => page.getByTestId('train-model').locator('option:checked').textContent(), { timeout: 30_000 }).toMatch(/bundled/);
    await expect(page.getByTestId('train-splits').textContent()).resolves.toMatch(/train 18.*validation 2/);

    await page.getByTestId('preset-thorough').click();
    await expect(page.getByTestId('train-epochs').inputValue()).resolves.toBe('5');
    await page.getByTestId('preset-quick').click();
    await expect(page.getByTestId('train-rank').inputValue()).resolves.toBe('8');
    await expect(page.getByTestId('preset-state').textContent()).resolves.toMatch(/1 epoch/);
    // Short rows (a step takes a fraction of a second), EPOCHS to stop the app mid-run,
    // and a checkpoint every 5 steps for the resume.
    await page.getByTestId('train-maxLength').fill('64');
    await page.getByTestId('train-epochs').fill(EPOCHS);
    await expect(page.getByTestId('preset-state').textContent()).resolves.toMatch(/Custom/);
    await page.getByText('Advanced').click();
    await page.getByTestId('train-checkpointEvery').fill('5');
    await page.getByTestId('train-evalEvery').fill('10');
    await expect.poll(() => page.getByTestId('train-memory-total').textContent(), { timeout: 30_000 }).toMatch(/needed of/);

    // An out-of-range field is said at once and blocks nothing else.
    await page.getByTestId('train-batchSize').fill('0');
    await page.getByText('Batch size is a whole number from 1 to 1024.').waitFor();
    await page.getByTestId('train-batchSize').fill('4');

    await page.getByTestId('train-validate').click();
    await expect.poll(() => page.getByTestId('train-validation').textContent(), { timeout: 120_000 }).toMatch(/✓ Validated against/);
    await shot('train-form');
  }, 180_000);

  it('starts the run and shows it on the Jobs page: progress, loss chart, system monitor and log', async () => {
    await page.getByTestId('train-start').click();
    // The estimate may say the machine is short of memory: then the confirm dialog asks first.
    const force = page.getByTestId('train-force-dialog');
    await Promise.race([page.getByTestId('page-jobs').waitFor(), force.waitFor()]);
    if (await force.isVisible()) await page.getByTestId('train-force-dialog-submit').click();
    await page.getByTestId('page-jobs').waitFor();
    const details = page.getByTestId('job-details');
    await expect(details.locator('.card-title').textContent()).resolves.toBe('Fine-tune');
    await expect.poll(() => dataPoints('metric-loss'), { timeout: 120_000 }).toBeGreaterThan(1);
    await page.getByTestId('run-status').waitFor();
    await expect(page.getByTestId('run-step').textContent()).resolves.toMatch(/\/ \d+/);
    await page.getByTestId('run-system').waitFor();
    await expect.poll(() => page.getByTestId('log-line').count()).toBeGreaterThan(0);
    await shot('jobs-running');
  }, 180_000);

  it('cancels the running job', async () => {
    await page.getByTestId('cancel-job').click();
    await expect.poll(selectedState, { timeout: 30_000 }).not.toBe('running');
    await expect(selectedState()).resolves.toBe('cancelled');
  }, 60_000);

  it("filters, searches and saves the job's stored log", async () => {
    // Only warnings and errors: the INFO lines go (a training run that went well has none).
    await page.getByTestId('log-level-INFO').click();
    await page.getByTestId('log-level-DEBUG').click();
    await page.getByTestId('log-level-METRIC').click();
    await expect.poll(() => page.getByTestId('log-line').filter({ hasText: 'INFO' }).count()).toBe(0);
    await shot('jobs-log-filtered');
    for (const level of ['INFO', 'DEBUG', 'METRIC']) await page.getByTestId(`log-level-${level}`).click();
    await page.getByTestId('log-search').fill('backend');
    await expect.poll(() => page.getByTestId('log-line').count()).toBe(1);
    await page.getByTestId('log-search').fill('');
    await expect.poll(() => page.getByTestId('log-line').count()).toBeGreaterThan(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-save').click()]);
    expect(download.suggestedFilename()).toMatch(/^train-[\w-]{8}\.log$/);
    expect(fs.readFileSync(await download.path(), 'utf8')).toMatch(/INFO +backend /);
  }, 60_000);

  it('retries it as a new job and compares the two loss curves', async () => {
    await page.getByTestId('retry-job').click();
    await expect.poll(selectedState, { timeout: 30_000 }).toMatch(/queued|running/);
    await expect.poll(() => dataPoints('metric-loss'), { timeout: 120_000 }).toBeGreaterThan(3);
    const boxes = page.getByTestId('compare-job');
    await expect(boxes.count()).resolves.toBe(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await expect.poll(() => dataPoints('compare-chart'), { timeout: 30_000 }).toBeGreaterThan(4);
    await shot('jobs-compare');
  }, 180_000);

  it('resumes the run the app left interrupted when it stopped, from its checkpoint, to completion', async () => {
    // At least one checkpoint (every 5 steps) is on disk.
    await expect.poll(async () => Number((await page.getByTestId('run-step').textContent())?.match(/^\d+/)?.[0] ?? 0), { timeout: 120_000 }).toBeGreaterThan(6);
    await page.close();
    expect(await web.stop()).toBe(0);
    web = await startWebProcess(home);
    await openApp();
    await nav('Jobs');
    await page.getByTestId('job-row').first().getByRole('button').click();
    await expect.poll(selectedState).toBe('interrupted');
    // The charts come back from the store after a restart.
    await expect.poll(() => dataPoints('metric-loss'), { timeout: 30_000 }).toBeGreaterThan(2);
    await shot('jobs-interrupted');
    const completedBefore = Number(await page.getByTestId('job-stat-completed').textContent());
    await page.getByTestId('resume-job').click();
    await expect.poll(selectedState, { timeout: 30_000 }).toMatch(/queued|running|completed/);
    await expect.poll(selectedState, { timeout: 180_000 }).toBe('completed');
    await expect(page.getByTestId('run-percent').textContent()).resolves.toMatch(/^100/);
    await expect.poll(() => page.getByTestId('log-line').filter({ hasText: /INFO\s*resuming from .*\(step \d+\)/ }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => Number(await page.getByTestId('job-stat-completed').textContent())).toBe(completedBefore + 1);
    await shot('jobs-completed');
  }, 300_000);

  it('clones a run onto the Train page and deletes a job after confirming', async () => {
    await page.getByTestId('clone-job').click();
    await page.getByTestId('page-train').waitFor();
    await expect(page.getByTestId('train-epochs').inputValue()).resolves.toBe(EPOCHS);
    await expect(page.getByTestId('train-maxLength').inputValue()).resolves.toBe('64');
    await nav('Jobs');
    const trainRows = page.getByTestId('job-row').filter({ hasText: 'Fine-tune' });
    // The first run (the one cancelled), below its retry.
    await trainRows.nth(1).getByRole('button').click();
    await page.getByTestId('delete-job').click();
    await page.getByTestId('delete-job-dialog').waitFor();
    await shot('jobs-delete');
    await page.keyboard.press('Escape');
    await page.getByTestId('delete-job-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('delete-job').click();
    await page.getByTestId('delete-job-dialog-submit').click();
    await expect.poll(() => trainRows.count()).toBe(1);
  }, 60_000);

  it('logged no console errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
