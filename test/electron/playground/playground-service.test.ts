import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SamplingParams, TokenEvent, WorkerStatus } from '../../../electron/contract/playground.js';
import { EventHub } from '../../../electron/events/event-hub.js';
import { PlaygroundService } from '../../../electron/playground/playground-service.js';
import { Store } from '../../../electron/store/store.js';
import { exportDecoderGguf } from '../../../native/export/gguf-decoder.js';
import { writeCompanionFiles } from '../../../native/export/onnx/companion-files.js';
import { writeDecoderOnnx } from '../../../native/export/onnx/decoder-graph.js';
import { HfWeightSource } from '../../../native/export/onnx/hf-weights.js';
import { readModelConfig } from '../../../native/models/hf-config.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { writeRandomAdapter } from './random-adapter.js';

/**
 * The Playground with the real, built playground worker (npm run build:main) on the bundled model:
 * streaming, stop mid-answer, and greedy answers identical across the engine and llama.cpp (F32).
 */
const MODEL = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const ENTRY = path.join(repoRoot, 'dist', 'native', 'playground', 'playground-worker.js');
const GREEDY: SamplingParams = { greedy: true, temperature: 0.7, topP: 0.95, topK: 40, repetitionPenalty: 1.1, maxNewTokens: 48, seed: 0, stop: [] };

let shared: string;
let gguf: string;
let adapter: string;
let onnx: string;
let tunedOnnx: string;

/** An F32 ONNX folder in Optimum's layout, as the ONNX export job writes it (minus its proof). */
async function writeOnnx(dir: string, adapterDir?: string): Promise<void> {
  const config = await readModelConfig(MODEL);
  fs.mkdirSync(dir, { recursive: true });
  await writeDecoderOnnx(dir, config, await HfWeightSource.open(MODEL, adapterDir), { int8: false });
  await writeCompanionFiles(MODEL, dir, config);
}

