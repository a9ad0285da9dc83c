import fs from 'node:fs/promises';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { AppError } from '../../electron/contract/errors.js';
import type { ExportResult, ExportSpec, ExportValidation } from '../../electron/contract/exports.js';
import { loadChatModel, type ChatModel } from '../engine/chat-model.js';
import { decoderForward } from '../engine/llama.js';
import { argmax } from '../engine/sampling.js';
import { pairPromptIds, readSftFile } from '../engine/sft-examples.js';
import { exportDecoderGguf } from '../export/gguf-decoder.js';
import { llamaCppGreedy, llamaCppLogProbs, logProbDiff, logProbSpread, QUANT_RULES } from '../export/llama-cpp-judge.js';
import { sha256OfFile, syncDir, writeFileDurably } from '../util/durable.js';
import type { TaskContext } from './task.js';

/**
 * Writes a GGUF (adapter merged, tensors encoded as the requested type) under a temporary name,
 * proves it with llama.cpp, and only then renames it into place with the validation report beside
 * it. The proof: greedy continuations of held-out prompts against the engine's, and the next-token
 * log-probs at the first generated position. F32 must be identical; F16 and the quantized types must
 * meet their QUANT_RULES bound (llama-cpp-judge.ts). A failed proof fails the job and leaves no file.
 */

/** The engine's log-softmax at the position after `ids` (llama.cpp gives probabilities, so log-probs are compared). */
function engineNextLogProbs(m: ChatModel, ids: readonly number[]): Float32Array {
  const { tf } = m;
  return tf.tidy(() => {
    const logits = decoderForward(tf, m.config, m.weights, tf.tensor2d([[...ids]], undefined, 'int32')).logits;
    const last = tf.slice(logits, [0, ids.length - 1, 0], [1, 1, m.config.vocabSize]).reshape([m.config.vocabSize]) as tfTypes.Tensor1D;
    return tf.logSoftmax(last).dataSync() as Float32Array;
  });
}

