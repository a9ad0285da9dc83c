import { describe, expect, it } from 'vitest';
import { openTxtReader } from '../../../../native/data/readers/txt-reader.js';
import type { ReaderOptions } from '../../../../native/data/types.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { fileProblem, readAll, write } from './read-all.js';

const txt = (content: string | Uint8Array, opts: ReaderOptions = {}) => openTxtReader(write(tempDir(), 'd.txt', content), opts);

describe('TXT reader', () => {
  it('reads a sample per line, skipping blank lines', async () => {
    const got = await readAll(txt('first\nsecond\n\nthird\n', { txtMode: 'auto' }));
    expect(got.info.txtMode).toBe('lines');
    expect(got.rows).toEqual([
      { line: 1, record: { text: 'first' } },
      { line: 2, record: { text: 'second' } },
      { line: 4, record: { text: 'third' } },
    ]);
  });

  it('reads blank-line-separated blocks when the file is made of them', async () => {
    const got = await readAll(txt('Q: one\nA: 1\n\nQ: two\nA: 2\r\n\r\n\r\nQ: three\nA: 3', { txtMode: 'auto' }));
    expect(got.info.txtMode).toBe('blocks');
    expect(got.rows).toEqual([
      { line: 1, record: { text: 'Q: one\nA: 1' } },
      { line: 4, record: { text: 'Q: two\nA: 2' } },
      { line: 8, record: { text: 'Q: three\nA: 3' } },
    ]);
  });

  it('follows an explicit mode', async () => {
    const got = await readAll(txt('a\nb\n\nc\n', { txtMode: 'lines' }));
    expect(got.rows).toHaveLength(3);
    const blocks = await readAll(txt('a\nb\n\nc\n', { txtMode: 'blocks' }));
    expect(blocks.rows.map((r) => r.record.text)).toEqual(['a\nb', 'c']);
  });

  it('reports invalid UTF-8 on its line and refuses empty and binary files', async () => {
    const got = await readAll(txt(Buffer.concat([Buffer.from('good\n'), Buffer.from([0x80, 0x81]), Buffer.from('\nalso good\n')])));
    expect(got.problems).toMatchObject([{ code: 'ENCODING', line: 2 }]);
    expect(got.rows).toHaveLength(2);
    expect(await fileProblem(txt(''))).toMatchObject({ problem: 'EMPTY_FILE' });
    expect(await fileProblem(txt('\n \n'))).toMatchObject({ problem: 'NO_ROWS' });
    expect(await fileProblem(txt(Buffer.from([1, 2, 0, 3, 0, 0, 255])))).toMatchObject({ problem: 'BINARY_FILE' });
  });
});
