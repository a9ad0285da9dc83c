import { describe, expect, it } from 'vitest';
import { openJsonReader } from '../../../../native/data/readers/json-reader.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { fileProblem, readAll, write } from './read-all.js';

const json = (content: string | Uint8Array, opts = {}) => openJsonReader(write(tempDir(), 'd.json', content), opts);

describe('JSON array reader', () => {
  it('reads the elements with the line each starts on', async () => {
    const got = await readAll(json('[\n  {"a": 1,\n   "b": "x, ] }"},\n  {"a": [2, {"c": "\\"q\\""}]}\n]\n'));
    expect(got.rows).toEqual([
      { line: 2, record: { a: 1, b: 'x, ] }' } },
      { line: 4, record: { a: [2, { c: '"q"' }] } },
    ]);
    expect(got.info.columns).toEqual(['a', 'b']);
  });

  it('reads a compact one-line array cut across many chunks', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ i, text: `row ${i} é ✓` }));
    const got = await readAll(json(JSON.stringify(items)));
    expect(got.rows).toHaveLength(20_000);
    expect(got.rows.at(-1)!.record).toEqual(items.at(-1));
    expect(got.rows.every((r) => r.line === 1)).toBe(true);
  });

  it('reports a broken element at its line and reads the others', async () => {
    const got = await readAll(json('[\n{"a": 1},\n{"a": 2,, "b"},\n{"a": 3},\n5\n]'));
    expect(got.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(got.problems.map((p) => [p.code, p.line])).toEqual([
      ['BAD_JSON', 3],
      ['NOT_AN_OBJECT', 5],
    ]);
    expect(got.problems[0]!.message).toMatch(/item at line 3 is not valid JSON/);
  });

  it('reports an element left open at the end of the file', async () => {
    const got = await readAll(json('[{"a": 1},\n{"a": "never closed'));
    expect(got.rows).toHaveLength(1);
    expect(got.problems).toMatchObject([{ code: 'BAD_JSON', line: 2 }]);
  });

  it('accepts rows wrapped in an object property and notes it', async () => {
    const got = await readAll(json('{"version": "1", "data": [{"a": 1}, {"a": 2}], "count": 2}'));
    expect(got.rows.map((r) => r.record)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(got.info.notes?.join(' ')).toMatch(/"data"/);
  });

  it('refuses a single object, a scalar, JSON Lines in disguise and trailing text', async () => {
    const single = await fileProblem(json('{"instruction": "a", "output": "b"}'));
    expect(single).toMatchObject({ problem: 'NOT_JSON_ARRAY' });
    expect(single.err.message).toMatch(/single JSON object/);
    expect(await fileProblem(json('"just a string"'))).toMatchObject({ problem: 'NOT_JSON_ARRAY' });
    const lines = await fileProblem(json('{"a": 1}\n{"a": 2}\n'));
    expect(lines).toMatchObject({ problem: 'NOT_JSON_ARRAY', line: 2 });
    expect(lines.err.message).toMatch(/\.jsonl/);
    expect(await fileProblem(json('[{"a": 1}] extra'))).toMatchObject({ problem: 'NOT_JSON_ARRAY' });
  });

  it('refuses an empty file, an empty array and an oversized element', async () => {
    expect(await fileProblem(json(''))).toMatchObject({ problem: 'EMPTY_FILE' });
    expect(await fileProblem(json('[ ]'))).toMatchObject({ problem: 'NO_ROWS' });
    const big = await fileProblem(json(`[{"a": 1},\n{"a": "${'z'.repeat(3_000_000)}"}]`, { maxRowBytes: 1 << 20 }));
    expect(big).toMatchObject({ problem: 'ROW_TOO_LARGE', line: 2 });
  });

  it('reports an element with invalid UTF-8, strips a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from('\uFEFF[{"a": "ok"},\n{"a": "'), Buffer.from([0xff]), Buffer.from('"},\n{"a": "fine"}]')]);
    const got = await readAll(json(bytes));
    expect(got.info.hadBom).toBe(true);
    expect(got.problems).toMatchObject([{ code: 'ENCODING', line: 2 }]);
    expect(got.rows.map((r) => r.line)).toEqual([1, 3]);
  });
});
