import { describe, expect, it } from 'vitest';
import { LineSplitter, type LineBatch } from '../../../../native/data/readers/line-splitter.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { write } from './read-all.js';

async function lines(splitter: LineSplitter): Promise<{ text: string[]; numbers: number[]; bad: number[] }> {
  const text: string[] = [];
  const numbers: number[] = [];
  const bad: number[] = [];
  for await (const batch of splitter.batches() as AsyncGenerator<LineBatch>) {
    batch.lines.forEach((l, i) => {
      text.push(l);
      numbers.push(batch.firstLine + i);
    });
    bad.push(...batch.badLines);
  }
  return { text, numbers, bad };
}

describe('LineSplitter', () => {
  it('splits LF and CRLF, strips a BOM and keeps a last line without terminator', async () => {
    const dir = tempDir();
    const file = write(dir, 'a.txt', '\uFEFFone\r\ntwo\r\nthree');
    const s = new LineSplitter(file);
    const got = await lines(s);
    expect(got.text).toEqual(['one', 'two', 'three']);
    expect(got.numbers).toEqual([1, 2, 3]);
    expect(s.hadBom).toBe(true);
    expect(s.lineEndings).toBe('crlf');
  });

  it('reports mixed and none line endings', async () => {
    const dir = tempDir();
    const mixed = new LineSplitter(write(dir, 'm.txt', 'a\nb\r\nc\n'));
    await lines(mixed);
    expect(mixed.lineEndings).toBe('mixed');
    const none = new LineSplitter(write(dir, 'n.txt', 'single'));
    expect((await lines(none)).text).toEqual(['single']);
    expect(none.lineEndings).toBe('none');
  });

  it('joins lines cut by chunk edges and counts lines across chunks', async () => {
    const dir = tempDir();
    const content = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'é'.repeat(i % 7)}`).join('\n') + '\n';
    const got = await lines(new LineSplitter(write(dir, 'c.txt', content), { chunkBytes: 17 }));
    expect(got.text).toEqual(content.split('\n').slice(0, -1));
    expect(got.numbers.at(-1)).toBe(1000);
    expect(got.bad).toEqual([]);
  });

  it('flags the lines holding invalid UTF-8 and decodes them with U+FFFD', async () => {
    const dir = tempDir();
    const bytes = Buffer.concat([Buffer.from('ok\nalso ok\nbad '), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\nfine\n')]);
    const got = await lines(new LineSplitter(write(dir, 'u.txt', bytes)));
    expect(got.bad).toEqual([3]);
    expect(got.text[2]).toContain('\uFFFD');
    expect(got.text[3]).toBe('fine');
  });

  it('refuses a line over maxRowBytes without buffering the rest', async () => {
    const dir = tempDir();
    const file = write(dir, 'big.txt', `short\n${'x'.repeat(5000)}\nafter\n`);
    const s = new LineSplitter(file, { maxRowBytes: 1000, chunkBytes: 256 });
    await expect(lines(s)).rejects.toMatchObject({ code: 'DATA_ERROR', details: { problem: 'ROW_TOO_LARGE', line: 2 } });
  });

  it('reports progress and honours the abort signal', async () => {
    const dir = tempDir();
    const file = write(dir, 'p.txt', 'a\n'.repeat(3_000_000));
    const seen: number[] = [];
    await lines(new LineSplitter(file, { onBytes: (read) => seen.push(read) }));
    expect(seen.at(-1)).toBe(6_000_000);
    const controller = new AbortController();
    controller.abort();
    await expect(lines(new LineSplitter(file, { signal: controller.signal }))).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
