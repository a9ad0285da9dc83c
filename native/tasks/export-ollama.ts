import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../electron/contract/errors.js';
import type { ExportArtifact, ExportResult, ExportSpec, ExportValidation } from '../../electron/contract/exports.js';
import { readSftFile } from '../engine/sft-examples.js';
import { findOllamaOnPath, createCommand, runOllamaCreate } from '../export/ollama/ollama-cli.js';
import { createModel, ollamaBaseUrl, ollamaVersion, uploadBlob } from '../export/ollama/ollama-http.js';
import { createRequestBody, ollamaModelName, renderModelfile, type ModelfileSpec } from '../export/ollama/modelfile.js';
import { ollamaChatFormat } from '../export/ollama/template-families.js';
import { lintConversations, lintTemplate, templateSource } from '../export/ollama/template-lint.js';
import { readGenerationConfig } from '../models/generation-config.js';
import { readModelConfig } from '../models/hf-config.js';
import { ModelTokenizer } from '../models/tokenizer.js';
import { publishFolder, sha256OfFile } from '../util/durable.js';
import { exportGguf } from './export-gguf.js';
import type { TaskContext, TaskReporter } from './task.js';

const GGUF_NAME = 'model.gguf';

/** Reports of a sub-step mapped into [from, to] of this job's progress; its artifacts are ours to report. */
function slice(report: TaskReporter, from: number, to: number): TaskReporter {
  return { ...report, progress: (p, message) => report.progress(from + (to - from) * p, message), artifact: () => undefined };
}

/** Every id that ends a reply (as loadChatModel gathers them), as text for PARAMETER stop. */
async function eosStrings(model: string, tok: ModelTokenizer): Promise<string[]> {
  const ids = new Set<number>([...((await readGenerationConfig(model))?.eosTokenIds ?? []), ...(await readModelConfig(model)).eosTokenIds]);
  if (tok.special.eos?.id != null) ids.add(tok.special.eos.id);
  return [...ids].map((id) => tok.decode([id], { skipSpecialTokens: false })).filter((s) => s.trim() !== '');
}

/** A folder we may replace: absent, empty, or an earlier Ollama export (it has a Modelfile). */
async function clearTarget(final: string): Promise<void> {
  const entries = await fs.readdir(final).catch(() => null);
  if (entries === null || entries.length === 0) return fs.rm(final, { recursive: true, force: true });
  if (!entries.includes('Modelfile')) throw new AppError('EXPORT_ERROR', `${final} exists and is not an earlier Ollama export; choose an empty or new folder`, { out: final });
  await fs.rm(final, { recursive: true, force: true });
}

/**
 * Ollama export: a folder with model.gguf (proved by llama.cpp, see exportGguf), a Modelfile whose
 * TEMPLATE is converted from the model's chat template and linted against it, stop parameters for
 * every end-of-turn token, the chosen sampling defaults and SYSTEM. Written under `<out>.partial` and
 * renamed into place only when every check passed; then, unless told not to, the model is created in
 * a running Ollama (HTTP API), else with the `ollama` CLI, else the command to do so is returned.
 */
