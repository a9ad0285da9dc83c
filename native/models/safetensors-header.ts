import { errorText, modelError } from './model-error.js';

/**
 * The safetensors header, validated before any tensor byte is read. Format (huggingface/safetensors,
 * "Format"): 8 bytes little-endian u64 N; N bytes of UTF-8 JSON (may be padded with trailing spaces);
 * then the byte buffer. The JSON maps tensor name -> {dtype, shape, data_offsets: [begin, end]} with
 * offsets relative to the start of the byte buffer, plus an optional "__metadata__" string->string map.
 */

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';
export const SUPPORTED_DTYPES: readonly SafetensorsDtype[] = ['F32', 'F16', 'BF16'];
export const DTYPE_BYTES: Readonly<Record<SafetensorsDtype, number>> = { F32: 4, F16: 2, BF16: 2 };

/** The reference implementation refuses headers over 100 MB (MAX_HEADER_SIZE); so do we. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface TensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  elements: number;
  /** Absolute byte range in the file: [start, end). */
  start: number;
  end: number;
}

export interface SafetensorsHeader {
  file: string;
  /** 8 + N: where the byte buffer begins. */
  dataStart: number;
  metadata: Record<string, string>;
  tensors: Map<string, TensorInfo>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Reads N from the first 8 bytes and checks it against the file size; returns N.
 * N arrives as a u64, so it is read as a BigInt first: a crafted 2^63 must not wrap to a small number.
 */
export function headerLength(prefix: Uint8Array, fileSize: number, file: string): number {
  if (fileSize < 8 || prefix.length < 8) throw modelError(file, `file is ${fileSize} bytes, too short for the 8-byte header length`);
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(fileSize - 8)) throw modelError(file, `header length ${n} bytes exceeds the ${fileSize - 8} bytes after the length prefix (truncated or not a safetensors file)`);
  if (n > BigInt(MAX_HEADER_BYTES)) throw modelError(file, `header length ${n} bytes exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (n < 2n) throw modelError(file, `header length ${n} is too small for a JSON object`);
  return Number(n);
}

function parseEntry(file: string, name: string, raw: unknown, dataStart: number, dataBytes: number): TensorInfo {
  if (!isRecord(raw)) throw modelError(file, 'header entry is not an object', name);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string') throw modelError(file, 'dtype missing', name);
  if (!(SUPPORTED_DTYPES as readonly string[]).includes(dtype)) {
    throw modelError(file, `unsupported dtype ${dtype} (supported: ${SUPPORTED_DTYPES.join(', ')})`, name);
  }
  const dt = dtype as SafetensorsDtype;
  if (!Array.isArray(shape) || !shape.every(isCount)) throw modelError(file, `shape ${JSON.stringify(shape)} is not a list of non-negative integers`, name);
  const dims = shape as number[];
  const elements = dims.reduce((a, d) => a * d, 1); // [] is a scalar: one element
  if (!Number.isSafeInteger(elements)) throw modelError(file, `shape ${JSON.stringify(dims)} has too many elements`, name);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw modelError(file, `data_offsets ${JSON.stringify(offsets)} is not a pair of non-negative integers`, name);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw modelError(file, `data_offsets [${begin}, ${end}] run backwards`, name);
  if (end > dataBytes) throw modelError(file, `data_offsets [${begin}, ${end}] reach past the end of the data section (${dataBytes} bytes; file truncated?)`, name);
  const expected = elements * DTYPE_BYTES[dt];
  if (end - begin !== expected) {
    throw modelError(file, `data_offsets [${begin}, ${end}] hold ${end - begin} bytes but shape ${JSON.stringify(dims)} x ${dt} needs ${expected}`, name);
  }
  return { name, dtype: dt, shape: dims, elements, start: dataStart + begin, end: dataStart + end };
}

/**
 * Validates the JSON header against a file of `fileSize` bytes. The reference reader also refuses
 * gaps between tensors; we accept them (they waste space but cannot make a read go out of bounds)
 * and refuse only what can: ranges past the end, sizes that disagree with the shape, and overlaps.
 */
export function parseHeaderJson(json: Uint8Array, fileSize: number, file: string): SafetensorsHeader {
  const dataStart = 8 + json.length;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (err) {
    throw modelError(file, `header is not valid UTF-8 JSON (${errorText(err)})`);
  }
  if (!isRecord(parsed)) throw modelError(file, 'header JSON is not an object');
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, TensorInfo>();
  for (const [name, raw] of Object.entries(parsed)) {
    if (name === '__metadata__') {
      if (!isRecord(raw) || !Object.values(raw).every((v) => typeof v === 'string')) throw modelError(file, '__metadata__ must map strings to strings');
      Object.assign(metadata, raw);
      continue;
    }
    tensors.set(name, parseEntry(file, name, raw, dataStart, fileSize - dataStart));
  }
  const byStart = [...tensors.values()].filter((t) => t.end > t.start).sort((a, b) => a.start - b.start);
  for (let i = 1; i < byStart.length; i++) {
    const prev = byStart[i - 1]!;
    const cur = byStart[i]!;
    if (cur.start < prev.end) throw modelError(file, `bytes overlap those of tensor '${prev.name}'`, cur.name);
  }
  return { file, dataStart, metadata, tensors };
}
