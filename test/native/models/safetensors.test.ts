import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafetensorsFile } from '../../../native/models/safetensors.js';
import { SafetensorsModelFiles } from '../../../native/models/safetensors-model-files.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { expectAppError, rawSafetensors, tinyLlamaDir, u16Bytes } from './model-fixtures.js';

const tinyFile = path.join(tinyLlamaDir, 'model.safetensors');

/** The header parsed the plain way, independently of the reader under test. */
function independentHeader(file: string): { n: number; entries: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> } {
  const buf = fs.readFileSync(file);
  const n = Number(buf.readBigUInt64LE(0));
  return { n, entries: JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) };
}

describe('SafetensorsFile on the real hf-tiny-random-llama', () => {
  it('lists the 21 tensors with the shapes and F32 dtype of a 2-layer, hidden-16 Llama', async () => {
    const f = await SafetensorsFile.open(tinyFile);
    expect(f.names()).toHaveLength(21);
    expect(f.metadata).toEqual({ format: 'pt' });
    expect(f.tensors().every((t) => t.dtype === 'F32')).toBe(true);
    expect(f.info('model.embed_tokens.weight').shape).toEqual([32000, 16]);
    expect(f.info('lm_head.weight').shape).toEqual([32000, 16]);
    expect(f.info('model.layers.1.mlp.down_proj.weight').shape).toEqual([16, 64]);
    expect(f.info('model.layers.0.mlp.gate_proj.weight').shape).toEqual([64, 16]);
    expect(f.info('model.norm.weight').shape).toEqual([16]);
    const { entries } = independentHeader(tinyFile);
    for (const t of f.tensors()) expect(t.shape).toEqual(entries[t.name]!.shape);
  });

  it('counts parameters as the sum of the header shapes (no tensor data read)', async () => {
    const f = await SafetensorsFile.open(tinyFile);
    const { entries } = independentHeader(tinyFile);
    const expected = Object.entries(entries)
      .filter(([k]) => k !== '__metadata__')
      .reduce((s, [, e]) => s + e.shape.reduce((a, d) => a * d, 1), 0);
    expect(f.tensors().reduce((s, t) => s + t.elements, 0)).toBe(expected);
    expect(expected).toBe(1_032_272); // 2 * 32000 * 16 + 2 * 4128 + 16
  });

  it('reads tensors back exactly as the bytes in the file', async () => {
    const f = await SafetensorsFile.open(tinyFile);
    const { n, entries } = independentHeader(tinyFile);
    const buf = fs.readFileSync(tinyFile);
    for (const name of ['model.norm.weight', 'model.layers.0.self_attn.q_proj.weight', 'lm_head.weight']) {
      const [begin] = entries[name]!.data_offsets;
      const got = await f.read(name);
      expect(got.length).toBe(f.info(name).elements);
      for (let i = 0; i < got.length; i += Math.max(1, Math.floor(got.length / 997))) {
        expect(got[i]).toBe(buf.readFloatLE(8 + n + begin + 4 * i));
      }
      const raw = await f.readBytes(name);
      expect(Buffer.from(raw).equals(buf.subarray(8 + n + begin, 8 + n + entries[name]!.data_offsets[1]))).toBe(true);
    }
  });

  it('opens the folder as SafetensorsModelFiles (single file, no index)', async () => {
    const m = await SafetensorsModelFiles.open(tinyLlamaDir);
    expect(m.files).toHaveLength(1);
    expect(m.fileOf('model.norm.weight')).toBe(tinyFile);
    await expectAppError(() => m.info('model.nope'), tinyLlamaDir, 'MODEL_ERROR', 'model.nope');
  });
});

describe('F16 and BF16 tensors widen to Float32', () => {
  it('decodes known bit patterns, including rounding of 0.333, subnormals, infinities and NaN', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'half.safetensors');
    // binary16: 1.5=3E00, -2=C000, 0.333->3554 (0.3330078125), 65504=7BFF, 2^-24=0001, -0=8000, inf=7C00, NaN=7E00
    const f16 = [0x3e00, 0xc000, 0x3554, 0x7bff, 0x0001, 0x8000, 0x7c00, 0x7e00];
    // bfloat16: 1.5=3FC0, -2=C000, 0.333->3EAA (0.33203125), 3.140625=4049, -inf=FF80, NaN=7FC0
    const bf16 = [0x3fc0, 0xc000, 0x3eaa, 0x4049, 0xff80, 0x7fc0];
    const a = u16Bytes(f16);
    const b = u16Bytes(bf16);
    const data = new Uint8Array([...a, ...b]);
    fs.writeFileSync(file, rawSafetensors({
      h: { dtype: 'F16', shape: [2, 4], data_offsets: [0, a.length] },
      b: { dtype: 'BF16', shape: [6], data_offsets: [a.length, a.length + b.length] },
    }, data));
    const f = await SafetensorsFile.open(file);
    const h = await f.read('h');
    expect([...h.slice(0, 7)]).toEqual([1.5, -2, 0.3330078125, 65504, 2 ** -24, -0, Infinity].map(Math.fround));
    expect(Object.is(h[5], -0)).toBe(true);
    expect(Number.isNaN(h[7])).toBe(true);
    expect(Math.abs(h[2]! - 0.333)).toBeLessThan(2 ** -12); // within half an F16 step at 0.333
    const bf = await f.read('b');
    expect([...bf.slice(0, 5)]).toEqual([1.5, -2, 0.33203125, 3.140625, -Infinity]);
    expect(Number.isNaN(bf[5])).toBe(true);
  });
});
