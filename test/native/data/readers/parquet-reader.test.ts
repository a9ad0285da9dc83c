import fs from 'node:fs';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { openParquetReader } from '../../../../native/data/readers/parquet-reader.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { fileProblem, readAll, SHARED_DATA, write } from './read-all.js';

const utf8 = (name: string) => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }) as const;

/** A file with a list<struct> column, a struct column and an int64 beyond 2^53, written as real nested Parquet. */
function nestedParquet(): ArrayBuffer {
  return parquetWriteBuffer({
    columnData: [
      { name: 'id', data: [1n, 2n, 9007199254740993n] },
      { name: 'messages', data: [[{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yo' }], [], [{ role: 'user', content: 'x' }]] },
      { name: 'meta', data: [{ source: 'a', score: 1.5 }, { source: 'b', score: 2 }, { source: 'c', score: 3 }] },
    ],
    schema: [
      { name: 'root', num_children: 3 },
      { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
      { name: 'messages', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
      utf8('role'),
      utf8('content'),
      { name: 'meta', repetition_type: 'OPTIONAL', num_children: 2 },
      utf8('source'),
      { name: 'score', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
    ],
  });
}

describe('Parquet reader', () => {
  it('reads the real angry-tweets train split', async () => {
    const got = await readAll(openParquetReader(path.join(SHARED_DATA, 'parquet-angry-tweets', 'train-00000-of-00001.parquet')));
    expect(got.rows).toHaveLength(2411);
    expect(got.info.columns).toEqual(['text', 'label']);
    expect(got.info.columnTypes).toMatchObject({ text: 'string' });
    expect(got.rows[0]!.line).toBe(1);
    expect(got.rows.at(-1)!.line).toBe(2411);
    expect(typeof got.rows[0]!.record.text).toBe('string');
  });

  it('decodes nested columns to arrays and objects, and big int64 to strings', async () => {
    const file = write(tempDir(), 'nested.parquet', new Uint8Array(nestedParquet()));
    const got = await readAll(openParquetReader(file));
    expect(got.info.columnTypes).toEqual({ id: 'int64', messages: 'list<struct>', meta: 'struct' });
    expect(got.info.notes?.join(' ')).toMatch(/messages \(list<struct>\).*meta \(struct\)/);
    expect(got.rows.map((r) => r.record)).toEqual([
      { id: 1, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yo' }], meta: { source: 'a', score: 1.5 } },
      { id: 2, messages: [], meta: { source: 'b', score: 2 } },
      { id: '9007199254740993', messages: [{ role: 'user', content: 'x' }], meta: { source: 'c', score: 3 } },
    ]);
  });

  it('refuses a truncated file and a file that is not Parquet', async () => {
    const dir = tempDir();
    const whole = new Uint8Array(nestedParquet());
    const cut = write(dir, 'cut.parquet', whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await fileProblem(openParquetReader(cut))).toMatchObject({ problem: 'BAD_PARQUET' });
    const real = fs.readFileSync(path.join(SHARED_DATA, 'parquet-angry-tweets', 'test-00000-of-00001.parquet'));
    const chopped = write(dir, 'chopped.parquet', real.subarray(0, real.length - 100));
    expect(await fileProblem(openParquetReader(chopped))).toMatchObject({ problem: 'BAD_PARQUET' });
    const text = write(dir, 'text.parquet', 'a,b\n1,2\n');
    const err = await fileProblem(openParquetReader(text));
    expect(err).toMatchObject({ problem: 'BAD_PARQUET' });
    expect(err.err.message).toMatch(/not a readable Parquet file/);
    expect(await fileProblem(openParquetReader(write(dir, 'empty.parquet', '')))).toMatchObject({ problem: 'EMPTY_FILE' });
  });
});
