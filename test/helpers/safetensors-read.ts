import fs from 'node:fs';

/** Reads every F32 tensor of a .safetensors file (8-byte header length, JSON header, data), for comparisons. */
export function readF32Tensors(file: string): Map<string, Float32Array> {
  const buf = fs.readFileSync(file);
  const headerLen = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + headerLen).toString('utf8')) as Record<string, { dtype: string; data_offsets: [number, number] }>;
  const base = 8 + headerLen;
  const out = new Map<string, Float32Array>();
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (t.dtype !== 'F32') throw new Error(`${file}: ${name} is ${t.dtype}, expected F32`);
    const bytes = buf.subarray(base + t.data_offsets[0], base + t.data_offsets[1]);
    out.set(name, new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
  }
  return out;
}

/** The largest absolute difference between two sets of tensors with the same names and sizes. */
export function maxAbsDiff(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  if ([...a.keys()].sort().join() !== [...b.keys()].sort().join()) throw new Error('tensor names differ');
  let max = 0;
  for (const [name, x] of a) {
    const y = b.get(name)!;
    if (x.length !== y.length) throw new Error(`${name}: ${x.length} vs ${y.length} elements`);
    for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - y[i]!));
  }
  return max;
}
