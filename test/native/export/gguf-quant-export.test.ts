import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GgufType } from '../../../electron/contract/exports.js';
import { GGML_TYPES, type GgmlType } from '../../../native/export/quant/ggml-types.js';
import { FILE_TYPE_ID } from '../../../native/export/quant/mix.js';
import { exportTask } from '../../../native/tasks/export.js';
import { reporterFor } from '../../../native/tasks/task.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { readGgufHeader } from './gguf-header.js';
import { randomModel } from './random-model.js';

/**
 * Every GGUF type through the real export job: written, loaded by llama.cpp (in a child process),
 * and proven against the engine by its QUANT_RULES. The bundled demo model is 64 wide (intermediate
 * 176), so its k-quant tensors take llama.cpp's fallbacks; random llama- and qwen2-shaped models 256
 * wide (intermediate 512) get real Q4_K/Q5_K/Q6_K blocks.
 */
const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');
const ctx = () => ({ signal: new AbortController().signal, report: reporterFor(() => undefined) });
const NAME_OF = Object.fromEntries(Object.entries(GGML_TYPES).map(([name, t]) => [t.id, name])) as Record<number, GgmlType>;

/** Expected ggml types for the 256-wide two-layer models (use_more_bits(i, 2) holds for layer 1 only). */
function expectedTypes(quant: GgufType): Record<string, GgmlType> {
  const base: Record<GgufType, GgmlType> = { F32: 'F32', F16: 'F16', Q8_0: 'Q8_0', Q4_0: 'Q4_0', Q4_K_M: 'Q4_K', Q5_K_M: 'Q5_K', Q6_K: 'Q6_K' };
  const b = base[quant];
  const more = quant === 'Q4_K_M' || quant === 'Q5_K_M' ? 'Q6_K' : b;
  return {
    'token_embd.weight': b,
    'output.weight': quant === 'F16' ? 'F16' : quant === 'Q8_0' ? 'Q8_0' : 'Q6_K',
    'blk.0.attn_v.weight': b,
    'blk.1.attn_v.weight': more,
    'blk.0.ffn_down.weight': b,
    'blk.1.ffn_down.weight': more,
    'blk.1.attn_q.weight': b,
    'blk.1.attn_norm.weight': 'F32',
    'output_norm.weight': 'F32',
  };
}

describe('quantized GGUF exports, proven with llama.cpp', () => {
  const types: GgufType[] = ['F16', 'Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q4_0'];
  for (const which of ['demo', 'llama', 'qwen2'] as const) {
    it(`${which}: ${types.join(', ')} load in llama.cpp and pass their rule`, async () => {
      const dir = tempDir('fts-quant-');
      const model = which === 'demo' ? DEMO : await randomModel(dir, which);
      for (const quant of types) {
        const out = path.join(dir, `${quant}.gguf`);
        const r = await exportTask({ model, format: 'gguf', quant, out, data: DATA, prompts: 4, maxNewTokens: 12 }, ctx());
        const v = r.validations[0]!;
        expect(v, `${which} ${quant}: ${v.notes.join(' | ')}`).toMatchObject({ passed: true, prompts: 4 });
        expect(v.meanAbsLogitDiff).toBeGreaterThan(0);
        expect(v.maxAbsLogitDiff).toBeGreaterThanOrEqual(v.meanAbsLogitDiff!);
        const h = readGgufHeader(out);
        expect(h.meta.get('general.file_type')).toBe(FILE_TYPE_ID[quant]);
        expect(h.meta.get('general.quantization_version')).toBe(quant === 'F16' ? undefined : 2);
        const typeOf = Object.fromEntries(h.tensors.map((t) => [t.name, NAME_OF[t.type]]));
        if (which === 'demo') {
          // 64-wide rows: k-quants fall back (Q4_K -> Q5_0, Q5_K -> Q5_1, Q6_K -> Q8_0); 176-wide ffn_down rows fit no 32-block -> F16.
          const fb: Partial<Record<GgufType, GgmlType>> = { Q4_K_M: 'Q5_0', Q5_K_M: 'Q5_1', Q6_K: 'Q8_0', Q8_0: 'Q8_0', Q4_0: 'Q4_0', F16: 'F16' };
          expect(typeOf['blk.0.attn_q.weight']).toBe(fb[quant]);
          expect(typeOf['blk.0.ffn_down.weight']).toBe('F16');
          expect(typeOf['output.weight']).toBe(quant === 'F16' ? 'F16' : 'Q8_0');
        } else {
          for (const [name, t] of Object.entries(expectedTypes(quant))) expect(typeOf[name], `${quant} ${name}`).toBe(t);
        }
        expect(fs.readdirSync(dir).filter((f) => f.startsWith(quant)).sort()).toEqual([`${quant}.gguf`, `${quant}.gguf.validation.json`]);
      }
    }, 600_000);
  }
});
