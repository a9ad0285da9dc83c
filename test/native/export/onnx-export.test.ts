import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult, ExportSpecInput } from '../../../electron/contract/exports.js';
import { ExportSpec } from '../../../electron/contract/exports.js';
import { saveTrainedModel } from '../../../native/engine/checkpoint.js';
import { LORA_DEFAULTS, loraKey } from '../../../native/engine/lora.js';
import { Rng } from '../../../native/engine/rng.js';
import { decoderForward, PROJECTIONS } from '../../../native/engine/llama.js';
import { loadDecoder } from '../../../native/engine/load-model.js';
import { dequantizeInt8PerColumn, quantizeInt8PerColumn } from '../../../native/export/onnx/int8.js';
import { onnxSessionNames, OrtDecoder } from '../../../native/export/onnx/onnx-proof.js';
import { loadOrt } from '../../../native/runtimes/onnx.js';
import { loadTf } from '../../../native/runtimes/tfjs.js';
import { optimumInputNames, optimumOutputNames } from '../../../native/export/onnx/optimum-names.js';
import { exportOnnx, type OnnxExportTestOptions } from '../../../native/tasks/export-onnx.js';
import { reporterFor } from '../../../native/tasks/task.js';
import type { FromWorker } from '../../../native/protocol.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { writeTinyDecoder } from '../../helpers/tiny-decoder.js';

/**
 * The ONNX export's proof (issue 6): onnxruntime-node against the engine on held-out prompts —
 * full-sequence logits within 1e-4 at F32, and greedy generation with past key values fed back
 * equal to the engine's. A graph with a wrong rope must fail the export and leave nothing behind.
 */
const { onnx } = onnxProto;
const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const DATA = path.join(repoRoot, 'resources', 'datasets', 'demo-instructions.jsonl');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-onnx-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(spec: Omit<ExportSpecInput, 'format' | 'data'>, test?: OnnxExportTestOptions, signal = new AbortController().signal, onMessage: (m: FromWorker) => void = () => undefined): Promise<ExportResult> {
  const parsed = ExportSpec.parse({ format: 'onnx', data: DATA, prompts: 4, maxNewTokens: 12, ...spec });
  return exportOnnx(parsed, { signal, report: reporterFor(onMessage) }, test);
}

/** A random model of the given family sharing the demo model's tokenizer (so the held-out prompts encode). */
async function tinyModel(name: string, modelType: 'llama' | 'qwen2', tie: boolean): Promise<string> {
  const folder = path.join(dir, name);
  const vocab = (JSON.parse(fs.readFileSync(path.join(DEMO, 'config.json'), 'utf8')) as { vocab_size: number }).vocab_size;
  await writeTinyDecoder(folder, { modelType, vocab, hidden: 64, heads: 4, kvHeads: 2, intermediate: 128, layers: 2, std: 0.1, tie, seed: modelType === 'qwen2' ? 21 : 22 });
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(DEMO, f), path.join(folder, f));
  return folder;
}

/** A non-zero LoRA adapter (B random, not PEFT's zeros) on every projection of the demo model, in PEFT layout. */
async function randomAdapter(): Promise<string> {
  const config = JSON.parse(fs.readFileSync(path.join(DEMO, 'config.json'), 'utf8')) as { hidden_size: number; intermediate_size: number; num_hidden_layers: number; num_attention_heads: number; num_key_value_heads: number; head_dim: number };
  const { hidden_size: h, intermediate_size: inter, head_dim: hd } = config;
  const dims = { q: [h, config.num_attention_heads * hd], k: [h, config.num_key_value_heads * hd], v: [h, config.num_key_value_heads * hd], o: [config.num_attention_heads * hd, h], gate: [h, inter], up: [h, inter], down: [inter, h] } as const;
  const rank = 4;
  const rng = new Rng(5);
  const params: Record<string, Float32Array> = {};
  const shapes = new Map<string, number[]>();
  for (let i = 0; i < config.num_hidden_layers; i++)
    for (const proj of LORA_DEFAULTS.targets) {
      const [inDim, outDim] = dims[proj];
      for (const [which, shape] of [['A', [inDim, rank]], ['B', [rank, outDim]]] as const) {
        params[loraKey(i, proj, which)] = Float32Array.from({ length: shape[0] * shape[1] }, () => (rng.next() - 0.5) * 0.3);
        shapes.set(loraKey(i, proj, which), [...shape]);
      }
    }
  return saveTrainedModel(path.join(dir, 'demo-adapter'), params, { lora: { ...LORA_DEFAULTS, rank, alpha: 8 }, baseModel: DEMO, shapes });
}

