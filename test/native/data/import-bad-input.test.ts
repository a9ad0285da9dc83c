import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importData } from '../../../native/data/import-data.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** The bad-input corpus at the import level: each file gives its own specific error, nothing crashes. */
const CORPUS: { name: string; bytes: () => Buffer | string; problem: string; message: RegExp; line?: number }[] = [
  { name: 'empty.csv', bytes: () => '', problem: 'EMPTY_FILE', message: /empty/i },
  { name: 'header-only.csv', bytes: () => 'instruction,output\r\n', problem: 'NO_ROWS', message: /no rows|header/i },
  { name: 'binary.csv', bytes: () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0xff, 0xfe, 0, 1, 2, 3]), problem: 'BINARY_FILE', message: /binary|not text/i },
  { name: 'one-huge-line.jsonl', bytes: () => `{"text":"${'x'.repeat(10 * 1024 * 1024)}"}`, problem: 'ROW_TOO_LARGE', message: /line 1/, line: 1 },
  { name: 'object.json', bytes: () => '{"instruction":"a","output":"b"}', problem: 'NOT_JSON_ARRAY', message: /array/i },
  { name: 'truncated.parquet', bytes: () => Buffer.from('PAR1\x15\x04\x15\x10'), problem: 'BAD_PARQUET', message: /parquet/i },
  { name: 'bad-utf8.csv', bytes: () => Buffer.concat([Buffer.from('text,label\nfine,a\n'), Buffer.from([0x62, 0x61, 0x64, 0xc3, 0x28, 0x2c, 0x62, 0x0a]), Buffer.from('ok,c\n')]), problem: 'BAD_ROWS', message: /line 3/ },
  { name: 'broken-line.jsonl', bytes: () => '{"text":"a"}\n{"text": \n{"text":"c"}\n', problem: 'BAD_ROWS', message: /line 2/ },
  { name: 'ragged.tsv', bytes: () => 'a\tb\n1\t2\n3\n4\t5\t6\n', problem: 'BAD_ROWS', message: /2 bad rows .*line 3/ },
];

describe('import: the bad-input corpus', () => {
  for (const c of CORPUS) {
    it(`${c.name} → ${c.problem}`, async () => {
      const dir = tempDir();
      const file = path.join(dir, c.name);
      fs.writeFileSync(file, c.bytes());
      const before = fs.readFileSync(file);
      const err = await importData({ file, stagingDir: path.join(dir, 'staging'), txtMode: 'auto', skipBadRows: false }).then(
        () => null,
        (e: unknown) => e as { code: string; message: string; details: { problem: string; line?: number } },
      );
      expect(err).toMatchObject({ code: 'DATA_ERROR', details: { problem: c.problem } });
      expect(err!.message).toMatch(c.message);
      // Messages name the user's file, not the app's copy of it.
      expect(err!.message).not.toMatch(/source\./);
      if (c.line) expect(err!.details.line).toBe(c.line);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    }, 30_000);
  }

  it('imports what survives when told to skip bad rows, listing them with their lines', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'mixed.jsonl');
    fs.writeFileSync(file, '\uFEFF{"prompt":"a","completion":"b"}\r\n[1,2]\r\n{"prompt":"c","completion":"d"}\r\n');
    const r = await importData({ file, stagingDir: path.join(dir, 'staging'), txtMode: 'auto', skipBadRows: true });
    expect(r.rows).toBe(2);
    expect(r.importProblems).toEqual({ count: 1, samples: [expect.objectContaining({ code: 'NOT_AN_OBJECT', line: 2 })] });
    expect(r.notes.join(' ')).toMatch(/byte-order mark[\s\S]*CRLF/);
  });
});
