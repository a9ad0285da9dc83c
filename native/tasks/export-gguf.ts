import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../electron/contract/errors.js';
import type { ExportResult, ExportSpec, ExportValidation } from '../../electron/contract/exports.js';
import { loadChatModel } from '../engine/chat-model.js';
import { pairPromptIds, readSftFile } from '../engine/sft-examples.js';
import { exportDecoderGguf } from '../export/gguf-decoder.js';
import { llamaCppGreedy } from '../export/llama-cpp-judge.js';
import { sha256OfFile } from '../util/durable.js';
import type { TaskContext } from './task.js';

/**
 * Writes a GGUF (adapter merged) under a temporary name, proves it with llama.cpp — greedy
 * continuations of held-out prompts must equal the engine's at F32 — and only then renames it into
 * place, with the validation report beside it. A failed proof fails the job and leaves no file.
 */
export async function exportGguf(spec: ExportSpec, { signal, report }: TaskContext): Promise<ExportResult> {
  const started = performance.now();
  if (spec.quant !== 'F32' && spec.quant !== 'F16') throw new AppError('EXPORT_ERROR', `GGUF ${spec.quant} is not built yet`);
  const final = path.resolve(spec.out);
  const pending = `${final}.unvalidated`;
  await fs.mkdir(path.dirname(final), { recursive: true });
  report.progress(0.05, 'Writing GGUF');
  await exportDecoderGguf(spec.model, pending, { type: spec.quant, adapterDir: spec.adapter });
  try {
    if (signal.aborted) throw new AppError('CANCELLED', 'Export cancelled');
    report.progress(0.4, 'Engine answers for the proof');
    const m = await loadChatModel({ model: spec.model, adapter: spec.adapter });
    const tokenizer = m.tokenizer;
    const stopIds = m.stopIds;
    const pairs = (await readSftFile(spec.data)).slice(0, spec.prompts);
    const prompts = pairs.map((p) => pairPromptIds(m.tokenizer, p));
    const ours: number[][] = [];
    for (const ids of prompts) ours.push(await m.greedy(ids, spec.maxNewTokens, signal));
    m.dispose();
    report.progress(0.7, 'llama.cpp answers for the proof');
    const theirs = await llamaCppGreedy(pending, prompts, spec.maxNewTokens, stopIds);
    let same = 0;
    let total = 0;
    const samples = pairs.map((p, i) => {
      const a = ours[i]!;
      const b = theirs[i]!;
      for (let j = 0; j < Math.max(a.length, b.length); j++) {
        total++;
        if (a[j] === b[j]) same++;
      }
      const match = a.length === b.length && a.every((t, j) => t === b[j]);
      return { prompt: p.prompt.map((m) => m.content).join('\n'), engine: tokenizer.decode(a, { skipSpecialTokens: true }), runtime: tokenizer.decode(b, { skipSpecialTokens: true }), match };
    });
    const identical = samples.filter((s) => s.match).length;
    const validation: ExportValidation = {
      runtime: 'llama.cpp (node-llama-cpp, CPU, F32 KV cache)',
      prompts: samples.length,
      identical,
      tokenAgreement: total ? same / total : 1,
      passed: spec.quant !== 'F32' || identical === samples.length,
      notes: [],
      samples,
    };
    report.log('INFO', `llama.cpp agreed on ${validation.identical}/${validation.prompts} prompts, ${(validation.tokenAgreement * 100).toFixed(1)}% of tokens`);
    // F32 must be exact; F16 rounding may flip a late token, so it is reported rather than required.
    if (!validation.passed) {
      throw new AppError('EXPORT_ERROR', `llama.cpp disagrees with the engine on ${validation.prompts - validation.identical} of ${validation.prompts} prompts: the export is wrong and was not kept`, { validation });
    }
    const sha256 = await sha256OfFile(pending);
    const { size } = await fs.stat(pending);
    const validationFile = `${final}.validation.json`;
    await fs.writeFile(validationFile, JSON.stringify(validation, null, 2));
    await fs.rename(pending, final);
    report.artifact('gguf', final);
    report.progress(1, 'Validated');
    return {
      format: 'gguf',
      out: final,
      quant: spec.quant,
      artifacts: [
        { kind: 'gguf', path: final, bytes: size, sha256 },
        { kind: 'validation', path: validationFile, bytes: (await fs.stat(validationFile)).size },
      ],
      validations: [validation],
      millis: performance.now() - started,
    };
  } catch (err) {
    await fs.rm(pending, { force: true });
    throw err;
  }
}
