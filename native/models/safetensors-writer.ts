import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../electron/contract/errors.js';
import { syncDir } from '../util/durable.js';
import { errorText, modelError } from './model-error.js';
import { DTYPE_BYTES, type SafetensorsDtype } from './safetensors-header.js';

export interface F32TensorToWrite {
  name: string;
  dtype: 'F32';
  shape: readonly number[];
  data: Float32Array;
}

const littleEndianHost = os.endianness() === 'LE';

function validate(file: string, tensors: readonly F32TensorToWrite[], metadata: Record<string, string>): void {
  const seen = new Set<string>();
  for (const t of tensors) {
    if (t.name === '__metadata__' || t.name === '') throw modelError(file, 'reserved or empty tensor name', t.name);
    if (seen.has(t.name)) throw modelError(file, 'tensor name given twice', t.name);
    seen.add(t.name);
    if (t.dtype !== 'F32') throw modelError(file, `cannot write dtype ${String(t.dtype)} (only F32)`, t.name);
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw modelError(file, `shape ${JSON.stringify(t.shape)} is not a list of non-negative integers`, t.name);
    const elements = t.shape.reduce((a, d) => a * d, 1);
    if (elements !== t.data.length) throw modelError(file, `shape ${JSON.stringify(t.shape)} has ${elements} elements but data has ${t.data.length}`, t.name);
  }
  if (!Object.values(metadata).every((v) => typeof v === 'string')) throw modelError(file, '__metadata__ values must be strings');
}

/** What the header says of one tensor: the writer's F32 tensors and the exporters' planned ones alike. */
export interface TensorHeaderEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: readonly number[];
}

/**
 * Header bytes: the 8-byte little-endian length, then JSON padded with spaces so the byte buffer
 * starts on an 8-byte boundary, as the reference writer does (the format allows trailing whitespace
 * in the header). Tensors are laid out back to back in the order given. `metadata` null leaves out
 * the "__metadata__" entry.
 */
export function safetensorsHeaderBytes(tensors: readonly TensorHeaderEntry[], metadata: Record<string, string> | null): Uint8Array {
  // Entries, then fromEntries: a tensor named "__proto__" must stay a plain key.
  const entries: [string, unknown][] = metadata !== null ? [['__metadata__', metadata]] : [];
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.shape.reduce((a, d) => a * d, 1) * DTYPE_BYTES[t.dtype];
    entries.push([t.name, { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] }]);
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(Object.fromEntries(entries)), 'utf8');
  const padded = Buffer.alloc(Math.ceil((8 + json.length) / 8) * 8 - 8, 0x20);
  json.copy(padded);
  const out = new Uint8Array(8 + padded.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded.length), true);
  out.set(padded, 8);
  return out;
}

/** Little-endian bytes of the data: a view on little-endian hosts, a swapped copy elsewhere. */
export function f32LittleEndianBytes(data: Float32Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
  return out;
}

/** handle.write may write less than asked (and takes at most 2 GiB at once): loops until all is written. */
export async function writeAll(handle: fs.FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, Math.min(bytes.length - done, 1 << 30));
    done += bytesWritten;
  }
}

/**
 * Writes F32 tensors as a .safetensors file, atomically: into a temporary file in the same folder
 * (so the rename stays on one filesystem), fsync'd, then renamed over `file`. A crash or failure
 * leaves either the old file or the complete new one at `file`, never a torn one.
 */
export async function writeSafetensors(
  file: string,
  tensors: readonly F32TensorToWrite[],
  metadata: Record<string, string> = {},
): Promise<void> {
  validate(file, tensors, metadata);
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx');
    await writeAll(handle, safetensorsHeaderBytes(tensors, Object.keys(metadata).length > 0 ? metadata : null));
    for (const t of tensors) await writeAll(handle, f32LittleEndianBytes(t.data));
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    const kind = code === 'ENOSPC' || code === 'EDQUOT' ? 'RESOURCE_EXHAUSTED' : 'MODEL_ERROR';
    throw new AppError(kind, `${file}: could not write safetensors file (${errorText(err)})`, { file });
  }
  await syncDir(dir);
}
