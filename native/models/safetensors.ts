import fs from 'node:fs/promises';
import os from 'node:os';
import { bf16BytesToF32, f16BytesToF32 } from './half-float.js';
import { errorText, modelError } from './model-error.js';
import { headerLength, parseHeaderJson, type SafetensorsHeader, type TensorInfo } from './safetensors-header.js';

export type { SafetensorsDtype, TensorInfo } from './safetensors-header.js';

/** One read() call moves at most this much: Node caps a single read near 2 GiB. */
const CHUNK_BYTES = 1 << 30;
const littleEndianHost = os.endianness() === 'LE';

/** Fills `into` from `position`, looping because read() may return fewer bytes than asked. */
async function readExactly(handle: fs.FileHandle, into: Uint8Array, position: number, file: string, tensor?: string): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const want = Math.min(CHUNK_BYTES, into.length - done);
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(into, done, want, position + done));
    } catch (err) {
      throw modelError(file, `read failed at byte ${position + done} (${errorText(err)})`, tensor);
    }
    if (bytesRead === 0) throw modelError(file, `file ends at byte ${position + done}, before the ${into.length} bytes expected at ${position} (truncated?)`, tensor);
    done += bytesRead;
  }
}

async function openForRead(file: string): Promise<fs.FileHandle> {
  try {
    return await fs.open(file, 'r');
  } catch (err) {
    throw modelError(file, `cannot open (${errorText(err)})`);
  }
}

/**
 * A .safetensors file whose header has been read and validated; tensors are read one at a time, on
 * demand, with positioned reads, so a model larger than memory can still be inspected and streamed.
 * Each read opens the file afresh: there is no handle to forget to close.
 */
export class SafetensorsFile {
  private constructor(
    readonly file: string,
    readonly sizeBytes: number,
    private readonly header: SafetensorsHeader,
  ) {}

  /** Reads and validates only the header (8 + N bytes). */
  static async open(file: string): Promise<SafetensorsFile> {
    const handle = await openForRead(file);
    try {
      const { size } = await handle.stat();
      const prefix = new Uint8Array(8);
      if (size >= 8) await readExactly(handle, prefix, 0, file);
      const n = headerLength(prefix, size, file);
      const json = new Uint8Array(n);
      await readExactly(handle, json, 8, file);
      return new SafetensorsFile(file, size, parseHeaderJson(json, size, file));
    } finally {
      await handle.close();
    }
  }

  get metadata(): Readonly<Record<string, string>> {
    return this.header.metadata;
  }

  /** Tensor names in header order. */
  names(): string[] {
    return [...this.header.tensors.keys()];
  }

  tensors(): TensorInfo[] {
    return [...this.header.tensors.values()];
  }

  has(name: string): boolean {
    return this.header.tensors.has(name);
  }

  info(name: string): TensorInfo {
    const t = this.header.tensors.get(name);
    if (!t) throw modelError(this.file, 'no such tensor in this file', name);
    return t;
  }

  /** The tensor's raw little-endian bytes, exactly as stored. */
  async readBytes(name: string): Promise<Uint8Array> {
    const t = this.info(name);
    const bytes = new Uint8Array(t.end - t.start);
    const handle = await openForRead(this.file);
    try {
      await readExactly(handle, bytes, t.start, this.file, name);
    } finally {
      await handle.close();
    }
    return bytes;
  }

  /** The tensor as Float32 (F16 and BF16 widen exactly), row-major in `info(name).shape`. */
  async read(name: string): Promise<Float32Array> {
    const t = this.info(name);
    if (t.dtype === 'F16') return f16BytesToF32(await this.readBytes(name));
    if (t.dtype === 'BF16') return bf16BytesToF32(await this.readBytes(name));
    const out = new Float32Array(t.elements);
    const bytes = new Uint8Array(out.buffer);
    const handle = await openForRead(this.file);
    try {
      // Read straight into the Float32Array's memory: no second copy of a large tensor.
      await readExactly(handle, bytes, t.start, this.file, name);
    } finally {
      await handle.close();
    }
    if (!littleEndianHost) {
      const view = new DataView(out.buffer);
      for (let i = 0; i < t.elements; i++) out[i] = view.getFloat32(4 * i, true);
    }
    return out;
  }
}
