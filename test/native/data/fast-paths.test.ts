import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hash53Map } from '../../../native/data/hash53-map.js';
import { importData } from '../../../native/data/import-data.js';
import { JsonlWriter } from '../../../native/data/jsonl-writer.js';
import { openCsvReader } from '../../../native/data/readers/csv-reader.js';
import { LineSplitter } from '../../../native/data/readers/line-splitter.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('Hash53Map', () => {
  it('behaves as a Map<number, number> through growth, for 53-bit keys', () => {
    const map = new Hash53Map(4);
    const ref = new Map<number, number>();
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 20_000; i++) {
      // Keys differing only in the high word, only in the low word, small and at the top of the range.
      const key = i % 4 === 0 ? Math.floor(rnd() * 2 ** 21) * 2 ** 32 : i % 4 === 1 ? Math.floor(rnd() * 2 ** 32) : i % 4 === 2 ? i : 2 ** 53 - 1 - i;
      const value = Math.floor(rnd() * 2 ** 32);
      map.set(key, value);
      ref.set(key, value);
    }
    expect(map.size).toBe(ref.size);
    for (const [k, v] of ref) expect(map.get(k)).toBe(v);
    expect(map.get(123.5 * 2 ** 32)).toBeUndefined();
    expect(new Map(map.entries())).toEqual(ref);
  });
});

describe('JsonlWriter', () => {
  it('writes the same bytes and offsets with overlapped writes as synchronously', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 30_000 }, (_, i) => ({ l: i + 1, r: { text: `row ${i} ${'é👍'.repeat(i % 50)}`, big: i === 777 ? 'x'.repeat(3 << 20) : '' } }));
    const sync = new JsonlWriter(path.join(dir, 'a.jsonl'));
    for (const r of rows) sync.write(r);
    sync.close();
    const overlapped = new JsonlWriter(path.join(dir, 'b.jsonl'));
    overlapped.overlapWrites();
    for (let i = 0; i < rows.length; i++) {
      overlapped.writeLine(JSON.stringify(rows[i]));
      if (i % 1000 === 0) await overlapped.settle();
    }
    await overlapped.finish();
    const a = fs.readFileSync(path.join(dir, 'a.jsonl'));
    expect(fs.readFileSync(path.join(dir, 'b.jsonl')).equals(a)).toBe(true);
    expect(overlapped.offsets).toEqual(sync.offsets);
    expect(a.toString('utf8')).toBe(rows.map((r) => JSON.stringify(r) + '\n').join(''));
  });
});

describe('LineSplitter.textBatches', () => {
  it('gives the lines of batches() joined, with the same line numbers and line-ending counts', async () => {
    const dir = tempDir();
    const cases: (string | Buffer)[] = [
      'a\nb\r\nc\n',
      'x\r\ny\r\nlast without newline\r',
      '\uFEFFbom,line\r\n\r\n\n"quoted\r\nfield",2\n',
      Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xc3, 0x28]), Buffer.from('\r\nfine\n')]),
      'a\r\r\nb\rc\n' + 'long line '.repeat(50) + '\n',
    ];
    for (const [i, content] of cases.entries()) {
      for (const chunkBytes of [7, 64, 1 << 20]) {
        const file = path.join(dir, `${i}.txt`);
        fs.writeFileSync(file, content);
        const byLines = new LineSplitter(file, { chunkBytes });
        const expected: { first: number; text: string; bad: number[] }[] = [];
        for await (const b of byLines.batches()) expected.push({ first: b.firstLine, text: b.lines.join('\n') + '\n', bad: b.badLines });
        const byText = new LineSplitter(file, { chunkBytes });
        const got: typeof expected = [];
        for await (const b of byText.textBatches()) {
          got.push({ first: b.firstLine, text: b.text, bad: b.badLines });
          expect(b.text.split('\n').length - 1).toBe(b.lineCount);
        }
        expect(got, `case ${i}, chunk ${chunkBytes}`).toEqual(expected);
        expect(byText.lineEndings).toBe(byLines.lineEndings);
        expect(byText.hadBom).toBe(byLines.hadBom);
      }
    }
  });
});

describe('CSV import fast path', () => {
  it('stores exactly JSON.stringify({ l, r: record }) of the reader records, whatever the header names', async () => {
    const headers = ['instruction,input,output', 'a,"quoted ""name"" é 👍",tab\there', '2,1,name', '__proto__,x,y'];
    for (const header of headers) {
      const dir = tempDir();
      const file = path.join(dir, 'data.csv');
      let body = `${header}\n`;
      for (let i = 0; i < 600; i++) body += `"row ${i}, with ""quotes"" and\nnewline",${i % 2 ? '' : 'ünïcödé \\ back\\slash'},\t${'\u2028'}${i}\r\n`;
      fs.writeFileSync(file, body);
      const staging = path.join(dir, 'staging');
      const result = await importData({ file, stagingDir: staging, txtMode: 'auto', skipBadRows: false });
      expect(result.rows).toBe(600);
      expect(result.sha256).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
      expect(fs.readFileSync(result.sourceFile).equals(fs.readFileSync(file))).toBe(true);
      const expected: string[] = [];
      for await (const item of openCsvReader(file, ',').rows()) if (item.kind === 'row') expected.push(JSON.stringify({ l: item.line, r: item.record }));
      expect(fs.readFileSync(path.join(staging, 'rows.jsonl'), 'utf8')).toBe(expected.join('\n') + '\n');
    }
  });
});
