import fs from 'node:fs/promises';
import path from 'node:path';
import { syncDir } from '../util/durable.js';
import { encodeF16 } from './quant/f16.js';
import { encodeTensor, GGML_TYPES, tensorBytes, type GgmlType } from './quant/ggml-types.js';

/**
 * A GGUF v3 writer (ggml's file format): magic "GGUF", version, tensor and metadata counts, typed
 * key/values, tensor infos with dims innermost-first, then tensor data aligned to 32 bytes. Every
 * tensor's size follows from its shape and type, so the header is written first and the tensors are
 * then produced, encoded and written one at a time (the model is never in memory twice). Written to
 * a temporary file, fsynced and renamed, so a crash never leaves a partial file at the path.
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

export type { GgmlType } from './quant/ggml-types.js';

export interface GgufTensor {
  name: string;
  /** Row-major shape as in PyTorch ([out, in]); written reversed, as GGUF lists dims innermost first. */
  shape: readonly number[];
  type: GgmlType;
  /** The values, or a function producing them when the tensor's turn comes (streamed writing). */
  data: Float32Array | (() => Float32Array | Promise<Float32Array>);
}

export interface GgufWriteProgress {
  /** Tensors written so far, of `tensors`; bytes of tensor data written so far, of `bytes`. */
  written: number;
  tensors: number;
  writtenBytes: number;
  bytes: number;
  name: string;
}

export interface GgufWriteOptions {
  onProgress?: (p: GgufWriteProgress) => void;
  /** Checked between tensors; an abort removes the temporary file and rejects. */
  signal?: AbortSignal;
}

const GGUF_MAGIC = 0x46554747; // "GGUF" little-endian
const GGUF_VERSION = 3;
const ALIGNMENT = 32;
const VALUE_TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;

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

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

const EARLY_FLUSH_BYTES = 4 << 20;

async function writeFully(handle: fs.FileHandle, data: Uint8Array): Promise<void> {
  for (let off = 0; off < data.length; ) off += (await handle.write(data, off, data.length - off)).bytesWritten;
}

export async function writeGguf(file: string, metadata: ReadonlyMap<string, GgufValue>, tensors: readonly GgufTensor[], opts: GgufWriteOptions = {}): Promise<{ bytes: number }> {
  const head = new ByteWriter();
  head.u32(GGUF_MAGIC);
  head.u32(GGUF_VERSION);
  head.u64(tensors.length);
  head.u64(metadata.size);
  for (const [key, value] of metadata) {
    head.str(key);
    writeValue(head, value);
  }
  const sizes = tensors.map((t) => {
    const rowLength = t.shape[t.shape.length - 1] ?? 1;
    if (rowLength % GGML_TYPES[t.type].blockValues !== 0) throw new Error(`${t.name}: rows of ${rowLength} values cannot be stored as ${t.type} (blocks of ${GGML_TYPES[t.type].blockValues})`);
    return tensorBytes(t.type, count(t.shape));
  });
  let offset = 0;
  for (const [i, t] of tensors.entries()) {
    head.str(t.name);
    head.u32(t.shape.length);
    for (const d of [...t.shape].reverse()) head.u64(d);
    head.u32(GGML_TYPES[t.type].id);
    head.u64(offset);
    offset += Math.ceil(sizes[i]! / ALIGNMENT) * ALIGNMENT;
  }
  head.pad(ALIGNMENT);
  const total = offset;
  const tmp = `${file}.tmp-${process.pid}`;
  const handle = await fs.open(tmp, 'w');
  try {
    await writeFully(handle, head.concat());
    // Encoding tensor i+1 (CPU, this thread) overlaps writing tensor i (libuv's thread pool).
    let writing: Promise<void> = Promise.resolve();
    const maxF16Bytes = Math.max(0, ...tensors.map((t, i) => (t.type === 'F16' ? sizes[i]! : 0)));
    const spare: (Uint8Array | undefined)[] = [];
    let writtenBytes = 0;
    // Flushing to disk as the file grows (a datasync per EARLY_FLUSH_BYTES, run beside the next
    // writes) leaves the final fsync little to do: the disk works while we encode and write.
    const flushes: Promise<void>[] = [];
    let flushedAt = 0;
    for (const [i, t] of tensors.entries()) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
      const values = typeof t.data === 'function' ? await t.data() : t.data;
      if (values.length !== count(t.shape)) throw new Error(`${t.name}: ${values.length} values for shape [${t.shape.join(', ')}]`);
      // F16 (the bulk of an F16 export) encodes into two alternating buffers: the write of the one
      // before last has finished by now (awaited below before each new write starts).
      const bytes = t.type === 'F16' ? encodeF16(values, (spare[i % 2] ??= new Uint8Array(maxF16Bytes))) : encodeTensor(t.type, values);
      if (bytes.length !== sizes[i]) throw new Error(`${t.name}: the ${t.type} encoder produced ${bytes.length} bytes, expected ${sizes[i]}`);
      await writing;
      const pad = (ALIGNMENT - (bytes.length % ALIGNMENT)) % ALIGNMENT;
      writing = (async () => {
        await writeFully(handle, bytes);
        if (pad) await writeFully(handle, new Uint8Array(pad));
        writtenBytes += bytes.length + pad;
        if (writtenBytes - flushedAt >= EARLY_FLUSH_BYTES) {
          flushedAt = writtenBytes;
          const flush = handle.datasync();
          flush.catch(() => undefined); // awaited below on success; on a failure the write's error is the one thrown
          flushes.push(flush);
        }
        opts.onProgress?.({ written: i + 1, tensors: tensors.length, writtenBytes, bytes: total, name: t.name });
      })();
      writing.catch(() => undefined); // observed at the next await; avoids an unhandled rejection meanwhile
    }
    await writing;
    await Promise.all(flushes);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await fs.rename(tmp, file);
  await syncDir(path.dirname(path.resolve(file)));
  return { bytes: head.length + total };
}
