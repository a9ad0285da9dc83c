import fs from 'node:fs/promises';
import { f32ToF16Bits } from '../models/half-float.js';

/**
 * A GGUF v3 writer (ggml's file format): magic "GGUF", version, tensor and metadata counts, typed
 * key/values, tensor infos with dims innermost-first, then tensor data aligned to 32 bytes. Written
 * to a temporary file, fsynced and renamed, so a crash never leaves a partial file at the path.
 */
export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'i32[]'; value: readonly number[] }
  | { type: 'f32[]'; value: readonly number[] };

export type GgufTensorType = 'F32' | 'F16';

export interface GgufTensor {
  name: string;
  /** Row-major shape as in PyTorch ([out, in]); written reversed, as GGUF lists dims innermost first. */
  shape: readonly number[];
  type: GgufTensorType;
  data: Float32Array;
}

const GGUF_MAGIC = 0x46554747; // "GGUF" little-endian
const GGUF_VERSION = 3;
const ALIGNMENT = 32;
const VALUE_TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;
const TENSOR_TYPE: Record<GgufTensorType, number> = { F32: 0, F16: 1 };

class ByteWriter {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number | bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad(to: number): void {
    const extra = (to - (this.length % to)) % to;
    if (extra) this.push(Buffer.alloc(extra));
  }
  concat(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeValue(w: ByteWriter, v: GgufValue): void {
  switch (v.type) {
    case 'u32':
      w.u32(VALUE_TYPE.u32);
      return w.u32(v.value);
    case 'i32':
      w.u32(VALUE_TYPE.i32);
      return w.i32(v.value);
    case 'f32':
      w.u32(VALUE_TYPE.f32);
      return w.f32(v.value);
    case 'bool':
      w.u32(VALUE_TYPE.bool);
      return w.push(Buffer.from([v.value ? 1 : 0]));
    case 'string':
      w.u32(VALUE_TYPE.string);
      return w.str(v.value);
    case 'string[]':
      return writeArray(w, VALUE_TYPE.string, v.value, (s) => w.str(s));
    case 'i32[]':
      return writeArray(w, VALUE_TYPE.i32, v.value, (n) => w.i32(n));
    case 'f32[]':
      return writeArray(w, VALUE_TYPE.f32, v.value, (n) => w.f32(n));
  }
}

/** An array value: its element type, count, then each element. */
function writeArray<T>(w: ByteWriter, elemType: number, items: readonly T[], writeOne: (item: T) => void): void {
  w.u32(VALUE_TYPE.array);
  w.u32(elemType);
  w.u64(items.length);
  for (const item of items) writeOne(item);
}

function tensorBytes(t: GgufTensor): Buffer {
  if (t.type === 'F32') return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const out = Buffer.alloc(t.data.length * 2);
  for (let i = 0; i < t.data.length; i++) out.writeUInt16LE(f32ToF16Bits(t.data[i]!), i * 2);
  return out;
}

export async function writeGguf(file: string, metadata: ReadonlyMap<string, GgufValue>, tensors: readonly GgufTensor[]): Promise<void> {
  const head = new ByteWriter();
  head.u32(GGUF_MAGIC);
  head.u32(GGUF_VERSION);
  head.u64(tensors.length);
  head.u64(metadata.size);
  for (const [key, value] of metadata) {
    head.str(key);
    writeValue(head, value);
  }
  const data = tensors.map(tensorBytes);
  let offset = 0;
  for (const [i, t] of tensors.entries()) {
    head.str(t.name);
    head.u32(t.shape.length);
    for (const d of [...t.shape].reverse()) head.u64(d);
    head.u32(TENSOR_TYPE[t.type]);
    head.u64(offset);
    offset += Math.ceil(data[i]!.length / ALIGNMENT) * ALIGNMENT;
  }
  head.pad(ALIGNMENT);
  const tmp = `${file}.tmp-${process.pid}`;
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.write(head.concat());
    for (const d of data) {
      await handle.write(d);
      const pad = (ALIGNMENT - (d.length % ALIGNMENT)) % ALIGNMENT;
      if (pad) await handle.write(Buffer.alloc(pad));
    }
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await fs.rename(tmp, file);
}
