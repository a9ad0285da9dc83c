import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTask } from '../../../native/tasks/export.js';
import { reporterFor } from '../../../native/tasks/task.js';
import type { FromWorker } from '../../../native/protocol.js';
import { repoRoot } from '../../helpers/fixtures.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');

describe('GGUF export job', () => {
  it('proves the file with llama.cpp before putting it in place, and writes the report beside it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-export-'));
    const out = path.join(dir, 'demo.gguf');
    const messages: FromWorker[] = [];
    const result = await exportTask({ model: DEMO, format: 'gguf', quant: 'F32', out, data: DATA, prompts: 4, maxNewTokens: 8 }, { signal: new AbortController().signal, report: reporterFor((m) => messages.push(m)) });
    expect(result.validations[0]).toMatchObject({ prompts: 4, identical: 4, tokenAgreement: 1, passed: true });
    expect(fs.readFileSync(out).subarray(0, 4).toString()).toBe('GGUF');
    expect(result.artifacts[0]).toMatchObject({ kind: 'gguf', path: out, bytes: fs.statSync(out).size });
    expect(JSON.parse(fs.readFileSync(`${out}.validation.json`, 'utf8'))).toMatchObject({ identical: 4 });
    expect(fs.readdirSync(dir).sort()).toEqual(['demo.gguf', 'demo.gguf.validation.json']);
    expect(messages.some((m) => m.type === 'artifact' && m.path === out)).toBe(true);
    fs.rmSync(dir, { recursive: true });
  }, 120_000);

  it('keeps an export made with validation turned off, and says so in its report', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-export-'));
    const out = path.join(dir, 'unchecked.gguf');
    const result = await exportTask({ model: DEMO, format: 'gguf', quant: 'F16', out, data: DATA, validate: false }, { signal: new AbortController().signal, report: reporterFor(() => undefined) });
    expect(result.validations).toEqual([expect.objectContaining({ runtime: 'none', passed: false, prompts: 0, notes: [expect.stringMatching(/Not validated/)] })]);
    expect(fs.readFileSync(out).subarray(0, 4).toString()).toBe('GGUF');
    expect(JSON.parse(fs.readFileSync(`${out}.validation.json`, 'utf8'))).toMatchObject({ passed: false });
    fs.rmSync(dir, { recursive: true });
  });

  it('leaves nothing at the final path when the export fails', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-export-'));
    const out = path.join(dir, 'bad.gguf');
    // hf-tiny-random-llama's SentencePiece vocabulary cannot be written to GGUF yet: the job must fail cleanly.
    const model = path.resolve(repoRoot, '..', 'shared', 'data', 'hf-tiny-random-llama');
    await expect(exportTask({ model, format: 'gguf', out, data: DATA }, { signal: new AbortController().signal, report: reporterFor(() => undefined) })).rejects.toMatchObject({ code: 'EXPORT_ERROR' });
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });
});
