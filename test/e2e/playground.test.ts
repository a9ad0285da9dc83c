import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchProblems } from '../helpers/chromium.js';
import { repoRoot } from '../helpers/fixtures.js';
import { startWebProcess, type WebProcess } from '../helpers/web-process.js';

/** The Playground in real Chromium against browser mode: one prompt, two targets, both answers streamed side by side. */
const SHOTS = path.join(repoRoot, 'test-results', 'screenshots');

let home: string;
let web: WebProcess;
let browser: Browser;
let page: Page;
const problems: string[] = [];

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `playground-${name}.png`), fullPage: true });

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-e2e-playground-'));
  web = await startWebProcess(home);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  watchProblems(page, problems);
  await page.goto(`${web.launchUrl}#/playground`);
  await page.getByTestId('page-playground').waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  const exit = web ? await web.stop() : 0;
  fs.rmSync(home, { recursive: true, force: true });
  expect(exit).toBe(0);
}, 30_000);

describe('the Playground in Chromium', () => {
  it('offers the bundled model as the engine and as a GGUF, and says when there is no ONNX export', async () => {
    const first = page.getByTestId('pg-target-select').first();
    // The bundled model registers in the background on a fresh install.
    await expect.poll(() => first.locator('option:checked').textContent(), { timeout: 90_000 }).toMatch(/demo-llama/);
    const second = page.getByTestId('pg-target-select').nth(1);
    const ggufId = await second.locator('option', { hasText: 'demo-llama (GGUF)' }).getAttribute('value');
    await second.selectOption(ggufId!);
    await expect(second.locator('option', { hasText: 'no ONNX export yet' }).isDisabled()).resolves.toBe(true);
    await shot('targets');
  }, 120_000);

  it('streams two answers side by side with their speed, then saves the run to history', async () => {
    await page.getByTestId('pg-greedy').check();
    await page.getByTestId('pg-param-max-new-tokens').fill('120');
    await page.getByTestId('pg-mode-raw').check({ force: true });
    const input = page.getByTestId('pg-prompt');
    await input.fill('The');
    // Shift+Enter is a new line, not a send.
    await input.press('Shift+Enter');
    await expect(input.inputValue()).resolves.toBe('The\n');
    await input.press('Backspace');
    // Record every length each answer passes through: streamed answers grow in many steps.
    await page.evaluate(() => {
      const seen: number[][] = [[], []];
      (window as unknown as { __answerLengths: number[][] }).__answerLengths = seen;
      new MutationObserver(() => {
        document.querySelectorAll('[data-testid="pg-answer"]').forEach((el, i) => {
          const n = el.textContent?.length ?? 0;
          const list = seen[i];
          if (list && list[list.length - 1] !== n) list.push(n);
        });
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await input.press('Enter');

    const answers = page.getByTestId('pg-answer');
    await expect.poll(() => answers.count(), { timeout: 60_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('pg-stats').count(), { timeout: 90_000 }).toBe(2);
    const lengths = await page.evaluate(() => (window as unknown as { __answerLengths: number[][] }).__answerLengths);
    // Both columns grew token by token (not in one piece at the end).
    expect(lengths[0]!.length).toBeGreaterThan(5);
    expect(lengths[1]!.length).toBeGreaterThan(5);
    const [a, b] = [await answers.nth(0).textContent(), await answers.nth(1).textContent()];
    expect(a!.length).toBeGreaterThan(10);
    // Greedy on the same F32 weights: the engine and llama.cpp agree, so nothing is highlighted.
    expect(b).toBe(a);
    await expect(page.getByTestId('pg-diff').count()).resolves.toBe(0);
    const stats = await page.getByTestId('pg-stats').allTextContents();
    expect(stats[0]).toMatch(/TTFT.*tok\/s.*engine/);
    expect(stats[1]).toMatch(/TTFT.*tok\/s.*llama\.cpp/);
    await expect.poll(() => page.getByTestId('pg-history-entry').count(), { timeout: 10_000 }).toBe(1);
    await shot('answered');
  }, 120_000);

  it('stops answers mid-stream, and highlights where sampled answers differ', async () => {
    await page.getByTestId('pg-greedy').uncheck();
    await page.getByTestId('pg-param-temperature').fill('1.5');
    // Long enough that Stop lands mid-stream even at thousands of tokens/s.
    await page.getByTestId('pg-param-max-new-tokens').fill('4096');
    await page.getByTestId('pg-prompt').fill('The');
    await page.getByTestId('pg-send').click();
    const stop = page.getByTestId('pg-stop');
    await stop.waitFor({ timeout: 60_000 });
    // Streaming text reflows the page, so Playwright's "stable" check would chase the button: click it directly.
    await stop.dispatchEvent('click');
    await expect.poll(() => page.getByTestId('pg-stats').count(), { timeout: 60_000 }).toBe(2);
    await page.getByTestId('pg-send').waitFor();
    // llama.cpp samples differently from the engine: the first differing word is marked.
    await expect.poll(() => page.getByTestId('pg-diff').count(), { timeout: 5_000 }).toBe(1);
    await shot('sampled');
    expect(problems).toEqual([]);
  }, 120_000);
});