/** model.onnx read back with onnx-proto (an independent decode of what we wrote). */
function readGraph(file: string) {
  const model = onnx.ModelProto.decode(fs.readFileSync(file));
  const g = model.graph;
  if (!g) throw new Error(`${file}: no graph`);
  return { opsets: model.opsetImport, nodes: g.node ?? [], inputs: g.input ?? [], outputs: g.output ?? [], initializers: g.initializer ?? [] };
}

function argmaxOf(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

const dims = (v: { type?: { tensorType?: { shape?: { dim?: { dimParam?: string | null; dimValue?: unknown }[] | null } | null } | null } | null }) =>
  (v.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue)));

describe('ONNX export (Optimum decoder-with-past layout), proven by onnxruntime-node', () => {
  it('the bundled demo model with a LoRA adapter merged: logits within 1e-4, greedy with past equal, folder complete', async () => {
    const out = path.join(dir, 'demo-onnx');
    const messages: FromWorker[] = [];
    const result = await run({ model: DEMO, adapter: await randomAdapter(), out, quant: 'F32' }, undefined, undefined, (m) => messages.push(m));
    const v = result.validations[0]!;
    console.info(`demo+lora F32: max ${v.maxAbsLogitDiff}, mean ${v.meanAbsLogitDiff}, ${result.millis.toFixed(0)} ms`, v.notes);
    expect(v).toMatchObject({ prompts: 4, identical: 4, tokenAgreement: 1, passed: true });
    expect(v.maxAbsLogitDiff).toBeLessThanOrEqual(1e-4);
    expect(fs.readdirSync(out).sort()).toEqual(['config.json', 'generation_config.json', 'model.onnx', 'model.onnx.data', 'tokenizer.json', 'tokenizer_config.json', 'validation.json']);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'validation.json'), 'utf8'))).toMatchObject({ passed: true, identical: 4 });
    expect(result.artifacts.map((a) => [a.kind, path.basename(a.path)])).toEqual([['onnx', 'model.onnx'], ['onnx-data', 'model.onnx.data'], ['validation', 'validation.json']]);
    expect(result.artifacts[1]!.bytes).toBe(fs.statSync(path.join(out, 'model.onnx.data')).size);
    expect(messages.some((m) => m.type === 'artifact' && m.path === path.join(out, 'model.onnx'))).toBe(true);

    // Optimum's names and symbolic dims, opset >= 17, standard ops only, every weight external.
    const model = readGraph(path.join(out, 'model.onnx'));
    expect(model.opsets.map((o) => [o.domain ?? '', Number(o.version)])).toEqual([['', 17]]);
    expect(model.inputs.map((i) => i.name)).toEqual(optimumInputNames(2));
    expect(model.outputs.map((o) => o.name)).toEqual(optimumOutputNames(2));
    expect(optimumInputNames(2)).toEqual(['input_ids', 'attention_mask', 'position_ids', 'past_key_values.0.key', 'past_key_values.0.value', 'past_key_values.1.key', 'past_key_values.1.value']);
    expect(optimumOutputNames(2)).toEqual(['logits', 'present.0.key', 'present.0.value', 'present.1.key', 'present.1.value']);
    const byName = new Map([...model.inputs, ...model.outputs].map((v) => [v.name, dims(v)]));
    expect(byName.get('input_ids')).toEqual(['batch_size', 'sequence_length']);
    expect(byName.get('attention_mask')).toEqual(['batch_size', 'past_sequence_length + sequence_length']);
    expect(byName.get('position_ids')).toEqual(['batch_size', 'sequence_length']);
    expect(byName.get('past_key_values.1.value')).toEqual(['batch_size', 2, 'past_sequence_length', 16]);
    expect(byName.get('present.0.key')).toEqual(['batch_size', 2, 'past_sequence_length + sequence_length', 16]);
    expect(byName.get('logits')).toEqual(['batch_size', 'sequence_length', 434]);
    expect(model.nodes.every((n) => !n.domain)).toBe(true);
    expect(new Set(model.nodes.map((n) => n.opType))).not.toContain('DequantizeLinear');
    const big = model.initializers.filter((t) => (t.dims ?? []).reduce((a, b) => a * Number(b), 1) > 16);
    expect(big.every((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL)).toBe(true);
    // And onnxruntime itself reports them in that order.
    expect(await onnxSessionNames(path.join(out, 'model.onnx'), 2)).toEqual({ inputs: optimumInputNames(2), outputs: optimumOutputNames(2) });
  }, 180_000);

  it('llama-shaped random model (GQA 4/2, untied lm_head): proven', async () => {
    const result = await run({ model: await tinyModel('llama', 'llama', false), out: path.join(dir, 'llama-onnx') });
    const v = result.validations[0]!;
    console.info(`tiny llama: max ${v.maxAbsLogitDiff}, ${result.millis.toFixed(0)} ms`);
    expect(v).toMatchObject({ identical: 4, passed: true });
    expect(v.maxAbsLogitDiff).toBeLessThanOrEqual(1e-4);
  }, 120_000);

  it('qwen2-shaped random model (GQA 4/2, q/k/v biases, tied embeddings): proven', async () => {
    const out = path.join(dir, 'qwen2-onnx');
    const result = await run({ model: await tinyModel('qwen2', 'qwen2', true), out });
    const v = result.validations[0]!;
    console.info(`tiny qwen2: max ${v.maxAbsLogitDiff}, ${result.millis.toFixed(0)} ms`);
    expect(v).toMatchObject({ identical: 4, passed: true });
    expect(v.maxAbsLogitDiff).toBeLessThanOrEqual(1e-4);
    const model = readGraph(path.join(out, 'model.onnx'));
    const names = model.initializers.map((t) => t.name);
    expect(names).toContain('model.layers.0.self_attn.q_proj.bias');
    expect(names).not.toContain('lm_head.weight'); // tied: the head reads the embedding through Gemm(transB)
    // No generation_config.json in the source: written from config.json's token ids.
    expect(JSON.parse(fs.readFileSync(path.join(out, 'generation_config.json'), 'utf8'))).toMatchObject({ bos_token_id: 1, eos_token_id: 2 });
  }, 120_000);

  for (const onnxInt8 of [false, true]) {
    it(`a wrong graph (rope rotated the other way) fails the export with EXPORT_ERROR and leaves no folder${onnxInt8 ? ' (int8 too)' : ''}`, async () => {
      const out = path.join(dir, `broken-onnx-${onnxInt8}`);
      const err = await run({ model: DEMO, out, onnxInt8 }, { breakRope: true }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'EXPORT_ERROR' });
      const v = (err as { details: { validation: { maxAbsLogitDiff: number; passed: boolean; notes: string[] } } }).details.validation;
      console.info(`broken rope${onnxInt8 ? ' int8' : ''}: max ${v.maxAbsLogitDiff}`, v.notes[0]);
      expect(v.passed).toBe(false);
      expect(v.maxAbsLogitDiff).toBeGreaterThan(1e-2);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.existsSync(`${out}.partial`)).toBe(false);
    }, 120_000);
  }

  it('int8 weight-only: DequantizeLinear per channel, the difference reported, greedy mostly agrees on the demo model', async () => {
    const out = path.join(dir, 'int8-onnx');
    const result = await run({ model: DEMO, out, onnxInt8: true, prompts: 8 });
    const v = result.validations[0]!;
    console.info(`demo int8: max ${v.maxAbsLogitDiff}, mean ${v.meanAbsLogitDiff}, identical ${v.identical}/${v.prompts}, agreement ${v.tokenAgreement}, ${result.millis.toFixed(0)} ms`, v.notes);
    expect(v.passed).toBe(true);
    expect(v.maxAbsLogitDiff).toBeGreaterThan(1e-4);
    expect(v.maxAbsLogitDiff).toBeLessThan(1);
    // Measured on the 64-wide demo model: max 0.49, 7 of 8 replies identical, 99% of tokens.
    expect(v.identical).toBeGreaterThanOrEqual(6);
    expect(v.tokenAgreement).toBeGreaterThan(0.9);
    const model = readGraph(path.join(out, 'model.onnx'));
    const dq = model.nodes.filter((n) => n.opType === 'DequantizeLinear');
    expect(dq).toHaveLength(2 * 7);
    expect(dq.every((n) => (n.attribute ?? []).some((a) => a.name === 'axis' && Number(a.i) === 1))).toBe(true);
    const q = model.initializers.find((t) => t.name === 'model.layers.0.mlp.down_proj.weight.int8')!;
    expect(q.dataType).toBe(onnx.TensorProto.DataType.INT8);
    expect(q.dims!.map(Number)).toEqual([176, 64]);
    expect(fs.statSync(path.join(out, 'model.onnx.data')).size).toBeLessThan(fs.statSync(path.join(dir, 'demo-onnx', 'model.onnx.data')).size);
  }, 180_000);

  it('int8: the graph computes exactly what the engine computes with the same int8-rounded weights (the difference is quantization, not the graph)', async () => {
    const file = path.join(dir, 'int8-onnx', 'model.onnx');
    if (!fs.existsSync(file)) await run({ model: DEMO, out: path.dirname(file), onnxInt8: true });
    const { tf } = await loadTf();
    const m = await loadDecoder(tf, DEMO);
    for (const layer of m.weights.layers)
      for (const proj of PROJECTIONS) {
        const [inp, out] = layer[proj].shape;
        const q = quantizeInt8PerColumn(layer[proj].dataSync() as Float32Array, inp, out);
        const w = layer[proj].dataSync() as Float32Array;
        const dq = dequantizeInt8PerColumn(q, inp, out);
        // Round to nearest: each weight within half a step of its column's scale.
        for (let i = 0; i < w.length; i++) expect(Math.abs(w[i]! - dq[i]!)).toBeLessThanOrEqual(q.scale[i % out]! / 2 + 1e-7);
        layer[proj].dispose();
        layer[proj] = tf.tensor2d(dq, [inp, out]);
      }
    const ids = [431, 17, 42, 99, 256, 300, 7, 128, 64, 5, 200, 3];
    const engine = tf.tidy(() => decoderForward(tf, m.config, m.weights, tf.tensor2d([ids], undefined, 'int32')).logits.dataSync() as Float32Array);
    const ort = await OrtDecoder.open(file, m.config.numLayers, m.config.numKvHeads, m.config.headDim);
    const { logits } = await ort.step(ids, null);
    await ort.release();
    let max = 0;
    for (let i = 0; i < engine.length; i++) max = Math.max(max, Math.abs(engine[i]! - logits[i]!));
    console.info(`int8 graph vs engine with int8-rounded weights: max ${max}`);
    expect(max).toBeLessThanOrEqual(1e-4);
  }, 120_000);

  it('a third-party model (hf-tiny-random-llama, MHA, vocab 32000): proven, and ORT with past reproduces its published greedy tokens', async () => {
    const model = path.resolve(repoRoot, '..', 'shared', 'data', 'hf-tiny-random-llama');
    const out = path.join(dir, 'hf-tiny-onnx');
    const result = await run({ model, out, prompts: 2, maxNewTokens: 8 });
    const v = result.validations[0]!;
    console.info(`hf-tiny-random-llama: max ${v.maxAbsLogitDiff}, ${result.millis.toFixed(0)} ms`);
    expect(v).toMatchObject({ passed: true, identical: 2 });
    expect(fs.existsSync(path.join(out, 'special_tokens_map.json'))).toBe(true);
    // The golden value in ../shared/data/README.md: greedy from [1, 2, 3], 8 tokens, no stop ids.
    const ort = await OrtDecoder.open(path.join(out, 'model.onnx'), 2, 4, 4);
    const tokens: number[] = [];
    let step = await ort.step([1, 2, 3], null);
    while (tokens.length < 8) {
      tokens.push(argmaxOf(step.logits.subarray(step.logits.length - 32000)));
      step = await ort.step([tokens[tokens.length - 1]!], step.past);
    }
    await ort.release();
    expect(tokens).toEqual([18568, 1727, 8705, 3598, 27426, 4496, 998, 16911]);
  }, 120_000);

  it('batched, left-padded input: attention_mask and position_ids give each row the logits it gets alone', async () => {
    const file = path.join(dir, 'llama-onnx', 'model.onnx');
    if (!fs.existsSync(file)) await run({ model: await tinyModel('llama', 'llama', false), out: path.dirname(file) });
    const ort = loadOrt();
    const session = await ort.InferenceSession.create(file);
    const vocab = 434;
    const feed = (rows: number[][], masks: number[][]) => {
      const i64 = (m: number[][]) => new ort.Tensor('int64', BigInt64Array.from(m.flat().map((x) => BigInt(x))), [m.length, m[0]!.length]);
      // Optimum's position_ids for left padding: cumsum(mask) - 1, clipped at 0.
      const positions = masks.map((m) => m.map((_, j) => Math.max(0, m.slice(0, j + 1).reduce((a, b) => a + b, 0) - 1)));
      const feeds: Record<string, InstanceType<typeof ort.Tensor>> = { input_ids: i64(rows), attention_mask: i64(masks), position_ids: i64(positions) };
      for (const name of optimumInputNames(2).slice(3)) feeds[name] = new ort.Tensor('float32', new Float32Array(0), [rows.length, 2, 0, 16]);
      return session.run(feeds);
    };
    const long = [431, 17, 42, 99, 256, 300];
    const short = [431, 7, 128];
    const batched = (await feed([long, [0, 0, 0, ...short]], [long.map(() => 1), [0, 0, 0, 1, 1, 1]])).logits!.data as Float32Array;
    const alone = (await feed([short], [short.map(() => 1)])).logits!.data as Float32Array;
    const aloneLong = (await feed([long], [long.map(() => 1)])).logits!.data as Float32Array;
    await session.release();
    let max = 0;
    for (let i = 0; i < long.length * vocab; i++) max = Math.max(max, Math.abs(batched[i]! - aloneLong[i]!));
    const row2 = batched.subarray(long.length * vocab + 3 * vocab);
    for (let i = 0; i < short.length * vocab; i++) max = Math.max(max, Math.abs(row2[i]! - alone[i]!));
    expect(max).toBeLessThanOrEqual(1e-5);
  }, 60_000);

  for (const [when, at] of [['while writing', 0.1], ['during the proof', 0.45]] as const) {
    it(`cancel ${when}: CANCELLED, nothing at the final path or in staging`, async () => {
      const out = path.join(dir, `cancelled-${at}`);
      const ctl = new AbortController();
      const pending = run({ model: DEMO, out }, undefined, ctl.signal, (m) => {
        if (m.type === 'progress' && m.progress >= at) ctl.abort();
      });
      await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.existsSync(`${out}.partial`)).toBe(false);
    }, 60_000);
  }

  it('refuses to write into a folder that already holds files', async () => {
    const out = path.join(dir, 'occupied');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
    await expect(run({ model: DEMO, out })).rejects.toMatchObject({ code: 'EXPORT_ERROR' });
    expect(fs.readdirSync(out)).toEqual(['keep.txt']);
  });
});
