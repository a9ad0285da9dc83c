import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../electron/contract/errors.js';
import { detectFormat, openReader } from '../../../../native/data/readers/open-reader.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { readAll, SHARED_DATA, write } from './read-all.js';

const head = (text: string | Uint8Array) => (typeof text === 'string' ? Buffer.from(text) : text);

function problemOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return (err.details as { problem?: unknown }).problem;
    throw err;
  }
  return null;
}

describe('detectFormat', () => {
  it('trusts a known extension', () => {
    expect(detectFormat('a.CSV', head('x'))).toBe('csv');
    expect(detectFormat('a.tsv', head('x'))).toBe('tsv');
    expect(detectFormat('a.json', head('{'))).toBe('json');
    expect(detectFormat('a.ndjson', head('{'))).toBe('jsonl');
    expect(detectFormat('a.jsonl', head('{'))).toBe('jsonl');
    expect(detectFormat('a.txt', head('a,b'))).toBe('txt');
    expect(detectFormat('a.parquet', head('PAR1....'))).toBe('parquet');
  });

  it('sniffs content when the extension is unknown', () => {
    expect(detectFormat('data', head('\uFEFF  [{"a":1}]'))).toBe('json');
    expect(detectFormat('data.dat', head('{"a":1}\n{"a":2}'))).toBe('jsonl');
    expect(detectFormat('data.dat', head('a\tb\n1\t2'))).toBe('tsv');
    expect(detectFormat('data.dat', head('a,b\n1,2'))).toBe('csv');
    expect(detectFormat('notes', head('just words\nmore words'))).toBe('txt');
    const parquet = fs.readFileSync(path.join(SHARED_DATA, 'parquet-angry-tweets', 'test-00000-of-00001.parquet')).subarray(0, 8192);
    expect(detectFormat('blob.bin', parquet)).toBe('parquet');
  });

  it('refuses binary content, UTF-16 text and a .parquet that is not Parquet', () => {
    expect(problemOf(() => detectFormat('x.csv', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1])))).toBe('BINARY_FILE');
    expect(problemOf(() => detectFormat('x.bin', Buffer.from([1, 0, 2, 0])))).toBe('BINARY_FILE');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n', 'utf16le')]);
    expect(problemOf(() => detectFormat('x.csv', utf16))).toBe('BINARY_FILE');
    expect(problemOf(() => detectFormat('x.parquet', head('a,b\n1,2')))).toBe('BAD_PARQUET');
  });
});

describe('openReader', () => {
  it('opens each format through one entry point', async () => {
    const dir = tempDir();
    const cases = [
      ['d.csv', 'a,b\n1,2\n'],
      ['d.tsv', 'a\tb\n1\t2\n'],
      ['d.json', '[{"a":"1","b":"2"}]'],
      ['d.jsonl', '{"a":"1","b":"2"}\n'],
    ] as const;
    for (const [name, content] of cases) {
      const file = write(dir, name, content);
      const got = await readAll(openReader(file, detectFormat(file, head(content))));
      expect(got.rows, name).toEqual([{ line: 1 + Number(name.endsWith('sv')), record: { a: '1', b: '2' } }]);
    }
    const txt = write(dir, 'd.txt', 'hello\n');
    expect((await readAll(openReader(txt, 'txt'))).rows).toEqual([{ line: 1, record: { text: 'hello' } }]);
  });

  it('refuses a binary file given to a text reader', async () => {
    const file = write(tempDir(), 'random.csv', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131) % 256)));
    await expect(readAll(openReader(file, 'csv'))).rejects.toMatchObject({ code: 'DATA_ERROR', details: { problem: 'BINARY_FILE' } });
  });
});
