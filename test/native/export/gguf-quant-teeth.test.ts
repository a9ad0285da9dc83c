import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { exportTask } from '../../../native/tasks/export.js';
import { reporterFor } from '../../../native/tasks/task.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { randomModel } from './random-model.js';

/**
 * The quantized proof has teeth: with a Q4_K encoder that swaps the two nibbles of each byte (a
 * plausible layout slip: values l and l+32 trade places) the file still loads in llama.cpp, but the
 * Q4_K_M rule rejects it, the job fails, and nothing is left at the final path.
 */
const corrupt = vi.hoisted(() => ({ on: false }));
vi.mock('../../../native/export/quant/k-quants.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../native/export/quant/k-quants.js')>();
  return {
    ...real,
    quantizeQ4_K: (x: Float32Array) => {
      const b = real.quantizeQ4_K(x);
      if (corrupt.on) for (let i = 0; i < b.length; i += 144) for (let j = i + 16; j < i + 144; j++) b[j] = ((b[j]! & 0xf) << 4) | (b[j]! >> 4);
      return b;
    },
  };
});

const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');

describe('the quantized pass rule', () => {
  it('fails the export job for a corrupted Q4_K encoder and leaves no file', async () => {
    const dir = tempDir('fts-teeth-');
    const model = await randomModel(dir, 'llama');
    const out = path.join(dir, 'out', 'bad.gguf');
    corrupt.on = true;
    try {
      await expect(exportTask({ model, format: 'gguf', quant: 'Q4_K_M', out, data: DATA, prompts: 4, maxNewTokens: 12 }, { signal: new AbortController().signal, report: reporterFor(() => undefined) })).rejects.toMatchObject({
        code: 'EXPORT_ERROR',
        message: expect.stringContaining('fails the Q4_K_M rule'),
      });
    } finally {
      corrupt.on = false;
    }
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  }, 300_000);
});
