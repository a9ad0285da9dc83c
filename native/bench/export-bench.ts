/**
 * npm run bench:export — GGUF write speed on the ~25M-parameter Llama config of bench:train
 * (h512, 6 layers, 8 heads / 4 KV heads, intermediate 1408, vocab 8192), random N(0, 0.02) weights
 * held in memory: F16 in MB/s of file written, each quantized type in parameters/s, and in the same
 * run `cp` of a file of the F16 size, with the ratio F16 / cp against the target (>= 50%). Our
 * writer also fsyncs before its rename (a crash never leaves half a file); `cp` does not, so the
 * ratio is also shown against `cp` + fsync of the copy.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GgufType } from '../../electron/contract/exports.js';
import { Rng } from '../engine/rng.js';
import { writeGguf, type GgufTensor, type GgufValue } from '../export/gguf-writer.js';
import { chooseTensorType } from '../export/quant/mix.js';

const C = { hidden: 512, layers: 6, heads: 8, kvHeads: 4, headDim: 64, inter: 1408, vocab: 8192 };

function modelTensors(): { name: string; shape: number[]; data: Float32Array }[] {
  const rng = new Rng(1);
  const t: { name: string; shape: number[]; data: Float32Array }[] = [];
  const add = (name: string, shape: number[]) => t.push({ name, shape, data: name.endsWith('norm.weight') ? new Float32Array(shape[0]!).fill(1) : rng.normal(shape.reduce((a, b) => a * b, 1), 0.02) });
  const h = C.hidden;
  add('token_embd.weight', [C.vocab, h]);
  for (let i = 0; i < C.layers; i++) {
    add(`blk.${i}.attn_norm.weight`, [h]);
    add(`blk.${i}.attn_q.weight`, [C.heads * C.headDim, h]);
    add(`blk.${i}.attn_k.weight`, [C.kvHeads * C.headDim, h]);
    add(`blk.${i}.attn_v.weight`, [C.kvHeads * C.headDim, h]);
    add(`blk.${i}.attn_output.weight`, [h, C.heads * C.headDim]);
    add(`blk.${i}.ffn_norm.weight`, [h]);
    add(`blk.${i}.ffn_gate.weight`, [C.inter, h]);
    add(`blk.${i}.ffn_up.weight`, [C.inter, h]);
    add(`blk.${i}.ffn_down.weight`, [h, C.inter]);
  }
  add('output_norm.weight', [h]);
  add('output.weight', [C.vocab, h]);
  return t;
}

const meta = new Map<string, GgufValue>([['general.architecture', { type: 'string', value: 'llama' }]]);

async function timeWrite(file: string, tensors: GgufTensor[]): Promise<{ seconds: number; bytes: number }> {
  const t0 = performance.now();
  const { bytes } = await writeGguf(file, meta, tensors);
  return { seconds: (performance.now() - t0) / 1000, bytes };
}

function timeCp(from: string, to: string, sync: boolean): number {
  fs.rmSync(to, { force: true });
  const t0 = performance.now();
  execFileSync('cp', [from, to]);
  if (sync) {
    const fd = fs.openSync(to, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-export-bench-'));
  try {
    const raw = modelTensors();
    const params = raw.reduce((a, t) => a + t.data.length, 0);
    console.log(`bench:export — ${(params / 1e6).toFixed(1)}M-parameter llama (h${C.hidden}, ${C.layers} layers, vocab ${C.vocab}), ${os.cpus().length} CPUs, ${os.tmpdir()}`);
    const tensorsFor = (fileType: GgufType): GgufTensor[] => raw.map((t) => ({ ...t, type: chooseTensorType(fileType, t.name, t.shape, { numLayers: C.layers, hasOutput: true }).type }));

    // F16 and cp: best of 3 each, alternating, so page-cache and disk state are shared fairly.
    const f16File = path.join(dir, 'f16.gguf');
    const copy = path.join(dir, 'copy.gguf');
    let f16 = Infinity;
    let bytes = 0;
    let cp = Infinity;
    let cpSync = Infinity;
    for (let r = 0; r < 3; r++) {
      const w = await timeWrite(f16File, tensorsFor('F16'));
      f16 = Math.min(f16, w.seconds);
      bytes = w.bytes;
      cp = Math.min(cp, timeCp(f16File, copy, false));
      cpSync = Math.min(cpSync, timeCp(f16File, copy, true));
    }
    const mb = bytes / 1e6;
    const ratio = cp / f16;
    console.log(`F16 write: ${(mb / f16).toFixed(0)} MB/s (${mb.toFixed(1)} MB in ${(f16 * 1000).toFixed(0)} ms, incl. fsync), ${(params / f16 / 1e6).toFixed(1)}M params/s`);
    console.log(`cp of the same ${mb.toFixed(1)} MB: ${(mb / cp).toFixed(0)} MB/s (${(cp * 1000).toFixed(0)} ms); cp + fsync: ${(mb / cpSync).toFixed(0)} MB/s`);
    console.log(`F16 / cp = ${(ratio * 100).toFixed(0)}% (F16 / (cp + fsync) = ${((cpSync / f16) * 100).toFixed(0)}%): target >= 50% ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`);
    fs.rmSync(copy, { force: true });

    for (const fileType of ['Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q4_0'] as const) {
      const file = path.join(dir, `${fileType}.gguf`);
      const w = await timeWrite(file, tensorsFor(fileType));
      console.log(`${fileType.padEnd(7)} ${(params / w.seconds / 1e6).toFixed(2)}M params/s (${w.seconds.toFixed(2)} s, ${(w.bytes / 1e6).toFixed(1)} MB, ${((w.bytes * 8) / params).toFixed(2)} bits/param)`);
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
