import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../electron/contract/errors.js';
import { f32ToBf16Bits, f32ToF16Bits } from '../../models/half-float.js';
import { DTYPE_BYTES, type SafetensorsDtype } from '../../models/safetensors-header.js';
import { f32LittleEndianBytes, safetensorsHeaderBytes, writeAll } from '../../models/safetensors-writer.js';

/** One tensor of a file being planned: the header needs every shape and offset before any data. */
export interface PlannedTensor {
  name: string;
  dtype: SafetensorsDtype;
  shape: readonly number[];
}

export interface WrittenWeights {
  /** File names written, relative to the folder. */
  files: string[];
  /** model.safetensors.index.json when sharded. */
  index: string | null;
  totalBytes: number;
}

/** transformers' default is 5 GB shards; we cut at 2 GB so no single file nears Node's 2 GiB read cap. */
export const DEFAULT_SHARD_BYTES = 2_000_000_000;

function bytesOf(t: PlannedTensor): number {
  return t.shape.reduce((a, d) => a * d, 1) * DTYPE_BYTES[t.dtype];
}

/** F32 values in `dtype`'s little-endian bytes (F16/BF16 rounded to nearest even). */
export function encodeTensor(values: Float32Array, dtype: SafetensorsDtype): Uint8Array {
  if (dtype === 'F32') return f32LittleEndianBytes(values);
  const toBits = dtype === 'F16' ? f32ToF16Bits : f32ToBf16Bits;
  const out = new Uint8Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const b = toBits(values[i]!);
    out[2 * i] = b & 0xff;
    out[2 * i + 1] = b >>> 8;
  }
  return out;
}

/**
 * Writes `tensors` in order as model.safetensors, or as model-0000i-of-0000N.safetensors shards with
 * model.safetensors.index.json ({metadata: {total_size}, weight_map}) when they exceed `maxShardBytes`,
 * as transformers' save_pretrained names them. Data is streamed: `produce` is asked for one tensor's
 * bytes at a time, so only one tensor is ever in memory.
 */
export async function writeModelWeights(
  dir: string,
  tensors: readonly PlannedTensor[],
  produce: (t: PlannedTensor) => Promise<Uint8Array>,
  opts: { maxShardBytes?: number; metadata?: Record<string, string>; fileName?: string } = {},
): Promise<WrittenWeights> {
  const max = opts.maxShardBytes ?? DEFAULT_SHARD_BYTES;
  const metadata = opts.metadata ?? { format: 'pt' };
  const shards: PlannedTensor[][] = [[]];
  let size = 0;
  for (const t of tensors) {
    const n = bytesOf(t);
    if (size > 0 && size + n > max) {
      shards.push([]);
      size = 0;
    }
    shards[shards.length - 1]!.push(t);
    size += n;
  }
  const base = opts.fileName ?? 'model.safetensors';
  const stem = base.replace(/\.safetensors$/, '');
  const names = shards.length === 1 ? [base] : shards.map((_, i) => `${stem}-${String(i + 1).padStart(5, '0')}-of-${String(shards.length).padStart(5, '0')}.safetensors`);
  let totalBytes = 0;
  const weightMap: Record<string, string> = {};
  for (const [i, shard] of shards.entries()) {
    const file = path.join(dir, names[i]!);
    const handle = await fs.open(file, 'wx');
    try {
      await writeAll(handle, safetensorsHeaderBytes(shard, metadata));
      for (const t of shard) {
        const bytes = await produce(t);
        if (bytes.length !== bytesOf(t)) throw new AppError('EXPORT_ERROR', `${file}: tensor ${t.name} produced ${bytes.length} bytes, expected ${bytesOf(t)}`);
        await writeAll(handle, bytes);
        weightMap[t.name] = names[i]!;
        totalBytes += bytes.length;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  let index: string | null = null;
  if (shards.length > 1) {
    index = `${stem}.safetensors.index.json`;
    await fs.writeFile(path.join(dir, index), `${JSON.stringify({ metadata: { total_size: totalBytes }, weight_map: weightMap }, null, 2)}\n`);
  }
  return { files: names, index, totalBytes };
}
