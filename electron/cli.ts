#!/usr/bin/env node
/**
 * finetune-studio CLI: train and generate headless, in the same worker the app uses. Progress and
 * streamed text go to stderr; one JSON summary (or the error shape) goes to stdout; the exit code is
 * non-zero on failure.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { AppError, toErrorShape } from './contract/errors.js';
import { GenerateSpec, TrainSpec } from './contract/jobs.js';
import { spawnWorker } from './jobs/worker-host.js';
import { validationError } from './router/router.js';
import { workerEntry } from './paths.js';
import type { WorkerKind } from '../native/protocol.js';
import { checkDataFile, writeReport } from './datasets/check-data-file.js';
import { cliExportSpec } from './exports/cli-export.js';

const USAGE = `usage:
  finetune-studio train --model DIR --data FILE --out DIR [--config FILE.yaml|.json] [--epochs N] [--lr X] [--resume]
  finetune-studio generate --model DIR [--adapter DIR [--merge]] --prompt TEXT [--raw] [--max-new-tokens N] [--temperature X]
                           [--top-p X] [--top-k N] [--repetition-penalty X] [--seed N] [--stop TEXT]...
  finetune-studio validate-data FILE [--model DIR] [--max-length N] [--skip-bad-rows]
  finetune-studio data-report FILE --out REPORT.html [--model DIR] [--max-length N] [--skip-bad-rows]
  finetune-studio export JOB_ID|MODEL_DIR --format gguf|ollama|onnx|hf [--quant q4_k_m] [--out DIR] [--adapter DIR]
                         [--data FILE] [--no-validate]`;

function num(v: string | undefined): number | undefined {
  return v === undefined ? undefined : Number(v);
}

function readConfig(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  try {
    const text = fs.readFileSync(file, 'utf8');
    return (file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text)) as Record<string, unknown>;
  } catch (err) {
    throw new AppError('VALIDATION_ERROR', `${file}: cannot read the config (${(err as Error).message})`, { file });
  }
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

async function runWorker(kind: WorkerKind, spec: unknown, onToken?: (text: string) => void): Promise<unknown> {
  const worker = spawnWorker({ entry: workerEntry() });
  let printed = 0;
  worker.onMessage((m) => {
    if (m.type === 'progress' && m.message) process.stderr.write(`[${(m.progress * 100).toFixed(0).padStart(3)}%] ${m.message}\n`);
    else if (m.type === 'log') process.stderr.write(`${m.level} ${m.message}\n`);
    else if (m.type === 'artifact') process.stderr.write(`wrote ${m.kind}: ${m.path}\n`);
    else if (m.type === 'token' && onToken) {
      onToken(m.text.slice(printed));
      printed = m.text.length;
    }
  });
  process.once('SIGINT', () => void worker.cancel());
  worker.start(kind, spec);
  const outcome = await worker.finished;
  if (outcome.status === 'done') return outcome.result;
  if (outcome.status === 'cancelled') throw new AppError('CANCELLED', 'Cancelled');
  throw new AppError(outcome.error.code, outcome.error.message, outcome.error.details);
}

async function main(argv: string[]): Promise<unknown> {
  const [command, ...rest] = argv;
  if (command === 'train') {
    const { values } = parseArgs({
      args: rest,
      options: { model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' }, epochs: { type: 'string' }, lr: { type: 'string' }, resume: { type: 'boolean' } },
    });
    const parsed = TrainSpec.safeParse({
      ...readConfig(values.config),
      ...dropUndefined({ model: values.model, data: values.data, outDir: values.out, epochs: num(values.epochs), learningRate: num(values.lr), resume: values.resume }),
    });
    if (!parsed.success) throw validationError('train', parsed.error);
    return runWorker('train', parsed.data);
  }
  if (command === 'generate') {
    const { values } = parseArgs({
      args: rest,
      options: {
        model: { type: 'string' },
        adapter: { type: 'string' },
        merge: { type: 'boolean' },
        prompt: { type: 'string' },
        raw: { type: 'boolean' },
        'max-new-tokens': { type: 'string' },
        temperature: { type: 'string' },
        'top-p': { type: 'string' },
        'top-k': { type: 'string' },
        'repetition-penalty': { type: 'string' },
        seed: { type: 'string' },
        stop: { type: 'string', multiple: true },
      },
    });
    const parsed = GenerateSpec.safeParse(
      dropUndefined({
        model: values.model,
        adapter: values.adapter,
        merge: values.merge,
        prompt: values.prompt,
        chat: values.raw ? false : undefined,
        maxNewTokens: num(values['max-new-tokens']),
        temperature: num(values.temperature),
        topP: num(values['top-p']),
        topK: num(values['top-k']),
        repetitionPenalty: num(values['repetition-penalty']),
        seed: num(values.seed),
        stop: values.stop,
      }),
    );
    if (!parsed.success) throw validationError('generate', parsed.error);
    const result = await runWorker('generate', parsed.data, (t) => process.stderr.write(t));
    process.stderr.write('\n');
    return result;
  }
  if (command === 'export') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { format: { type: 'string' }, quant: { type: 'string' }, out: { type: 'string' }, adapter: { type: 'string' }, data: { type: 'string' }, 'no-validate': { type: 'boolean' } },
    });
    if (!positionals[0] || !values.format) throw new AppError('VALIDATION_ERROR', `export: a job id or model folder and --format are required\n${USAGE}`);
    const spec = cliExportSpec({ target: positionals[0], format: values.format, quant: values.quant, out: values.out, adapter: values.adapter, data: values.data, validate: !values['no-validate'] });
    return runWorker('export', spec);
  }
  if (command === 'validate-data' || command === 'data-report') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { model: { type: 'string' }, out: { type: 'string' }, 'max-length': { type: 'string' }, 'skip-bad-rows': { type: 'boolean' } },
    });
    const file = positionals[0];
    if (!file) throw new AppError('VALIDATION_ERROR', `${command}: which file?\n${USAGE}`);
    if (command === 'data-report' && !values.out) throw new AppError('VALIDATION_ERROR', `data-report: --out REPORT.html is required\n${USAGE}`);
    const checked = await checkDataFile(runWorker, { file, model: values.model, maxLength: num(values['max-length']), skipBadRows: values['skip-bad-rows'] ?? false });
    if (command === 'validate-data') return checked.report;
    await writeReport(values.out!, checked);
    return { out: values.out, rows: checked.report.rows, warnings: checked.report.warnings };
  }
  throw new AppError('VALIDATION_ERROR', `${command ? `unknown command ${command}` : 'no command'}\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (err: unknown) => {
    process.stdout.write(`${JSON.stringify(toErrorShape(err))}\n`);
    process.exitCode = 1;
  },
);