export async function exportOllama(spec: ExportSpec, { signal, report }: TaskContext): Promise<ExportResult> {
  const started = performance.now();
  const options = spec.ollama ?? { create: true };
  const final = path.resolve(spec.out);
  const staging = `${final}.partial`;
  const name = ollamaModelName(options.name, final);
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(staging, { recursive: true });
  let validations: ExportValidation[];
  let modelfileSpec: ModelfileSpec;
  try {
    // The template first: it is cheap, and an unsupported one should fail before the GGUF is written.
    report.progress(0.02, 'Converting the chat template to an Ollama TEMPLATE');
    const tok = await ModelTokenizer.load(spec.model);
    const format = ollamaChatFormat(templateSource(tok));
    if (options.system && !format.system) {
      throw new AppError('EXPORT_ERROR', `This model's chat template (${format.family}) has no system role, so a SYSTEM prompt would reach the model in a form it was never trained on; remove the system prompt`);
    }
    const pairs = (await readSftFile(spec.data)).slice(0, spec.prompts);
    const { conversations, skipped } = lintConversations(pairs, format);
    const lint = lintTemplate(tok, format, conversations, options.system);
    if (skipped) lint.notes.push(`${skipped} held-out row(s) are fixed prompt text rather than chat turns and were not compared`);
    report.log('INFO', `Ollama TEMPLATE (${format.family}) reproduces the training prompt on ${lint.identical}/${lint.prompts} conversations`);
    const stops = [...new Set([...format.stops, ...(await eosStrings(spec.model, tok))])];
    if (signal.aborted) throw new AppError('CANCELLED', 'Export cancelled');

    const gguf = await exportGguf({ ...spec, format: 'gguf', out: path.join(staging, GGUF_NAME) }, { signal, report: slice(report, 0.05, 0.8) });
    validations = [...gguf.validations, lint];

    modelfileSpec = {
      ggufName: GGUF_NAME,
      template: format.template,
      stops,
      system: options.system,
      options,
      header: `Written by Finetune Studio from ${path.basename(path.resolve(spec.model))}${spec.adapter ? ' with its adapter merged' : ''}.\nTEMPLATE: ${format.family}, checked against the training chat template on ${lint.prompts} conversations.\nCreate it with: ollama create ${name} -f Modelfile`,
    };
    await fs.writeFile(path.join(staging, 'Modelfile'), renderModelfile(modelfileSpec));
    await fs.writeFile(path.join(staging, 'validation.json'), JSON.stringify(validations, null, 2));
    await clearTarget(final);
    await publishFolder(staging, final);
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true });
    throw err;
  }

  const ggufPath = path.join(final, GGUF_NAME);
  const modelfile = path.join(final, 'Modelfile');
  const sha256 = await sha256OfFile(ggufPath);
  const command = createCommand(name, modelfile);
  report.artifact('gguf', ggufPath, sha256);
  report.artifact('modelfile', modelfile);
  let created: 'http' | 'cli' | 'no' = 'no';
  try {
    if (options.create !== false) created = await createInOllama(name, ggufPath, sha256, modelfile, modelfileSpec, { signal, report });
  } catch (err) {
    // The folder is validated and stays in place; only the one-click create failed.
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError(err instanceof AppError && err.code === 'CANCELLED' ? 'CANCELLED' : 'EXPORT_ERROR', `${why}. The validated export is at ${final}; create the model with: ${command}`, { out: final, command });
  }
  report.log('INFO', created === 'no' ? `Not created in Ollama. Create it with: ${command}` : `Created in Ollama (${created}). Run it with: ollama run ${name}`);
  report.progress(1, created === 'no' ? 'Validated; Ollama model not created' : 'Validated and created in Ollama');

  const stat = async (kind: ExportArtifact['kind'], file: string, hash?: string): Promise<ExportArtifact> => ({ kind, path: file, bytes: (await fs.stat(file)).size, ...(hash ? { sha256: hash } : {}) });
  return {
    format: 'ollama',
    out: final,
    quant: spec.quant,
    artifacts: [
      await stat('gguf', ggufPath, sha256),
      await stat('modelfile', modelfile),
      await stat('validation', path.join(final, 'validation.json')),
      // exportGguf's own report, where it writes one beside the GGUF.
      ...(await stat('validation', path.join(final, `${GGUF_NAME}.validation.json`)).then((a) => [a], () => [])),
    ],
    validations,
    ollama: { name, created, command },
    millis: performance.now() - started,
  };
}

/** HTTP when a server answers at OLLAMA_HOST (or 127.0.0.1:11434), else the CLI on PATH, else 'no'. */
export async function createInOllama(name: string, gguf: string, sha256: string, modelfile: string, spec: ModelfileSpec, { signal, report }: TaskContext): Promise<'http' | 'cli' | 'no'> {
  const base = ollamaBaseUrl();
  const version = await ollamaVersion(base);
  if (version !== null) {
    report.log('INFO', `Ollama ${version} answers at ${base}: uploading the model`);
    const progress = (from: number, to: number) => (p: { status: string; fraction?: number }) => report.progress(from + (to - from) * (p.fraction ?? 0), `Ollama: ${p.status}`);
    const uploaded = await uploadBlob(base, gguf, sha256, progress(0.8, 0.95), signal);
    if (uploaded === 'exists') report.log('INFO', 'Ollama already has this GGUF blob');
    await createModel(base, createRequestBody(name, spec, sha256), (p) => {
      progress(0.95, 0.99)(p);
      if (p.status && p.fraction === undefined) report.log('INFO', `Ollama: ${p.status}`);
    }, signal);
    return 'http';
  }
  const exe = await findOllamaOnPath();
  if (exe !== null) {
    report.log('INFO', `No Ollama server answers at ${base}; running ${exe} create`);
    await runOllamaCreate(exe, name, modelfile, (line) => report.log('INFO', `ollama: ${line}`), signal);
    return 'cli';
  }
  report.log('WARN', `No Ollama server answers at ${base} and ollama is not on PATH`);
  return 'no';
}
