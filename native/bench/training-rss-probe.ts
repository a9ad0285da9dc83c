/**
 * node dist/native/bench/training-rss-probe.js MODEL_DIR SEQ BATCH — one process, one run: loads the
 * model, trains three LoRA steps on synthetic rows, and prints as JSON the process's RSS before
 * loading and at its highest after any step, beside the training-memory estimate for the same run.
 * A process of its own because the wasm heap never shrinks: a second run in the same process would
 * be measured on top of the first one's peak. Used by test/native/engine/training-rss.test.ts.
 */
import { loadDecoder } from '../engine/load-model.js';
import { attachLora, LORA_DEFAULTS } from '../engine/lora.js';
import { Rng } from '../engine/rng.js';
import { train } from '../engine/trainer.js';
import { trainingMemoryEstimate } from '../models/training-memory.js';
import { loadTf } from '../runtimes/tfjs.js';
import { bareTrainerConfig } from './bare-trainer-config.js';

async function main(): Promise<void> {
  const [dir, seqArg, batchArg] = process.argv.slice(2);
  if (!dir) throw new Error('usage: training-rss-probe.js MODEL_DIR SEQ BATCH');
  const seq = Number(seqArg ?? 128);
  const batch = Number(batchArg ?? 1);
  const { tf } = await loadTf();
  const rssBefore = process.memoryUsage().rss;
  const m = await loadDecoder(tf, dir);
  const params = attachLora(tf, m.weights, LORA_DEFAULTS, new Rng(1));
  const vocab = m.config.vocabSize;
  const examples = Array.from({ length: batch * 3 }, (_, j) => ({
    ids: Array.from({ length: seq }, (_, i) => (i * 7 + j * 13) % vocab),
    targetMask: Array.from({ length: seq }, (_, i) => (i > seq / 8 ? 1 : 0)),
  }));
  let rssPeak = process.memoryUsage().rss;
  await train(
    tf,
    { shape: m.config, weights: m.weights, params },
    { train: examples },
    bareTrainerConfig(batch, 1e-3),
    { onStep: () => void (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)) },
    new AbortController().signal,
  );
  const estimate = trainingMemoryEstimate(m.config, { method: 'lora', rank: LORA_DEFAULTS.rank, batchSize: batch, seqLen: seq, bytesPerParam: 4 });
  // The last line of stdout (loading TF.js may print before it).
  process.stdout.write(`\n${JSON.stringify({ rssBefore, rssPeak, estimate })}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
