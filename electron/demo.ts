/**
 * `npm run demo`: the main job headless on the bundled defaults, through the same job queue as the
 * app (so the runs show on the Jobs, Datasets and Export pages): the sample dataset imported,
 * validated and prepared; a self-test; greedy answers before training; LoRA fine-tuning; the answers
 * again; then GGUF, Ollama and ONNX exports, each proven by llama.cpp or onnxruntime. It must learn
 * (at least 90% exact answers after training, fewer before) and every export's proof must pass.
 */
import path from 'node:path';
import { AppError, toErrorShape } from './contract/errors.js';
import { PrepareRecipe, type DatasetVersion, type ValidationReport } from './contract/datasets.js';
import type { ExportResult } from './contract/exports.js';
import { JobSpec, type EvaluateResult, type Job } from './contract/jobs.js';
import { appRoot, dataDir } from './paths.js';
import { Services } from './services.js';

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const REQUIRED_ACCURACY = 0.9;

function runJob(services: Services, raw: unknown): Promise<Job> {
  return waitJob(services, services.scheduler.submit(JobSpec.parse(raw)));
}

function waitJob(services: Services, job: Job): Promise<Job> {
  let lastMessage = '';
  return new Promise((resolve, reject) => {
    services.hub.subscribe(
      {
        id: `demo-${job.id}`,
        send: (event, payload) => {
          const j = payload as Job;
          if (event !== 'jobs:changed' || j.id !== job.id) return;
          if (j.message && j.message !== lastMessage && /step \d+0\/|Completed|Loading/.test(j.message)) {
            lastMessage = j.message;
            process.stderr.write(`  [${job.kind}] ${(j.progress * 100).toFixed(0).padStart(3)}% ${j.message}\n`);
          }
          if (!TERMINAL.has(j.state)) return;
          services.hub.dropSession(`demo-${job.id}`);
          if (j.state === 'completed') resolve(j);
          else reject(new AppError(j.error?.code ?? 'INTERNAL_ERROR', `${job.kind} job ${j.state}: ${j.error?.message ?? j.message ?? ''}`));
        },
      },
      'jobs:changed',
    );
  });
}

async function main(): Promise<void> {
  const root = appRoot();
  const model = path.join(root, 'resources', 'models', 'demo-llama');
  const sample = path.join(root, 'resources', 'datasets', 'demo-instructions.jsonl');
  const services = new Services({ dataDir: dataDir(), mode: 'web' });
  const outDir = path.join(services.opts.dataDir, 'runs', `demo-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  try {
    process.stderr.write('0/5 import, validate and prepare the sample dataset\n');
    const imported = (await waitJob(services, services.datasets.startImport({ file: sample, name: 'demo-instructions', txtMode: 'auto', skipBadRows: false }))).result as DatasetVersion;
    const checked = (await waitJob(services, services.datasets.startValidate({ versionId: imported.id, model, maxLength: 128 }))).result as ValidationReport;
    process.stderr.write(`    ${imported.rows} rows, ${imported.mapping?.kind ?? 'no schema'}; ${checked.usableRows} usable, longest ${checked.tokens?.max ?? '?'} tokens, ${checked.warnings.length} warnings\n`);
    // Every row is trained on: the demo shows the model learning its data, not generalising.
    const prepared = (await waitJob(services, services.datasets.startPrepare(PrepareRecipe.parse({ sources: [{ versionId: imported.id, percent: 100 }], split: { validation: 0, test: 0 }, name: 'demo-instructions (prepared)' }))))
      .result as DatasetVersion;
    const data = services.datasets.splitFile(prepared.id, 'train');
    process.stderr.write('1/5 self-test\n');
    const selftest = await runJob(services, { kind: 'selftest', spec: {} });
    process.stderr.write('2/5 answers before fine-tuning\n');
    const before = (await runJob(services, { kind: 'evaluate', spec: { model, data, maxNewTokens: 24 } })).result as EvaluateResult;
    process.stderr.write(`    ${before.exact}/${before.total} exact\n3/5 LoRA fine-tuning (${outDir})\n`);
    const train = await runJob(services, {
      kind: 'train',
      spec: { model, data, outDir, epochs: 40, batchSize: 8, learningRate: 0.01, warmupSteps: 5, schedule: 'cosine', checkpointEvery: 40, lora: { rank: 16, alpha: 32 } },
    });
    process.stderr.write('4/5 answers after fine-tuning\n');
    const after = (await runJob(services, { kind: 'evaluate', spec: { model, adapter: path.join(outDir, 'adapter'), data, maxNewTokens: 24 } })).result as EvaluateResult;
    process.stderr.write(`    ${after.exact}/${after.total} exact\n`);
    for (const s of after.samples.slice(0, 3)) process.stderr.write(`    Q: ${s.prompt}\n    A: ${s.got}\n`);
    process.stderr.write('5/5 exports of the tuned model, each proven by an independent runtime\n');
    const adapter = path.join(outDir, 'adapter');
    const exportJob = async (format: 'gguf' | 'ollama' | 'onnx', out: string, quant: 'F32' | 'F16' = 'F32') =>
      (await runJob(services, { kind: 'export', spec: { model, adapter, format, quant, out, data, ollama: format === 'ollama' ? { name: 'demo-llama-tuned' } : undefined } })).result as ExportResult;
    const exported = await exportJob('gguf', path.join(outDir, 'demo-llama-tuned.gguf'));
    const ollama = await exportJob('ollama', path.join(outDir, 'ollama'), 'F16');
    const onnx = await exportJob('onnx', path.join(outDir, 'onnx'));
    for (const e of [exported, ollama, onnx]) {
      for (const v of e.validations) process.stderr.write(`    ${e.format}: ${v.runtime}: ${v.identical}/${v.prompts} greedy answers identical${v.maxAbsLogitDiff !== undefined ? `, max |Δlogit| ${v.maxAbsLogitDiff.toExponential(1)}` : ''} (${v.passed ? 'passed' : 'FAILED'})\n`);
    }
    process.stderr.write(`    Ollama: ${ollama.ollama?.created === 'no' ? `no Ollama here; create it with: ${ollama.ollama.command}` : `ollama run ${ollama.ollama?.name}`}\n`);
    const proof = exported.validations[0]!;
    const learned = after.accuracy >= REQUIRED_ACCURACY && before.accuracy < REQUIRED_ACCURACY;
    const proven = [exported, ollama, onnx].every((e) => e.validations.every((v) => v.passed)) && proof.identical === proof.prompts;
    process.stdout.write(
      `${JSON.stringify({ learned, proven, accuracyBefore: before.accuracy, accuracyAfter: after.accuracy, train: train.result, selftest: selftest.result, adapter, gguf: exported, ollama, onnx })}\n`,
    );
    if (!learned || !proven) process.exitCode = 1;
  } finally {
    await services.close();
  }
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify(toErrorShape(err))}\n`);
  process.exitCode = 1;
});
