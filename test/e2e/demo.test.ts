import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures.js';

describe('npm run demo', () => {
  it('fine-tunes the bundled model offline until at least 90% of its greedy answers are exact (from under 90%), and exports a GGUF llama.cpp agrees with', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-demo-'));
    try {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'demo.js')], {
        env: { ...process.env, FINETUNE_STUDIO_HOME: home },
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
        learned: boolean;
        proven: boolean;
        accuracyBefore: number;
        accuracyAfter: number;
        adapter: string;
        gguf: { out: string; validations: { identical: number; prompts: number }[] };
      };
      expect(summary.learned).toBe(true);
      expect(summary.accuracyAfter).toBeGreaterThanOrEqual(0.9);
      expect(summary.accuracyBefore).toBeLessThan(0.9);
      expect(fs.existsSync(path.join(summary.adapter, 'adapter_model.safetensors'))).toBe(true);
      // The fine-tuned model, exported to GGUF, answers in llama.cpp exactly as in the engine.
      expect(summary.proven).toBe(true);
      expect(summary.gguf.validations[0]!.identical).toBe(summary.gguf.validations[0]!.prompts);
      expect(fs.existsSync(summary.gguf.out)).toBe(true);
      // The runs went through the job queue, so they are in the store for the Jobs page.
      expect(fs.existsSync(path.join(home, 'studio.db'))).toBe(true);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 300_000);
});