beforeAll(() => {
  if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build:main first`);
});

interface Rig {
  pg: PlaygroundService;
  tokens: TokenEvent[];
  statuses: WorkerStatus[];
  close(): void;
}

const rigs: Rig[] = [];
afterEach(() => {
  for (const r of rigs.splice(0)) r.close();
});

function rig(opts: { idleMs?: number; freemem?: () => number; checkEveryMs?: number } = {}): Rig {
  const dir = tempDir('fts-pg-');
  const store = Store.open(dir);
  const hub = new EventHub();
  const tokens: TokenEvent[] = [];
  const statuses: WorkerStatus[] = [];
  const session = {
    id: 'test',
    send: (event: string, payload: unknown) => {
      if (event === 'playground:token') tokens.push(payload as TokenEvent);
      if (event === 'playground:status') statuses.push(payload as WorkerStatus);
    },
  };
  hub.subscribe(session, 'playground:token');
  hub.subscribe(session, 'playground:status');
  const pg = new PlaygroundService(store, hub, { entry: ENTRY, cacheDir: path.join(dir, 'gguf'), ...opts });
  const r = {
    pg,
    tokens,
    statuses,
    close: () => {
      pg.close();
      store.close();
    },
  };
  rigs.push(r);
  return r;
}

const finals = (r: Rig, requestId: string) => r.tokens.filter((t) => t.requestId === requestId && t.done);

async function answers(r: Rig, requestId: string, n: number, timeoutMs = 90_000): Promise<TokenEvent[]> {
  return waitFor(() => finals(r, requestId).length === n && finals(r, requestId), timeoutMs, `${n} finished answers`);
}

describe('the Playground with the real worker', () => {
  beforeAll(async () => {
    shared = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-pg-shared-'));
    gguf = path.join(shared, 'demo-f32.gguf');
    await exportDecoderGguf(MODEL, gguf, { type: 'F32' });
    adapter = path.join(shared, 'adapter');
    await writeRandomAdapter(MODEL, adapter);
    onnx = path.join(shared, 'onnx');
    await writeOnnx(onnx);
    tunedOnnx = path.join(shared, 'onnx-tuned');
    await writeOnnx(tunedOnnx, adapter);
  }, 60_000);
  afterAll(() => fs.rmSync(shared, { recursive: true, force: true }));

  it('streams an answer token by token and reports time to first token and tokens/s', async () => {
    const r = rig();
    const { requestId, targetIds, historyId } = r.pg.send({ mode: 'raw', system: '', prompt: 'The', params: { ...GREEDY, maxNewTokens: 40 }, targets: [{ target: { kind: 'engine', model: MODEL }, history: [] }] });
    const [done] = await answers(r, requestId, 1);
    const deltas = r.tokens.filter((t) => t.requestId === requestId && !t.done);
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.map((d) => d.delta).join('')).toBe(done!.text);
    expect(done!.stats!.tokens).toBeGreaterThan(5);
    expect(done!.stats!.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(done!.stats!.tokensPerSecond).toBeGreaterThan(0);
    expect(done!.stats!.runtime).toMatch(/^engine/);
    expect(r.statuses.some((s) => s.targetId === targetIds[0] && s.state === 'loading')).toBe(true);
    // The run is in history with its answer and stats.
    const [entry] = r.pg.listHistory({ targetId: targetIds[0], limit: 10 });
    expect(entry!.id).toBe(historyId);
    expect(entry!.answers[0]!.text).toBe(done!.text);
    expect(entry!.answers[0]!.stats!.tokens).toBe(done!.stats!.tokens);
  });

  it('keeps the model warm: a second prompt reuses the loaded worker', async () => {
    const r = rig();
    const t = { target: { kind: 'engine' as const, model: MODEL }, history: [] };
    const a = r.pg.send({ mode: 'chat', system: '', prompt: 'Name a primary colour', params: GREEDY, targets: [t] });
    await answers(r, a.requestId, 1);
    const loads = r.statuses.filter((s) => s.state === 'loading').length;
    const b = r.pg.send({ mode: 'chat', system: 'You are terse.', prompt: 'And another?', params: GREEDY, targets: [{ ...t, history: [{ role: 'user', content: 'Name a primary colour' }, { role: 'assistant', content: 'Red.' }] }] });
    await answers(r, b.requestId, 1);
    expect(r.statuses.filter((s) => s.state === 'loading').length).toBe(loads);
    expect(r.pg.workerStates().map((s) => s.state)).toEqual(['ready']);
  });

  it('stops an answer mid-stream', async () => {
    const r = rig();
    // Greedy from "The", the bundled model runs 240 tokens before its EOS: long enough to stop it half way.
    const params = { ...GREEDY, maxNewTokens: 400 };
    const { requestId } = r.pg.send({ mode: 'raw', system: '', prompt: 'The', params, targets: [{ target: { kind: 'engine', model: MODEL }, history: [] }, { target: { kind: 'gguf', file: gguf, tokenizer: MODEL }, history: [] }] });
    await waitFor(() => r.tokens.filter((t) => t.requestId === requestId && !t.done).length >= 4, 60_000, 'first tokens');
    expect(r.pg.stop(requestId)).toEqual({ stopped: true });
    const done = await answers(r, requestId, 2);
    for (const d of done) {
      expect(d.stats!.stopReason).toBe('cancelled');
      expect(d.stats!.tokens).toBeLessThan(400);
    }
  });

  it('gives identical greedy answers on the engine and on llama.cpp (F32 GGUF), base and fine-tuned', async () => {
    const r = rig();
    const prompts = ['What is the capital of France?', 'Name a primary colour', 'Give the opposite of hot'];
    for (const prompt of prompts) {
      const { requestId, targetIds } = r.pg.send({
        mode: 'chat',
        system: '',
        prompt,
        params: GREEDY,
        targets: [
          { target: { kind: 'engine', model: MODEL }, history: [] },
          { target: { kind: 'gguf', file: gguf, tokenizer: MODEL }, history: [] },
          { target: { kind: 'engine', model: MODEL, adapter }, history: [] },
          { target: { kind: 'gguf-auto', model: MODEL, adapter }, history: [] },
        ],
      });
      const done = await answers(r, requestId, 4, 120_000);
      const text = (id: string) => done.find((d) => d.targetId === id)!;
      const [engine, llama, tunedEngine, tunedLlama] = targetIds.map(text);
      expect(engine!.error).toBeUndefined();
      expect(llama!.stats!.runtime).toMatch(/llama\.cpp/);
      expect(llama!.text).toBe(engine!.text);
      expect(tunedLlama!.text).toBe(tunedEngine!.text);
      // The adapter really changes the model.
      expect(tunedEngine!.text).not.toBe(engine!.text);
      expect(engine!.stats!.tokens).toBe(llama!.stats!.tokens);
    }
  }, 240_000);

  it('gives identical greedy answers on the engine and on onnxruntime (F32 ONNX), base and fine-tuned; sampled ones too', async () => {
    const r = rig();
    for (const [prompt, params] of [
      ['What is the capital of France?', GREEDY],
      ['Give the opposite of hot', GREEDY],
      // The ONNX runner samples with the engine's own sampler and seed: same logits, same draws.
      ['Name a primary colour', { ...GREEDY, greedy: false, temperature: 0.9, seed: 11 }],
    ] as const) {
      const { requestId, targetIds } = r.pg.send({
        mode: 'chat',
        system: '',
        prompt,
        params,
        targets: [
          { target: { kind: 'engine', model: MODEL }, history: [] },
          { target: { kind: 'onnx', folder: onnx }, history: [] },
          { target: { kind: 'engine', model: MODEL, adapter }, history: [] },
          { target: { kind: 'onnx', folder: tunedOnnx }, history: [] },
        ],
      });
      const done = await answers(r, requestId, 4, 120_000);
      const [engine, ort, tunedEngine, tunedOrt] = targetIds.map((id) => done.find((d) => d.targetId === id)!);
      expect(ort!.error).toBeUndefined();
      expect(ort!.stats!.runtime).toMatch(/onnxruntime/);
      expect(ort!.text).toBe(engine!.text);
      expect(tunedOrt!.text).toBe(tunedEngine!.text);
      expect(tunedEngine!.text).not.toBe(engine!.text);
    }
  }, 240_000);

  it('unloads idle workers, and the least recently used one under memory pressure', async () => {
    let free = 8 * 1024 ** 3;
    const r = rig({ idleMs: 60_000, freemem: () => free, checkEveryMs: 3_600_000 });
    const one = r.pg.send({ mode: 'raw', system: '', prompt: 'The', params: { ...GREEDY, maxNewTokens: 4 }, targets: [{ target: { kind: 'engine', model: MODEL }, history: [] }] });
    await answers(r, one.requestId, 1);
    const two = r.pg.send({ mode: 'raw', system: '', prompt: 'The', params: { ...GREEDY, maxNewTokens: 4 }, targets: [{ target: { kind: 'gguf', file: gguf, tokenizer: MODEL }, history: [] }] });
    await answers(r, two.requestId, 1);
    expect(r.pg.workerStates()).toHaveLength(2);
    free = 100 * 1024 ** 2;
    r.pg.sweep();
    expect(r.pg.workerStates().map((s) => s.targetId)).toEqual(two.targetIds);
    const unloaded = await waitFor(() => r.statuses.find((s) => s.state === 'unloaded' && s.targetId === one.targetIds[0]), 5_000, 'unloaded status');
    expect(unloaded.reason).toMatch(/memory pressure/);
    free = 8 * 1024 ** 3;
    r.pg.sweep(Date.now() + 61_000);
    expect(r.pg.workerStates()).toEqual([]);
    expect((await waitFor(() => r.statuses.find((s) => s.state === 'unloaded' && s.targetId === two.targetIds[0]), 5_000, 'idle unload')).reason).toMatch(/idle/);
  });

  it('refuses the same target twice and reports a target that cannot load', async () => {
    const r = rig();
    const t = { target: { kind: 'engine' as const, model: MODEL }, history: [] };
    expect(() => r.pg.send({ mode: 'raw', system: '', prompt: 'x', params: GREEDY, targets: [t, t] })).toThrow(/twice/);
    const { requestId } = r.pg.send({ mode: 'raw', system: '', prompt: 'x', params: GREEDY, targets: [{ target: { kind: 'gguf', file: path.join(shared, 'missing.gguf') }, history: [] }] });
    const [done] = await answers(r, requestId, 1);
    expect(done!.error?.message).toBeTruthy();
  });
});

