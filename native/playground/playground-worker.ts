/**
 * The playground worker: forked by main for one target and kept warm while the Playground uses it.
 * It loads the target once (`load`), then answers `generate` requests one after another, streaming
 * `token` deltas; `stop` aborts the answer in progress. Main unloads it by killing the process.
 */
import { toErrorShape } from '../../electron/contract/errors.js';
import type { PlaygroundTarget } from '../../electron/contract/playground.js';
import { autoGguf } from './auto-gguf.js';
import { loadEngineRunner } from './engine-runner.js';
import { loadGgufRunner } from './gguf-runner.js';
import { loadOnnxRunner } from './onnx-runner.js';
import { FromPlayground, ToPlayground, type GenerateInput } from '../protocol.js';
import { streamAnswer, type Runner } from './runner.js';

if (!process.send) {
  process.stderr.write('native/playground/playground-worker must be started by the app (child_process.fork)\n');
  process.exit(2);
}

function send(msg: FromPlayground): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(msg, undefined, {}, () => resolve());
  });
}

const progress = (fraction: number, message: string) => void send({ type: 'loading', progress: Math.min(1, Math.max(0, fraction)), message });

async function load(target: PlaygroundTarget, cacheDir: string): Promise<Runner> {
  switch (target.kind) {
    case 'engine':
      progress(0.1, target.adapter ? 'Loading weights and adapter (engine)' : 'Loading weights (engine)');
      return loadEngineRunner({ model: target.model, adapter: target.adapter });
    case 'gguf':
      progress(0.05, 'Loading GGUF (llama.cpp)');
      return loadGgufRunner({ file: target.file, tokenizer: target.tokenizer, onProgress: (p) => progress(0.05 + 0.9 * p, 'Loading GGUF (llama.cpp)') });
    case 'gguf-auto': {
      progress(0.02, 'Looking for a cached GGUF');
      const file = await autoGguf(cacheDir, target.model, target.adapter, (m) => progress(0.1, m));
      return loadGgufRunner({ file, tokenizer: target.model, onProgress: (p) => progress(0.5 + 0.45 * p, 'Loading GGUF (llama.cpp)') });
    }
    case 'onnx':
      progress(0.1, 'Loading ONNX model (onnxruntime)');
      return loadOnnxRunner(target.folder);
  }
}

let runner: Runner | null = null;
let loading = false;
const queue: { requestId: string; input: GenerateInput }[] = [];
const aborts = new Map<string, AbortController>();
let draining = false;

async function drain(): Promise<void> {
  if (draining || !runner) return;
  draining = true;
  try {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const abort = aborts.get(job.requestId) ?? new AbortController();
      aborts.set(job.requestId, abort);
      try {
        const { text, stats } = await streamAnswer(runner, job.input, abort.signal, (delta) => void send({ type: 'token', requestId: job.requestId, delta }));
        await send({ type: 'done', requestId: job.requestId, text, stats });
      } catch (err) {
        await send({ type: 'failed', requestId: job.requestId, ...toErrorShape(err) });
      } finally {
        aborts.delete(job.requestId);
      }
    }
  } finally {
    draining = false;
  }
}

process.on('message', (raw: unknown) => {
  const parsed = ToPlayground.safeParse(raw);
  if (!parsed.success) return;
  const msg = parsed.data;
  if (msg.type === 'stop') {
    // A stop may arrive before its generate was dequeued: remember it so the answer ends at once.
    const abort = aborts.get(msg.requestId) ?? new AbortController();
    abort.abort();
    aborts.set(msg.requestId, abort);
    return;
  }
  if (msg.type === 'generate') {
    queue.push({ requestId: msg.requestId, input: msg.input });
    void drain();
    return;
  }
  if (runner || loading) return;
  loading = true;
  const t0 = performance.now();
  load(msg.target, msg.cacheDir).then(
    async (r) => {
      runner = r;
      loading = false;
      await send({ type: 'ready', runtime: r.runtime, loadMs: performance.now() - t0 });
      void drain();
    },
    async (err: unknown) => {
      await send({ type: 'failed', ...toErrorShape(err) });
      process.exit(1);
    },
  );
});

// Without main there is nobody to answer: stop rather than hold memory for nothing.
process.on('disconnect', () => process.exit(0));
