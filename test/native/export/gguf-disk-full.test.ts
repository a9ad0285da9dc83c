import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeGguf, type GgufTensor } from '../../../native/export/gguf-writer.js';
import { tempDir } from '../../helpers/temp-dir.js';

/**
 * A disk that fills up mid-export: FileHandle writes start failing with ENOSPC after a few MB (fault
 * injected into node:fs/promises, which the writer uses). The export fails with that error, and
 * neither the final path nor the temporary file is left.
 */
type Write = fsp.FileHandle['write'];
let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

async function failWritesAfter(bytes: number): Promise<void> {
  const probe = await fsp.open(path.join(tempDir(), 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as { write: Write };
  await probe.close();
  const original = proto.write;
  let written = 0;
  proto.write = async function (this: fsp.FileHandle, ...args: Parameters<Write>) {
    const data = args[0] as unknown as Uint8Array;
    const length = typeof args[2] === 'number' ? args[2] : data.length;
    if (written + length > bytes) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    written += length;
    return (original as (...a: unknown[]) => ReturnType<Write>).apply(this, args);
  } as Write;
  restore = () => (proto.write = original);
}

const tensors = (n: number): GgufTensor[] =>
  Array.from({ length: n }, (_, i) => ({ name: `blk.${i}.ffn_up.weight`, shape: [512, 512], type: 'F16' as const, data: new Float32Array(512 * 512).fill(i / n) }));

describe('GGUF export on a full disk', () => {
  it('fails with ENOSPC and leaves nothing at the final path or beside it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'model-f16.gguf');
    await failWritesAfter(3 * 2 ** 20);
    await expect(writeGguf(file, new Map([['general.architecture', { type: 'string', value: 'llama' }]]), tensors(16))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes the same file in full once the disk has room (the fault is what failed it)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'model-f16.gguf');
    const { bytes } = await writeGguf(file, new Map([['general.architecture', { type: 'string', value: 'llama' }]]), tensors(16));
    expect(fs.statSync(file).size).toBe(bytes);
    expect(bytes).toBeGreaterThan(16 * 512 * 512 * 2);
    expect(fs.readdirSync(dir)).toEqual(['model-f16.gguf']);
  });
});
