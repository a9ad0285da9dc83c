import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafetensorsFile } from '../../../native/models/safetensors.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { expectAppError, f32Bytes, rawSafetensors } from './model-fixtures.js';

const f32 = (shape: number[], begin: number, end: number): unknown => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

interface BadCase {
  name: string;
  bytes: () => Uint8Array;
  tensor?: string;
  message: RegExp;
}

const valid = (): Uint8Array => rawSafetensors({ a: f32([2, 2], 0, 16), b: f32([3], 16, 28) }, f32Bytes([1, 2, 3, 4, 5, 6, 7]));

/** Each file is wrong in one way; every one must give MODEL_ERROR naming the file, never a crash or a huge allocation. */
const corpus: BadCase[] = [
  { name: 'empty file', bytes: () => new Uint8Array(0), message: /0 bytes, too short/ },
  { name: 'shorter than the length prefix', bytes: () => new Uint8Array([1, 0, 0]), message: /too short/ },
  { name: 'header length larger than the file', bytes: () => rawSafetensors({ a: f32([1], 0, 4) }, f32Bytes([1]), 10_000n), message: /header length 10000 bytes exceeds/ },
  { name: 'header length near 2^64 (must not wrap)', bytes: () => rawSafetensors({}, new Uint8Array(0), 0xffff_ffff_ffff_fff0n), message: /header length 18446744073709551600 bytes exceeds/ },
  { name: 'header not JSON', bytes: () => rawSafetensors('{"a": {"dtype": "F32", "shape": [1], '), message: /not valid UTF-8 JSON/ },
  { name: 'header not UTF-8', bytes: () => rawSafetensors(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), message: /not valid UTF-8 JSON/ },
  { name: 'header a JSON array', bytes: () => rawSafetensors([1, 2]), message: /not an object/ },
  { name: 'offsets past the end of the file', bytes: () => rawSafetensors({ a: f32([4], 0, 16) }, f32Bytes([1, 2])), tensor: 'a', message: /past the end of the data section/ },
  { name: 'offsets inconsistent with the shape', bytes: () => rawSafetensors({ a: f32([2, 3], 0, 16) }, f32Bytes([1, 2, 3, 4, 5, 6])), tensor: 'a', message: /hold 16 bytes but shape \[2,3\] x F32 needs 24/ },
  { name: 'offsets running backwards', bytes: () => rawSafetensors({ a: f32([0], 8, 4) }, f32Bytes([1, 2, 3])), tensor: 'a', message: /run backwards/ },
  { name: 'negative or fractional offsets', bytes: () => rawSafetensors({ a: f32([1], -4, 0) }, f32Bytes([1])), tensor: 'a', message: /not a pair of non-negative integers/ },
  { name: 'overlapping tensors', bytes: () => rawSafetensors({ a: f32([4], 0, 16), b: f32([2], 8, 16) }, f32Bytes([1, 2, 3, 4])), tensor: 'b', message: /overlap those of tensor 'a'/ },
  { name: 'unsupported dtype I64', bytes: () => rawSafetensors({ ids: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, new Uint8Array(16)), tensor: 'ids', message: /unsupported dtype I64 \(supported: F32, F16, BF16\)/ },
  { name: 'shape with a fraction', bytes: () => rawSafetensors({ a: f32([1.5], 0, 4) }, f32Bytes([1])), tensor: 'a', message: /shape \[1.5\] is not a list/ },
  { name: 'entry without dtype', bytes: () => rawSafetensors({ a: { shape: [1], data_offsets: [0, 4] } }, f32Bytes([1])), tensor: 'a', message: /dtype missing/ },
  { name: '__metadata__ with a non-string value', bytes: () => rawSafetensors({ __metadata__: { step: 3 } }), message: /__metadata__ must map strings to strings/ },
  { name: 'truncated file (cut in the data section)', bytes: () => valid().subarray(0, valid().length - 10), tensor: 'b', message: /past the end of the data section/ },
  { name: 'truncated file (cut in the header)', bytes: () => valid().subarray(0, 20), message: /header length \d+ bytes exceeds/ },
];

describe('safetensors bad-input corpus', () => {
  it('the well-formed control file opens and reads', async () => {
    const file = path.join(tempDir(), 'ok.safetensors');
    fs.writeFileSync(file, valid());
    const f = await SafetensorsFile.open(file);
    expect([...(await f.read('b'))]).toEqual([5, 6, 7]);
  });

  for (const c of corpus) {
    it(`${c.name} -> MODEL_ERROR naming the file`, async () => {
      const file = path.join(tempDir(), 'bad.safetensors');
      fs.writeFileSync(file, c.bytes());
      const err = await expectAppError(() => SafetensorsFile.open(file), file, 'MODEL_ERROR', c.tensor);
      expect(err.message).toMatch(c.message);
    });
  }

  it('a file truncated after its header was read fails the tensor read with MODEL_ERROR', async () => {
    const file = path.join(tempDir(), 'shrinks.safetensors');
    fs.writeFileSync(file, valid());
    const f = await SafetensorsFile.open(file);
    fs.truncateSync(file, fs.statSync(file).size - 8);
    const err = await expectAppError(() => f.read('b'), file, 'MODEL_ERROR', 'b');
    expect(err.message).toMatch(/truncated/);
  });

  it('a missing file, or a folder in its place, is a MODEL_ERROR naming it', async () => {
    const file = path.join(tempDir(), 'absent.safetensors');
    await expectAppError(() => SafetensorsFile.open(file), file);
    fs.mkdirSync(file);
    await expectAppError(() => SafetensorsFile.open(file), file);
  });
});
