import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchProblems } from '../helpers/chromium.js';
import { repoRoot } from '../helpers/fixtures.js';
import { startWebProcess, type WebProcess } from '../helpers/web-process.js';

/** The Datasets page in real Chromium against browser mode: import, preview, validate, report, prepare, delete. */
const SHOTS = path.join(repoRoot, 'test-results', 'screenshots');

// A quoted field holding a newline and a comma (RFC 4180), an empty input, and one exact duplicate row.
const CSV = [
  'instruction,input,output',
  '"Write a haiku about rain","","Soft rain on the roof,\na whisper, then a long hush."',
  'Add the numbers,"2, 3",5',
  'Name a primary colour,,Red',
  'Translate to French,Good morning,Bonjour',
  'Name a primary colour,,Red',
  'Give the opposite of hot,,Cold',
].join('\n');

// Line 3 is cut short: not JSON.
const BAD_JSONL = [
  JSON.stringify({ prompt: 'Capital of France?', completion: 'Paris' }),
  JSON.stringify({ prompt: 'Capital of Italy?', completion: 'Rome' }),
  '{"prompt": "Capital of Spain?", "completion": "Mad',
  JSON.stringify({ prompt: 'Capital of Peru?', completion: 'Lima' }),
].join('\n');

let home: string;
let web: WebProcess;
let browser: Browser;
let page: Page;
const problems: string[] = [];
let csvFile: string;
let badFile: string;

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `datasets-${name}.png`), fullPage: true });

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-e2e-datasets-'));
  const files = path.join(home, 'user-files');
  fs.mkdirSync(files);
  csvFile = path.join(files, 'haiku-instructions.csv');
  badFile = path.join(files, 'capitals.jsonl');
  fs.writeFileSync(csvFile, CSV);
  fs.writeFileSync(badFile, BAD_JSONL);
  web = await startWebProcess(home);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  watchProblems(page, problems);
  await page.goto(web.launchUrl);
  await page.getByTestId('page-datasets').waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  const exit = web ? await web.stop() : 0;
  fs.rmSync(home, { recursive: true, force: true });
  expect(exit).toBe(0);
}, 30_000);

