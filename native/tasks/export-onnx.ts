import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../electron/contract/errors.js';
import type { ExportArtifact, ExportResult, ExportSpec, ExportValidation } from '../../electron/contract/exports.js';
import { loadChatModel } from '../engine/chat-model.js';
import { pairPromptIds, readSftFile } from '../engine/sft-examples.js';
import { writeCompanionFiles } from '../export/onnx/companion-files.js';
import { writeDecoderOnnx } from '../export/onnx/decoder-graph.js';
import { HfWeightSource } from '../export/onnx/hf-weights.js';
import { proveOnnx } from '../export/onnx/onnx-proof.js';
import { DATA_FILE, MODEL_FILE, OPSET } from '../export/onnx/optimum-names.js';
import { readModelConfig } from '../models/hf-config.js';
import { publishFolder, sha256OfFile } from '../util/durable.js';
import type { TaskContext } from './task.js';

/** For tests of the proof only: a deliberately wrong graph must fail the export. */
export interface OnnxExportTestOptions {
  breakRope?: boolean;
}

const VALIDATION_FILE = 'validation.json';

async function isEmptyDirOrAbsent(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length === 0;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return true;
    if (code === 'ENOTDIR') return false;
    throw err;
  }
}

function cancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('CANCELLED', 'Export cancelled');
}

/**
 * ONNX export (issue 6): writes model.onnx + model.onnx.data (Optimum's decoder-with-past layout,
 * LoRA merged, optionally int8 weight-only), config/generation/tokenizer files and validation.json
 * into `<out>.partial`, proves it with onnxruntime-node against the engine, and only then renames the
 * folder to `out`. A failed proof, a cancel or an error removes the staging folder; a crash leaves
 * only `<out>.partial`, which the next export to the same place clears.
 */
export async function exportOnnx(spec: ExportSpec, { signal, report }: TaskContext, test: OnnxExportTestOptions = {}): Promise<ExportResult> {
  const started = performance.now();
  const final = path.resolve(spec.out);
  const staging = `${final}.partial`;
  if (!(await isEmptyDirOrAbsent(final))) throw new AppError('EXPORT_ERROR', `${final} already exists and is not empty: choose another folder or remove it`, { file: final });
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(staging, { recursive: true });
  try {
    const config = await readModelConfig(spec.model);
    report.progress(0.02, 'Writing the ONNX graph');
    const graph = await writeDecoderOnnx(staging, config, await HfWeightSource.open(spec.model, spec.adapter), {
      int8: spec.onnxInt8,
      breakRope: test.breakRope,
      signal,
      onProgress: (f) => report.progress(0.02 + 0.38 * f, 'Writing the ONNX graph'),
    });
    await writeCompanionFiles(spec.model, staging, config);
    cancelled(signal);

    let validation: ExportValidation;
    if (spec.validate) {
      report.progress(0.42, 'Proving the export with onnxruntime');
      const engine = await loadChatModel({ model: spec.model, adapter: spec.adapter });
      try {
        const pairs = (await readSftFile(spec.data)).slice(0, spec.prompts);
        const prompts = pairs.map((p) => ({ text: p.prompt.map((m) => m.content).join('\n') || (p.renderedPrompt ?? ''), ids: pairPromptIds(engine.tokenizer, p) })).filter((p) => p.ids.length > 0);
        if (prompts.length === 0) throw new AppError('EXPORT_ERROR', `${spec.data}: no non-empty prompts to prove the export with`, { file: spec.data });
        validation = await proveOnnx({
          modelFile: graph.model,
          engine,
          prompts,
          maxNewTokens: spec.maxNewTokens,
          int8: spec.onnxInt8,
          signal,
          onProgress: (f) => report.progress(0.45 + 0.5 * f, 'Proving the export with onnxruntime'),
        });
      } finally {
        engine.dispose();
      }
      if (config.slidingWindow !== null && config.slidingWindow < config.maxPositionEmbeddings) {
        validation.notes.push(`sliding_window ${config.slidingWindow} is not applied (as in the engine): exact for sequences up to ${config.slidingWindow} tokens`);
      }
    } else {
      validation = { runtime: 'none', prompts: 0, identical: 0, tokenAgreement: 0, passed: false, notes: ['not validated (validation was turned off for this export)'], samples: [] };
    }
    validation.notes.push(`opset ${OPSET}, ${graph.nodes} nodes, weights in ${DATA_FILE}${graph.tied ? ', lm_head tied to the embedding' : ''}${spec.adapter ? ', LoRA adapter merged' : ''}`);
    await fs.writeFile(path.join(staging, VALIDATION_FILE), `${JSON.stringify(validation, null, 2)}\n`);
    const diff = validation.maxAbsLogitDiff;
    report.log('INFO', `onnxruntime: max |logit difference| ${diff?.toExponential(2) ?? 'n/a'}, greedy identical on ${validation.identical}/${validation.prompts} prompts`);
    if (spec.validate && !validation.passed) {
      throw new AppError('EXPORT_ERROR', `onnxruntime disagrees with the engine (max |logit difference| ${diff?.toExponential(2)}, ${validation.identical}/${validation.prompts} prompts identical): the export is wrong and was not kept`, { validation });
    }
    cancelled(signal);

    const describe = async (name: string, kind: ExportArtifact['kind'], hash: boolean): Promise<ExportArtifact> => {
      const file = path.join(staging, name);
      return { kind, path: path.join(final, name), bytes: (await fs.stat(file)).size, ...(hash ? { sha256: await sha256OfFile(file) } : {}) };
    };
    const artifacts = [await describe(MODEL_FILE, 'onnx', true), await describe(DATA_FILE, 'onnx-data', true), await describe(VALIDATION_FILE, 'validation', false)];
    // Absent or empty (checked above); rmdir refuses a folder that has gained files since.
    await fs.rmdir(final).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await publishFolder(staging, final);
    report.artifact('onnx', path.join(final, MODEL_FILE), artifacts[0]!.sha256);
    report.progress(1, validation.passed ? 'Validated' : 'Written (not validated)');
    return { format: 'onnx', out: final, artifacts, validations: [validation], millis: performance.now() - started };
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true });
    if (signal.aborted && !(err instanceof AppError && err.code === 'CANCELLED')) throw new AppError('CANCELLED', 'Export cancelled');
    throw err;
  }
}
