import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../electron/contract/errors.js';
import { errorText, modelError } from './model-error.js';

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

/**
 * Header bytes: JSON padded with spaces so the byte buffer starts on an 8-byte boundary, as the
 * reference writer does (the format allows trailing whitespace in the header).
 */
function headerBytes(tensors: readonly F32TensorToWrite[], metadata: Record<string, string>): Uint8Array {
  // Entries, then fromEntries: a tensor named "__proto__" must stay a plain key.
  const entries: [string, unknown][] = Object.keys(metadata).length > 0 ? [['__metadata__', metadata]] : [];
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.data.length * 4;
    entries.push([t.name, { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + bytes] }]);
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
function dataBytes(data: Float32Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
  return out;
}

async function writeAll(handle: fs.FileHandle, bytes: Uint8Array): Promise<void> {
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
    await writeAll(handle, headerBytes(tensors, metadata));
    for (const t of tensors) await writeAll(handle, dataBytes(t.data));
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
  // Persist the rename itself; some filesystems cannot fsync a directory, which is harmless.
  const dirHandle = await fs.open(dir, 'r').catch(() => undefined);
  await dirHandle?.sync().catch(() => undefined);
  await dirHandle?.close().catch(() => undefined);
}
