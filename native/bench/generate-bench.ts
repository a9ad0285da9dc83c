/**
 * npm run bench:generate — time to first token and decode tokens/s of each Playground runtime on
 * the same weights: the engine (TF.js), llama.cpp (an F32 GGUF, node-llama-cpp) and onnxruntime (an
 * F32 ONNX folder), for the bundled demo model and a ~25M-parameter Llama-shaped config, greedy,
 * one thread each (FACTS.md: llama.cpp generation is fastest with one thread on this machine). The
 * line to watch is the engine's tokens/s against llama.cpp's in the same run: target >= 0.5x.
 *
 * The engine is measured twice: as the Playground runs it (the host decode path, host-decoder.ts:
 * native sgemm add-on with one thread, or plain JS without it) and through TF.js generate() for
 * reference (its wasm matmuls may use the add-on's two threads; FTS_NATIVE_MATMUL=0 turns that off).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SamplingParams } from '../../electron/contract/playground.js';
import { Rng } from '../engine/rng.js';
import { exportDecoderGguf } from '../export/gguf-decoder.js';
import { writeCompanionFiles } from '../export/onnx/companion-files.js';
import { writeDecoderOnnx } from '../export/onnx/decoder-graph.js';
import { HfWeightSource } from '../export/onnx/hf-weights.js';
import { readModelConfig } from '../models/hf-config.js';
import { writeSafetensors, type F32TensorToWrite } from '../models/safetensors-writer.js';
import { loadEngineRunner } from '../playground/engine-runner.js';
import { loadGgufRunner } from '../playground/gguf-runner.js';
import { loadOnnxRunner } from '../playground/onnx-runner.js';
import type { GenerateInput } from '../protocol.js';
import { streamAnswer, type Runner } from '../playground/runner.js';



const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DEMO = path.join(root, 'resources', 'models', 'demo-llama');
const PROMPT = 'The capital of France is Paris. The capital of Japan is Tokyo. The capital of Italy is';
const NEW_TOKENS = Number(process.env.BENCH_NEW_TOKENS ?? 128);

/** The ~25M config of bench:train (h512, 6 layers, 8 heads / 4 KV heads, vocab 8192) with random weights and the demo tokenizer. */
async function writeMediumModel(dir: string): Promise<void> {
  const h = 512, layers = 6, heads = 8, kv = 4, hd = 64, inter = 1408, vocab = 8192;
  const rng = new Rng(3);
  const tensors: F32TensorToWrite[] = [];
  const add = (name: string, shape: number[], fill?: number) =>
    tensors.push({ name, dtype: 'F32', shape, data: fill === undefined ? rng.normal(shape.reduce((a, b) => a * b, 1), 0.02) : new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill) });
  add('model.embed_tokens.weight', [vocab, h]);
  for (let i = 0; i < layers; i++) {
    const p = `model.layers.${i}.`;
    add(`${p}input_layernorm.weight`, [h], 1);
    add(`${p}post_attention_layernorm.weight`, [h], 1);
    add(`${p}self_attn.q_proj.weight`, [heads * hd, h]);
    add(`${p}self_attn.k_proj.weight`, [kv * hd, h]);
    add(`${p}self_attn.v_proj.weight`, [kv * hd, h]);
    add(`${p}self_attn.o_proj.weight`, [h, heads * hd]);
    add(`${p}mlp.gate_proj.weight`, [inter, h]);
    add(`${p}mlp.up_proj.weight`, [inter, h]);
    add(`${p}mlp.down_proj.weight`, [h, inter]);
  }
  add('model.norm.weight', [h], 1);
  add('lm_head.weight', [vocab, h]);
  fs.mkdirSync(dir, { recursive: true });
  const demo = JSON.parse(fs.readFileSync(path.join(DEMO, 'config.json'), 'utf8')) as Record<string, unknown>;
  const config = { ...demo, hidden_size: h, num_hidden_layers: layers, num_attention_heads: heads, num_key_value_heads: kv, head_dim: hd, intermediate_size: inter, vocab_size: vocab, max_position_embeddings: 1024 };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'generation_config.json']) fs.copyFileSync(path.join(DEMO, f), path.join(dir, f));
  await writeSafetensors(path.join(dir, 'model.safetensors'), tensors);
}

