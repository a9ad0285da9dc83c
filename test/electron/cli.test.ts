import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The built CLI (npm test builds first) against the real tiny Llama in ../shared/data. */
const CLI = path.join(repoRoot, 'dist', 'electron', 'cli.js');
const MODEL = path.resolve(repoRoot, '..', 'shared', 'data', 'hf-tiny-random-llama');
const ALPACA = path.resolve(repoRoot, '..', 'shared', 'data', 'instruct-llamafactory', 'alpaca_en_demo.json');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  const lines = r.stdout.trim().split('\n');
  return { code: r.status, json: JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>, stderr: r.stderr, stdoutLines: lines.length };
}

describe('finetune-studio CLI', () => {
  it('generates greedily: one JSON summary on stdout, the text streamed on stderr', () => {
    const r = cli('generate', '--model', MODEL, '--prompt', 'Hello', '--max-new-tokens', '5');
    expect(r.code).toBe(0);
    expect(r.stdoutLines).toBe(1);
    expect(r.json).toMatchObject({ tokens: 5, stopReason: 'max-tokens', backend: expect.any(String) });
    expect(r.stderr).toContain(String(r.json.text));
  });

  it('exits non-zero with the error shape for bad flags and for a missing model', () => {
    const bad = cli('generate', '--model', MODEL, '--prompt', 'x', '--temperature', '9');
    expect(bad.code).toBe(1);
    expect(bad.json).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringMatching(/temperature/) });
    const missing = cli('generate', '--model', path.join(tempDir(), 'nope'), '--prompt', 'x');
    expect(missing.code).toBe(1);
    expect(missing.json).toMatchObject({ code: 'MODEL_ERROR', message: expect.stringMatching(/config\.json/) });
  });

  it('trains a LoRA adapter with checkpoints, resumes from the last one, and generates with the adapter', () => {
    const dir = tempDir();
    const data = path.join(dir, 'data.json');
    fs.writeFileSync(data, JSON.stringify((JSON.parse(fs.readFileSync(ALPACA, 'utf8')) as unknown[]).slice(0, 4)));
    const out = path.join(dir, 'run');
    const config = path.join(dir, 'train.yaml');
    fs.writeFileSync(config, 'maxLength: 48\nbatchSize: 2\ncheckpointEvery: 1\nlora:\n  rank: 2\n  alpha: 4\n');
    const first = cli('train', '--model', MODEL, '--data', data, '--out', out, '--config', config, '--epochs', '1');
    expect(first.code, first.stderr).toBe(0);
    expect(first.json).toMatchObject({ status: 'completed', steps: 2, examples: 4, resumedFromStep: null });
    expect(fs.readdirSync(path.join(out, 'checkpoints')).sort()).toEqual(['step-00000001', 'step-00000002']);
    expect(fs.existsSync(path.join(out, 'adapter', 'adapter_model.safetensors'))).toBe(true);

    const second = cli('train', '--model', MODEL, '--data', data, '--out', out, '--config', config, '--epochs', '2', '--resume');
    expect(second.code, second.stderr).toBe(0);
    expect(second.json).toMatchObject({ status: 'completed', steps: 4, resumedFromStep: 2 });

    const gen = cli('generate', '--model', MODEL, '--adapter', path.join(out, 'adapter'), '--prompt', 'Hi', '--max-new-tokens', '3');
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.json).toMatchObject({ tokens: 3 });
  }, 120_000);
});
