import { describe, expect, it } from 'vitest';
import { openCsvReader } from '../../../../native/data/readers/csv-reader.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { fileProblem, readAll, write } from './read-all.js';

const csv = (content: string | Uint8Array, opts = {}) => openCsvReader(write(tempDir(), 'd.csv', content), ',', opts);

describe('CSV reader', () => {
  it('reads rows against the header with their line numbers', async () => {
    const got = await readAll(csv('a,b\n1,2\n\n3,4\n'));
    expect(got.info.columns).toEqual(['a', 'b']);
    expect(got.rows).toEqual([
      { line: 2, record: { a: '1', b: '2' } },
      { line: 4, record: { a: '3', b: '4' } },
    ]);
    expect(got.problems).toEqual([]);
  });

  it('keeps line numbers right after quoted newlines (CRLF too)', async () => {
    const got = await readAll(csv('q,a\r\n"multi\r\nline\r\nfield",x\r\nnext,y\r\n"one more\nbreak",z\r\nlast,w\r\n'));
    expect(got.rows.map((r) => r.line)).toEqual([2, 5, 6, 8]);
    expect(got.rows[0]!.record.q).toBe('multi\nline\nfield');
    expect(got.info.lineEndings).toBe('mixed');
  });

  it('keeps line numbers right when a quoted field spans chunk edges', async () => {
    const body = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `"row ${i}\nsecond line, ""quoted""",${i}` : `row ${i},${i}`)).join('\n');
    const got = await readAll(openCsvReader(write(tempDir(), 'e.csv', `t,n\n${body}\n`), ',', { maxRowBytes: 4096 }));
    expect(got.rows).toHaveLength(300);
    let line = 2;
    for (const [i, row] of got.rows.entries()) {
      expect(row.line).toBe(line);
      expect(row.record.n).toBe(String(i));
      line += i % 3 === 0 ? 2 : 1;
    }
  });

  it('reports ragged rows with expected and actual field counts', async () => {
    const got = await readAll(csv('a,b\n1,2\n1,2,3\n4\n5,6\n'));
    expect(got.rows.map((r) => r.line)).toEqual([2, 5]);
    expect(got.problems.map((p) => [p.code, p.line])).toEqual([
      ['RAGGED_ROW', 3],
      ['RAGGED_ROW', 4],
    ]);
    expect(got.problems[0]!.message).toMatch(/3 fields but the header has 2/);
  });

  it('reports an unclosed quote and reads the lines after it', async () => {
    const got = await readAll(csv('a,b\n1,2\n"open,3\n4,5\n6,7\n'));
    expect(got.problems).toMatchObject([{ code: 'BAD_QUOTES', line: 3 }]);
    expect(got.rows.map((r) => r.line)).toEqual([2, 4, 5]);
  });

  it('reports a malformed quote at its line and goes on', async () => {
    const got = await readAll(csv('a,b\n"x"y,1\nok,2\n'));
    expect(got.problems).toMatchObject([{ code: 'BAD_QUOTES', line: 2 }]);
    expect(got.rows).toEqual([{ line: 3, record: { a: 'ok', b: '2' } }]);
    // Papaparse pairs a stray quote with the next one, so the row after it joins the bad record.
    const joined = await readAll(csv('a,b\n"x"y,1\n"ok",2\nlast,3\n'));
    expect(joined.problems).toMatchObject([{ code: 'BAD_QUOTES', line: 2 }]);
    expect(joined.rows).toEqual([{ line: 4, record: { a: 'last', b: '3' } }]);
  });

  it('names empty and repeated header cells and notes it', async () => {
    const got = await readAll(csv('name,,name\n1,2,3\n'));
    expect(got.info.columns).toEqual(['name', 'column_2', 'name_2']);
    expect(got.rows[0]!.record).toEqual({ name: '1', column_2: '2', name_2: '3' });
    expect(got.info.notes?.join(' ')).toMatch(/column_2/);
    expect(got.info.notes?.join(' ')).toMatch(/name_2/);
  });

  it('turns a row with invalid UTF-8 into an ENCODING problem', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n5,6\n')]);
    const got = await readAll(csv(bytes));
    expect(got.problems).toMatchObject([{ code: 'ENCODING', line: 3 }]);
    expect(got.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('strips a BOM from the first header name', async () => {
    const got = await readAll(csv('\uFEFFtext,label\nhi,1\n'));
    expect(got.info.columns).toEqual(['text', 'label']);
    expect(got.info.hadBom).toBe(true);
  });

  it('reads values of any type as strings', async () => {
    const got = await readAll(csv('n,flag\n1.5,true\nnot a number,\n'));
    expect(got.rows.map((r) => r.record)).toEqual([
      { n: '1.5', flag: 'true' },
      { n: 'not a number', flag: '' },
    ]);
  });

  it('refuses an empty file, a header alone and a row over the limit', async () => {
    expect(await fileProblem(csv(''))).toMatchObject({ problem: 'EMPTY_FILE' });
    expect(await fileProblem(csv('a,b\n\n\n'))).toMatchObject({ problem: 'NO_ROWS' });
    const huge = await fileProblem(csv(`a\n1\n${'x'.repeat(10_000_000)}\n`));
    expect(huge).toMatchObject({ problem: 'ROW_TOO_LARGE', line: 3 });
    expect(huge.err.message).toMatch(/line 3/);
  });

  it('refuses a quote that stays open past the row limit', async () => {
    const got = await fileProblem(openCsvReader(write(tempDir(), 'q.csv', `a,b\n"open,1\n${'x,y\n'.repeat(5000)}`), ',', { maxRowBytes: 1000 }));
    expect(got).toMatchObject({ problem: 'ROW_TOO_LARGE', line: 2 });
    expect(got.err.message).toMatch(/quote/);
  });

  it('reads TSV with the same rules', async () => {
    const got = await readAll(openCsvReader(write(tempDir(), 'd.tsv', 'a\tb\n1,5\t2\n3\n'), '\t'));
    expect(got.rows).toEqual([{ line: 2, record: { a: '1,5', b: '2' } }]);
    expect(got.problems).toMatchObject([{ code: 'RAGGED_ROW', line: 3 }]);
    expect(got.info.format).toBe('tsv');
  });
});
