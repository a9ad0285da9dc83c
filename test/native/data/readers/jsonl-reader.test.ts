import { describe, expect, it } from 'vitest';
import { openJsonlReader } from '../../../../native/data/readers/jsonl-reader.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { fileProblem, readAll, write } from './read-all.js';

const jsonl = (content: string | Uint8Array) => openJsonlReader(write(tempDir(), 'd.jsonl', content));

describe('JSONL reader', () => {
  it('reads one object per line, skips blank lines, unions keys in first-seen order', async () => {
    const got = await readAll(jsonl('{"a":1,"b":"x"}\n\n  \n{"c":[1,2],"a":2}\r\n{"b":null}'));
    expect(got.rows).toEqual([
      { line: 1, record: { a: 1, b: 'x' } },
      { line: 4, record: { c: [1, 2], a: 2 } },
      { line: 5, record: { b: null } },
    ]);
    expect(got.info.columns).toEqual(['a', 'b', 'c']);
    expect(got.info.lineEndings).toBe('mixed');
  });

  it('reports a broken line with JSON.parse\'s reason and reads the others', async () => {
    const got = await readAll(jsonl('{"a":1}\n{"a":2\n{"a":3}\n'));
    expect(got.rows.map((r) => r.line)).toEqual([1, 3]);
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]).toMatchObject({ code: 'BAD_JSON', line: 2 });
    expect(got.problems[0]!.message).toMatch(/Line 2 is not valid JSON \(.+\)/);
  });

  it('reports rows that are not objects', async () => {
    const got = await readAll(jsonl('[1,2]\n"text"\n42\nnull\n{"ok":true}\n'));
    expect(got.problems.map((p) => [p.code, p.line])).toEqual([
      ['NOT_AN_OBJECT', 1],
      ['NOT_AN_OBJECT', 2],
      ['NOT_AN_OBJECT', 3],
      ['NOT_AN_OBJECT', 4],
    ]);
    expect(got.rows).toHaveLength(1);
  });

  it('reads mixed schemas and wrong value types as they are (judged later)', async () => {
    const got = await readAll(jsonl('{"instruction":"a","output":"b"}\n{"messages":[{"role":"user","content":"hi"}]}\n{"instruction":5,"output":{"x":1}}\n'));
    expect(got.rows).toHaveLength(3);
    expect(got.problems).toEqual([]);
    expect(got.info.columns).toEqual(['instruction', 'output', 'messages']);
  });

  it('reports invalid UTF-8 on its line, strips a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from('\uFEFF{"a":"ok"}\n{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n{"a":"fine"}\n')]);
    const got = await readAll(jsonl(bytes));
    expect(got.problems).toMatchObject([{ code: 'ENCODING', line: 2 }]);
    expect(got.rows.map((r) => r.line)).toEqual([1, 3]);
    expect(got.info.hadBom).toBe(true);
  });

  it('refuses an empty file, blank lines only, binary content and a 10 MB line', async () => {
    expect(await fileProblem(jsonl(''))).toMatchObject({ problem: 'EMPTY_FILE' });
    expect(await fileProblem(jsonl('\n\n  \n'))).toMatchObject({ problem: 'NO_ROWS' });
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919) % 251;
    expect(await fileProblem(jsonl(random))).toMatchObject({ problem: 'BINARY_FILE' });
    const big = await fileProblem(jsonl(`{"a":1}\n{"a":"${'y'.repeat(10_000_000)}"}\n`));
    expect(big).toMatchObject({ problem: 'ROW_TOO_LARGE', line: 2 });
  });
});