export async function exportGguf(spec: ExportSpec, { signal, report }: TaskContext): Promise<ExportResult> {
  const started = performance.now();
  const final = path.resolve(spec.out);
  const pending = `${final}.unvalidated`;
  await fs.mkdir(path.dirname(final), { recursive: true });
  report.progress(0.02, `Writing GGUF (${spec.quant})`);
  try {
    const summary = await exportDecoderGguf(spec.model, pending, {
      type: spec.quant,
      adapterDir: spec.adapter,
      signal,
      onProgress: (p) => report.progress(0.02 + 0.38 * (p.writtenBytes / Math.max(1, p.bytes)), `Writing GGUF: ${p.written}/${p.tensors} tensors`),
    });
    const types = Object.entries(summary.tensorTypes).map(([t, n]) => `${n} ${t}`).join(', ');
    report.log('INFO', `GGUF ${spec.quant}: ${(summary.bytes / 2 ** 20).toFixed(1)} MiB, tensors ${types}`);
    for (const f of summary.fallbacks) report.log('INFO', `fallback as llama.cpp's quantize does: ${f}`);
    if (signal.aborted) throw new AppError('CANCELLED', 'Export cancelled');
    const publish = async (validation: ExportValidation): Promise<ExportResult> => {
      const sha256 = await sha256OfFile(pending);
      const { size } = await fs.stat(pending);
      const validationFile = `${final}.validation.json`;
      await writeFileDurably(validationFile, JSON.stringify(validation, null, 2));
      await fs.rename(pending, final);
      await syncDir(path.dirname(final));
      report.artifact('gguf', final);
      report.progress(1, validation.passed ? 'Validated' : 'Written (not validated)');
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
    };
    // --no-validate: the file is kept, and its report says plainly that nothing checked it.
    if (!spec.validate) return await publish({ runtime: 'none', prompts: 0, identical: 0, tokenAgreement: 0, passed: false, notes: ['Not validated: the export was made with validation turned off (--no-validate).'], samples: [] });

    report.progress(0.4, 'Engine answers for the proof');
    const m = await loadChatModel({ model: spec.model, adapter: spec.adapter });
    const { tokenizer, stopIds } = m;
    const vocab = m.config.vocabSize;
    const pairs = (await readSftFile(spec.data)).slice(0, spec.prompts);
    const prompts = pairs.map((p) => pairPromptIds(m.tokenizer, p));
    const ours: number[][] = [];
    const ourFirst: Float32Array[] = [];
    try {
      for (const ids of prompts) {
        ourFirst.push(engineNextLogProbs(m, ids));
        ours.push(await m.greedy(ids, spec.maxNewTokens, signal));
      }
    } finally {
      m.dispose();
    }

    report.progress(0.65, 'llama.cpp answers for the proof');
    const theirs = await llamaCppGreedy(pending, prompts, spec.maxNewTokens, stopIds);
    let meanDiff = 0;
    let maxDiff = 0;
    let relError = 0;
    let firstSame = 0;
    for (const [i, ids] of prompts.entries()) {
      if (signal.aborted) throw new AppError('CANCELLED', 'Export cancelled');
      report.progress(0.7 + (0.25 * i) / prompts.length, `llama.cpp log-probs ${i + 1}/${prompts.length}`);
      const rows = await llamaCppLogProbs(pending, ids, vocab);
      const row = rows[rows.length - 1]!;
      const d = logProbDiff(ourFirst[i]!, row);
      meanDiff += d.mean / prompts.length;
      maxDiff = Math.max(maxDiff, d.max);
      relError += d.mean / Math.max(1e-9, logProbSpread(ourFirst[i]!)) / prompts.length;
      if (argmax(row) === argmax(ourFirst[i]!)) firstSame++;
    }

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
      return { prompt: p.prompt.map((c) => c.content).join('\n'), engine: tokenizer.decode(a, { skipSpecialTokens: true }), runtime: tokenizer.decode(b, { skipSpecialTokens: true }), match };
    });
    const identical = samples.filter((s) => s.match).length;
    const tokenAgreement = total ? same / total : 1;
    const firstTokenAgreement = prompts.length ? firstSame / prompts.length : 1;
    const notes = [
      `tensors: ${types}`,
      ...summary.fallbacks.map((f) => `fallback (rows not a multiple of the block size, as llama.cpp's quantize does): ${f}`),
      `first generated position: argmax agrees on ${firstSame}/${prompts.length} prompts; log-prob difference mean ${meanDiff.toExponential(3)}, max ${maxDiff.toExponential(3)}, mean relative to the row's spread ${relError.toFixed(4)} (log-probs compared: llama.cpp exposes probabilities)`,
    ];
    let passed: boolean;
    if (spec.quant === 'F32') {
      passed = identical === samples.length;
      notes.push('rule (F32): every greedy continuation identical to the engine');
    } else {
      const rule = QUANT_RULES[spec.quant];
      passed = firstTokenAgreement >= rule.minFirstToken && tokenAgreement >= rule.minTokens && relError <= rule.maxRelError;
      notes.push(
        `rule (${spec.quant}): loads and runs in llama.cpp, first-token agreement >= ${rule.minFirstToken} (got ${firstTokenAgreement.toFixed(3)}), greedy token agreement >= ${rule.minTokens} (got ${tokenAgreement.toFixed(3)}), relative log-prob error <= ${rule.maxRelError} (got ${relError.toFixed(4)})`,
      );
    }
    const validation: ExportValidation = {
      runtime: 'llama.cpp (node-llama-cpp, CPU, F32 KV cache)',
      prompts: samples.length,
      identical,
      tokenAgreement,
      meanAbsLogitDiff: meanDiff,
      maxAbsLogitDiff: maxDiff,
      passed,
      notes,
      samples,
    };
    report.log('INFO', `llama.cpp agreed on ${identical}/${samples.length} prompts, ${(tokenAgreement * 100).toFixed(1)}% of tokens; first-position log-prob difference mean ${meanDiff.toExponential(2)}, max ${maxDiff.toExponential(2)}`);
    if (!passed) {
      const why = spec.quant === 'F32' ? `disagrees with the engine on ${samples.length - identical} of ${samples.length} prompts` : `fails the ${spec.quant} rule (${notes[notes.length - 1]})`;
      throw new AppError('EXPORT_ERROR', `llama.cpp ${why}: the export is wrong and was not kept`, { validation });
    }
    return await publish(validation);
  } catch (err) {
    await fs.rm(pending, { force: true });
    throw err;
  }
}