describe('the Datasets page in Chromium', () => {
  it('starts empty and says how to import', async () => {
    await page.getByText('No datasets yet').waitFor();
    await shot('empty');
  });

  it('imports a CSV through the file input and shows its rows, line numbers and detected schema', async () => {
    await page.getByTestId('dataset-file-input').setInputFiles(csvFile);
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('import-done').textContent()).resolves.toMatch(/6 rows/);
    const row = page.getByTestId('dataset-row').filter({ hasText: 'haiku-instructions' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/csv/);

    const detail = page.getByTestId('dataset-detail');
    await detail.waitFor();
    await expect.poll(() => page.getByTestId('preview-row').count(), { timeout: 15_000 }).toBe(6);
    // The quoted field kept its comma and its newline; the next row starts at line 4 of the file.
    const first = page.getByTestId('preview-row').first();
    await expect(first.textContent()).resolves.toContain('Soft rain on the roof,');
    await expect(first.locator('td').nth(2).evaluate((td) => td.textContent)).resolves.toContain('roof,\na whisper');
    await expect(page.getByTestId('preview-row').nth(1).locator('th').textContent()).resolves.toBe('4');
    await expect(page.getByTestId('version-schema').textContent()).resolves.toMatch(/Instruction/);
    await shot('imported');

    await page.getByTestId('tab-mapping').click();
    await expect(page.getByTestId('detected-kind').textContent()).resolves.toMatch(/Instruction/);
    await expect(page.getByTestId('mapping-role-instruction').inputValue()).resolves.toBe('instruction');
    await expect(page.getByTestId('mapping-role-output').inputValue()).resolves.toBe('output');
    await shot('mapping');
  });

  it('validates against the bundled model and shows the report: histogram, duplicates and template lint', async () => {
    await page.getByTestId('tab-validation').click();
    const modelSelect = page.getByTestId('validate-model');
    await expect.poll(() => modelSelect.locator('option:checked').textContent(), { timeout: 30_000 }).toMatch(/bundled/);
    await page.getByTestId('validate-max-length').fill('64');
    await page.getByTestId('run-validation').click();
    const report = page.getByTestId('validation-report');
    await report.waitFor({ timeout: 120_000 });
    await page.getByTestId('token-histogram').locator('canvas').waitFor();
    await expect(page.getByTestId('report-summary').textContent()).resolves.toMatch(/Usable rows6/);
    await page.getByTestId('report-duplicates').waitFor();
    const lint = page.getByTestId('template-lint');
    await expect(lint.locator('pre').first().textContent()).resolves.toContain('<|im_start|>');
    await expect.poll(() => lint.getByTestId('special-token').count()).toBeGreaterThan(2);
    await expect(lint.getByTestId('special-token').first().textContent()).resolves.toMatch(/^<\|im_(start|end)\|>$/);
    await shot('validation');
  });

  it('saves the data report as an HTML download', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('save-report').click()]);
    expect(download.suggestedFilename()).toBe('haiku-instructions-report.html');
    const saved = await download.path();
    const html = fs.readFileSync(saved, 'utf8');
    expect(html).toMatch(/<html/i);
    expect(html).toContain('haiku-instructions');
  });

  it('prepares a split version: the mix total must be 100 %, Esc closes the dialog', async () => {
    await page.getByTestId('open-prepare').click();
    const dialog = page.getByTestId('prepare-dialog');
    await dialog.waitFor();
    const focused = (testId: string) => page.getByTestId(testId).first().evaluate((el) => el === document.activeElement);
    await expect(focused('mix-percent')).resolves.toBe(true);
    await expect(page.getByTestId('mix-total').textContent()).resolves.toMatch(/100 %/);
    await page.getByTestId('mix-percent').first().fill('90');
    await expect(page.getByTestId('mix-total').textContent()).resolves.toMatch(/90 %/);
    await expect(page.getByTestId('prepare-dialog-submit').isDisabled()).resolves.toBe(true);
    await shot('prepare-blocked');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(focused('open-prepare')).resolves.toBe(true);

    await page.getByTestId('open-prepare').click();
    await dialog.waitFor();
    // Enter in a field submits the form.
    await page.getByTestId('mix-percent').first().press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('version-row').count(), { timeout: 60_000 }).toBe(2);
    await page.getByTestId('tab-preview').click();
    const split = page.getByTestId('preview-split');
    await split.waitFor();
    await split.selectOption('train');
    await expect.poll(() => page.getByTestId('preview-range').textContent()).toMatch(/of \d/);
    await expect.poll(() => page.getByTestId('preview-row').count()).toBeGreaterThan(0);
    await shot('prepared');
  });

  it('highlights the page while a file is dragged over it, and imports a dropped file', async () => {
    const dt = await page.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File(['First note to learn.\nSecond note to learn.\nThird note to learn.\n'], 'notes.txt', { type: 'text/plain' }));
      return d;
    });
    const zone = page.getByTestId('dataset-drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer: dt });
    await page.locator('.drop-overlay').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'datasets-drop.png') });
    await zone.dispatchEvent('drop', { dataTransfer: dt });
    await page.locator('.drop-overlay').waitFor({ state: 'detached' });
    await page.getByTestId('import-done').filter({ hasText: 'notes.txt' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('dataset-row').filter({ hasText: 'notes' }).waitFor();
    await expect(page.getByTestId('version-schema').textContent()).resolves.toMatch(/Plain text/);
    await expect.poll(() => page.getByTestId('preview-row').count(), { timeout: 15_000 }).toBe(3);
  });

  it('mixes in another dataset: shares split evenly, the live total blocks anything but 100 %', async () => {
    await page.getByTestId('open-prepare').click();
    await page.getByTestId('prepare-dialog').waitFor();
    const add = page.getByTestId('mix-add');
    const haikuV1 = add.locator('option', { hasText: /haiku-instructions v1/ });
    await add.selectOption({ value: (await haikuV1.getAttribute('value'))! });
    await expect.poll(() => page.getByTestId('mix-percent').count()).toBe(2);
    await expect(page.getByTestId('mix-percent').nth(1).inputValue()).resolves.toBe('50');
    await expect(page.getByTestId('mix-total').textContent()).resolves.toMatch(/Total 100 %/);
    await expect(page.getByTestId('prepare-dialog-submit').isEnabled()).resolves.toBe(true);
    await page.getByTestId('mix-percent').nth(1).fill('60');
    await expect(page.getByTestId('mix-total').textContent()).resolves.toMatch(/Total 110 %/);
    await expect(page.getByTestId('mix-problem').textContent()).resolves.toMatch(/110 %, not 100 %/);
    await expect(page.getByTestId('prepare-dialog-submit').isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'datasets-prepare-mix.png') });
    await page.getByTestId('prepare-dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('prepare-dialog').waitFor({ state: 'detached' });
  });

  it('shows the bad line of a broken JSONL, then imports it again skipping that row', async () => {
    await page.getByTestId('dataset-file-input').setInputFiles(badFile);
    const error = page.getByTestId('import-error');
    await error.waitFor({ timeout: 60_000 });
    await expect(error.textContent()).resolves.toContain('BAD_ROWS');
    const problem = error.getByTestId('problem-row').first();
    await expect(problem.locator('td').first().textContent()).resolves.toBe('3');
    await expect(problem.textContent()).resolves.toContain('BAD_JSON');
    await shot('bad-rows');

    await error.getByTestId('import-skip-retry').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('import-done').textContent()).resolves.toMatch(/3 rows\), 1 bad row skipped/);
    const row = page.getByTestId('dataset-row').filter({ hasText: 'capitals' });
    await row.waitFor();
    await row.getByRole('button').click();
    await page.getByTestId('version-import-problems').waitFor();
    await expect.poll(() => page.getByTestId('preview-row').count(), { timeout: 15_000 }).toBe(3);
    await shot('skipped');
  });

  it('deletes a dataset after confirming', async () => {
    await page.getByTestId('delete-dataset').click();
    await page.getByTestId('delete-dialog').waitFor();
    await shot('delete');
    await page.getByTestId('delete-dialog-submit').click();
    await page.getByTestId('delete-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('dataset-row').filter({ hasText: 'capitals' }).count()).toBe(0);
    await expect(page.getByTestId('dataset-row').count()).resolves.toBe(2);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('dataset-row').filter({ hasText: 'haiku-instructions' }).getByRole('button').click();
    await page.getByTestId('version-row').filter({ hasText: 'Imported from' }).getByRole('button').click();
    await page.getByTestId('tab-validation').click();
    await page.getByTestId('validation-report').waitFor();
    await shot('dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('logged no console errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