function parameters(config: Awaited<ReturnType<typeof readModelConfig>>): number {
  const { hiddenSize: h, numHeads: nh, numKvHeads: kv, headDim: hd, intermediateSize: i, vocabSize: v, numLayers: l } = config;
  return 2 * v * h + l * (2 * h * nh * hd + 2 * h * kv * hd + 3 * h * i + 2 * h) + h;
}

interface Figure {
  runtime: string;
  ttftMs: number;
  tokensPerS: number;
  tokens: number;
}

const GREEDY: SamplingParams = { greedy: true, temperature: 0, topP: 1, topK: 0, repetitionPenalty: 1, maxNewTokens: NEW_TOKENS, seed: 0, stop: [] };

/** One warm-up answer (kernels compiled, caches allocated), then the best of two measured ones. */
async function measure(runner: Runner): Promise<Figure> {
  const input = (max: number): GenerateInput => ({ mode: 'raw', system: '', prompt: PROMPT, history: [], params: { ...GREEDY, maxNewTokens: max } });
  await streamAnswer(runner, input(8), new AbortController().signal, () => undefined);
  let best: Figure | null = null;
  for (let i = 0; i < 2; i++) {
    const { stats } = await streamAnswer(runner, input(NEW_TOKENS), new AbortController().signal, () => undefined);
    if (!best || stats.tokensPerSecond > best.tokensPerS) best = { runtime: stats.runtime, ttftMs: stats.timeToFirstTokenMs, tokensPerS: stats.tokensPerSecond, tokens: stats.tokens };
  }
  await runner.dispose();
  return best!;
}

async function benchModel(name: string, dir: string, work: string): Promise<void> {
  const config = await readModelConfig(dir);
  const gguf = path.join(work, `${name}-f32.gguf`);
  await exportDecoderGguf(dir, gguf, { type: 'F32' });
  const onnx = path.join(work, `${name}-onnx`);
  fs.mkdirSync(onnx, { recursive: true });
  await writeDecoderOnnx(onnx, config, await HfWeightSource.open(dir), { int8: false });
  await writeCompanionFiles(dir, onnx, config);

  const figures: Figure[] = [];
  figures.push(await measure(await loadEngineRunner({ model: dir })));
  figures.push(await measure(await loadGgufRunner({ file: gguf, tokenizer: dir })));
  figures.push(await measure(await loadOnnxRunner(onnx)));
  figures.push(await measure(await loadEngineRunner({ model: dir, tfjs: true })));
  const llama = figures[1]!;
  console.log(`\n${name}: ${(parameters(config) / 1e6).toFixed(2)}M params, F32, prompt ${PROMPT.length} chars, greedy, ${NEW_TOKENS} new tokens`);
  for (const f of figures) {
    console.log(
      `  ${f.runtime.padEnd(52)} TTFT ${f.ttftMs.toFixed(1).padStart(8)} ms   ${f.tokensPerS.toFixed(1).padStart(8)} tokens/s   (${f.tokens} tokens)   ${(f.tokensPerS / llama.tokensPerS).toFixed(2)}x llama.cpp`,
    );
  }
  const ratio = figures[0]!.tokensPerS / llama.tokensPerS;
  console.log(`  engine / llama.cpp tokens/s: ${ratio.toFixed(2)} (target >= 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'})`);
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-bench-generate-'));
  try {
    console.log(`bench:generate — greedy, one thread per runtime (the TF.js reference line excepted: ${process.env.FTS_NATIVE_MATMUL === '0' ? 'wasm kernels, 1 thread' : 'its matmuls may use the sgemm add-on with 2 threads'})`);
    await benchModel('bundled demo-llama', DEMO, work);
    const medium = path.join(work, 'medium');
    await writeMediumModel(medium);
    await benchModel('~25M llama (h512, 6 layers, vocab 8192)', medium, work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
