import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { SafetensorsFile } from '../../../native/models/safetensors.js';
import { SafetensorsModelFiles } from '../../../native/models/safetensors-model-files.js';
import { writeSafetensors, type F32TensorToWrite } from '../../../native/models/safetensors-writer.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { expectAppError } from './model-fixtures.js';

function tensor(name: string, shape: number[], seed: number): F32TensorToWrite {
  const n = shape.reduce((a, d) => a * d, 1);
  return { name, dtype: 'F32', shape, data: Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 1000 + i) * 3) };
}

describe('writeSafetensors', () => {
  it('round-trips tensors, metadata, scalars and empty tensors, with an 8-byte aligned data section', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'adapter.safetensors');
    const tensors = [tensor('a.weight', [3, 5], 1), tensor('b', [7], 2), tensor('scalar', [], 3), tensor('empty', [0, 4], 4), tensor('__proto__', [2], 5)];
    await writeSafetensors(file, tensors, { format: 'pt', note: 'ünïcode ✓' });
    const f = await SafetensorsFile.open(file);
    expect(f.names()).toEqual(tensors.map((t) => t.name));
    expect(f.metadata).toEqual({ format: 'pt', note: 'ünïcode ✓' });
    for (const t of tensors) {
      expect(f.info(t.name).shape).toEqual(t.shape);
      expect(await f.read(t.name)).toEqual(t.data);
    }
    const n = Number(fs.readFileSync(file).readBigUInt64LE(0));
    expect((8 + n) % 8).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['adapter.safetensors']); // no temp file left behind
  });

  it('replaces an existing file whole', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ckpt.safetensors');
    await writeSafetensors(file, [tensor('x', [100], 1)]);
    await writeSafetensors(file, [tensor('y', [2], 2)]);
    const f = await SafetensorsFile.open(file);
    expect(f.names()).toEqual(['y']);
  });

  it('refuses bad input before creating any file, and keeps an earlier file intact', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ckpt.safetensors');
    await writeSafetensors(file, [tensor('keep', [4], 1)]);
    const before = fs.readFileSync(file);
    const bad: F32TensorToWrite = { name: 'w', dtype: 'F32', shape: [2, 3], data: new Float32Array(5) };
    await expectAppError(() => writeSafetensors(file, [tensor('ok', [2], 2), bad]), file, 'MODEL_ERROR', 'w');
    await expectAppError(() => writeSafetensors(file, [tensor('d', [1], 1), tensor('d', [1], 2)]), file, 'MODEL_ERROR', 'd');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['ckpt.safetensors']);
  });

  it('leaves nothing at the final path (and no temp file) when the write itself fails', async () => {
    const dir = tempDir();
    // The final path is a non-empty folder: everything is written and synced, then the rename fails.
    const file = path.join(dir, 'blocked.safetensors');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'occupant'), 'x');
    await expectAppError(() => writeSafetensors(file, [tensor('x', [1000], 1)]), file);
    expect(fs.readdirSync(dir)).toEqual(['blocked.safetensors']);
    expect(fs.statSync(file).isDirectory()).toBe(true);
    // A folder that does not exist: the temp file cannot be created, nothing appears.
    const missing = path.join(dir, 'no-such-folder', 'out.safetensors');
    await expectAppError(() => writeSafetensors(missing, [tensor('x', [3], 1)]), missing);
    expect(fs.existsSync(missing)).toBe(false);
  });
});

describe('SafetensorsModelFiles with a sharded model', () => {
  async function shardedFixture(): Promise<string> {
    const dir = tempDir();
    await writeSafetensors(path.join(dir, 'model-00001-of-00002.safetensors'), [tensor('model.embed_tokens.weight', [10, 4], 1), tensor('model.norm.weight', [4], 2)]);
    await writeSafetensors(path.join(dir, 'model-00002-of-00002.safetensors'), [tensor('lm_head.weight', [10, 4], 3)]);
    const weightMap = {
      'model.embed_tokens.weight': 'model-00001-of-00002.safetensors',
      'model.norm.weight': 'model-00001-of-00002.safetensors',
      'lm_head.weight': 'model-00002-of-00002.safetensors',
    };
    fs.writeFileSync(path.join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: 336 }, weight_map: weightMap }));
    return dir;
  }

  it('maps every tensor to its shard and reads it from there', async () => {
    const dir = await shardedFixture();
    const m = await SafetensorsModelFiles.open(dir);
    expect(m.files.map((f) => path.basename(f.file))).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    expect(m.names().sort()).toEqual(['lm_head.weight', 'model.embed_tokens.weight', 'model.norm.weight']);
    expect(path.basename(m.fileOf('lm_head.weight'))).toBe('model-00002-of-00002.safetensors');
    expect(await m.read('lm_head.weight')).toEqual(tensor('lm_head.weight', [10, 4], 3).data);
    expect(await m.read('model.norm.weight')).toEqual(tensor('model.norm.weight', [4], 2).data);
  });

  it('refuses an index naming a missing shard, a wrong shard, a path outside the folder, or a tensor stored twice', async () => {
    const index = (dir: string): string => path.join(dir, 'model.safetensors.index.json');
    const rewrite = (dir: string, map: Record<string, string>): void => fs.writeFileSync(index(dir), JSON.stringify({ weight_map: map }));

    let dir = await shardedFixture();
    rewrite(dir, { 'lm_head.weight': 'model-00003-of-00003.safetensors' });
    expect((await expectAppError(() => SafetensorsModelFiles.open(dir), index(dir))).message).toMatch(/missing/);

    dir = await shardedFixture();
    rewrite(dir, { 'lm_head.weight': 'model-00001-of-00002.safetensors' });
    await expectAppError(() => SafetensorsModelFiles.open(dir), index(dir), 'MODEL_ERROR', 'lm_head.weight');

    dir = await shardedFixture();
    rewrite(dir, { 'lm_head.weight': '../model-00002-of-00002.safetensors' });
    expect((await expectAppError(() => SafetensorsModelFiles.open(dir), index(dir))).message).toMatch(/plain file name/);

    dir = await shardedFixture();
    await writeSafetensors(path.join(dir, 'model-00002-of-00002.safetensors'), [tensor('lm_head.weight', [10, 4], 3), tensor('model.norm.weight', [4], 9)]);
    await expectAppError(() => SafetensorsModelFiles.open(dir), path.join(dir, 'model-00002-of-00002.safetensors'), 'MODEL_ERROR', 'model.norm.weight');

    dir = await shardedFixture();
    fs.writeFileSync(index(dir), '{"weight_map": {"a": 3}}');
    await expectAppError(() => SafetensorsModelFiles.open(dir), index(dir));
  });

  it('says what is wrong with a folder that has no safetensors weights', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'pytorch_model.bin'), 'not really');
    const err = await expectAppError(() => SafetensorsModelFiles.open(dir), dir);
    expect(err.message).toMatch(/convert them to safetensors/);
    expect(err).toBeInstanceOf(AppError);
  });
});
