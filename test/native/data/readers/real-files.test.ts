import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openReader } from '../../../../native/data/readers/open-reader.js';
import type { DataFormat } from '../../../../native/data/types.js';
import { readAll, SHARED_DATA } from './read-all.js';

const read = (rel: string, format: DataFormat) => readAll(openReader(path.join(SHARED_DATA, rel), format, { txtMode: 'auto' }));

describe('readers on the real third-party files in ../shared/data', () => {
  it('alpaca_en_demo.json: 999 rows of instruction/input/output', async () => {
    const got = await read('instruct-llamafactory/alpaca_en_demo.json', 'json');
    expect(got.rows).toHaveLength(999);
    expect(got.problems).toEqual([]);
    expect(got.info.columns).toEqual(['instruction', 'input', 'output']);
    expect(got.rows[0]!.line).toBe(2);
  });

  it('the JSONL and JSON chat files read completely', async () => {
    const counts: [string, DataFormat, number][] = [
      ['instruct-llamafactory/v1_sft_demo.jsonl', 'jsonl', 500],
      ['instruct-llamafactory/c4_demo.jsonl', 'jsonl', 300],
      ['chat-fastchat-sharegpt/dummy_conversation.json', 'json', 500],
      ['instruct-llamafactory/glaive_toolcall_en_demo.json', 'json', 300],
    ];
    for (const [rel, format, rows] of counts) {
      const got = await read(rel, format);
      expect(got.rows, rel).toHaveLength(rows);
      expect(got.problems, rel).toEqual([]);
    }
  });

  it('v1_sft_demo.jsonl keeps message content as a list of parts', async () => {
    const got = await read('instruct-llamafactory/v1_sft_demo.jsonl', 'jsonl');
    expect(got.info.columns).toEqual(['messages']);
    expect(Array.isArray(got.rows[0]!.record.messages)).toBe(true);
  });

  it('financial_phrasebank.csv: every row is ragged (2 header names, 3 fields), CRLF', async () => {
    const got = await read('fin-phrasebank/financial_phrasebank.csv', 'csv');
    expect(got.rows).toHaveLength(0);
    expect(got.problems).toHaveLength(2264);
    expect(got.problems.every((p) => p.code === 'RAGGED_ROW')).toBe(true);
    expect(got.problems.map((p) => p.line)).toEqual(Array.from({ length: 2264 }, (_, i) => i + 2));
    expect(got.problems[0]!.message).toMatch(/3 fields but the header has 2/);
    expect(got.info.lineEndings).toBe('crlf');
  });

  it('Sentences_50Agree.txt: BOM, CRLF, 4846 lines', async () => {
    const got = await read('fin-phrasebank/Sentences_50Agree.txt', 'txt');
    expect(got.info.hadBom).toBe(true);
    expect(got.info.lineEndings).toBe('crlf');
    expect(got.info.txtMode).toBe('lines');
    expect(got.rows).toHaveLength(4846);
    expect(String(got.rows[0]!.record.text)).toMatch(/^According to Gran/);
    expect(got.rows.at(-1)!.line).toBe(4846);
  });
});
