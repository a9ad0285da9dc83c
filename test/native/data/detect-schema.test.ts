import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSchema } from '../../../native/data/detect-schema.js';
import { toSample } from '../../../native/data/samples.js';
import type { DataRecord } from '../../../native/data/types.js';
import { repoRoot } from '../../helpers/fixtures.js';

const SHARED = path.resolve(repoRoot, '..', 'shared', 'data');
const json = (rel: string) => JSON.parse(fs.readFileSync(path.join(SHARED, rel), 'utf8')) as DataRecord[];
const jsonl = (rel: string) =>
  fs
    .readFileSync(path.join(SHARED, rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DataRecord);
const columnsOf = (rows: DataRecord[]) => [...new Set(rows.flatMap((r) => Object.keys(r)))];
const detect = (rows: DataRecord[]) => detectSchema(columnsOf(rows), rows.slice(0, 200));

describe('schema detection on the datasets users bring (../shared/data)', () => {
  it('alpaca: instruction/input/output', () => {
    const d = detect(json('instruct-llamafactory/alpaca_en_demo.json'));
    expect(d.mapping).toEqual({ kind: 'instruction', columns: { instruction: 'instruction', output: 'output', input: 'input' } });
    expect(d.confidence).toBe(1);
  });

  it('chat messages whose content is a list of parts (v1_sft_demo.jsonl)', () => {
    const rows = jsonl('instruct-llamafactory/v1_sft_demo.jsonl');
    const d = detect(rows);
    expect(d.mapping).toEqual({ kind: 'chat', columns: { messages: 'messages' } });
    const s = toSample(rows[0]!, d.mapping!, 1);
    expect(s.ok && s.sample.kind === 'conversation' && s.sample.messages.every((m) => typeof m.content === 'string' && m.content.length > 0)).toBe(true);
  });

  it('ShareGPT from/value (FastChat) and tool-call roles (glaive)', () => {
    expect(detect(json('chat-fastchat-sharegpt/dummy_conversation.json')).mapping).toEqual({ kind: 'sharegpt', columns: { conversations: 'conversations' } });
    const glaive = json('instruct-llamafactory/glaive_toolcall_en_demo.json');
    const d = detect(glaive);
    expect(d.mapping?.kind).toBe('sharegpt');
    const roles = new Set(glaive.flatMap((r, i) => { const s = toSample(r, d.mapping!, i + 1); return s.ok && s.sample.kind === 'conversation' ? s.sample.messages.map((m) => m.role) : []; }));
    expect([...roles].sort()).toEqual(['assistant', 'tool', 'user']);
  });

  it('plain text (c4) and text + label (classification)', () => {
    expect(detect(jsonl('instruct-llamafactory/c4_demo.jsonl')).mapping).toEqual({ kind: 'text', columns: { text: 'text' } });
    const tweets: DataRecord[] = ['positiv', 'neutral', 'negativ', 'neutral'].flatMap((label, i) => Array.from({ length: 10 }, (_, j) => ({ text: `tweet ${i} ${j}`, label })));
    expect(detect(tweets).mapping).toEqual({ kind: 'classification', columns: { text: 'text', label: 'label' } });
  });

  it('prompt/completion and question/answer', () => {
    expect(detect([{ prompt: 'a', completion: 'b' }]).mapping).toEqual({ kind: 'prompt-completion', columns: { prompt: 'prompt', completion: 'completion' } });
    expect(detect([{ Question: 'q?', Answer: 'a', context: 'c' }]).mapping).toEqual({ kind: 'question-answer', columns: { question: 'Question', answer: 'Answer', context: 'context' } });
  });

  it('says so when nothing fits, and names the columns', () => {
    const d = detect([{ a: 1, b: { c: 2 } }]);
    expect(d.mapping).toBeNull();
    expect(d.reasons[0]).toMatch(/"a", "b"/);
  });

  it('mixed schemas: the majority wins and the rest are reported as not fitting', () => {
    const rows: DataRecord[] = [...Array.from({ length: 8 }, (_, i) => ({ instruction: `do ${i}`, output: `done ${i}` })), { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] }, { messages: [] }];
    const d = detect(rows);
    expect(d.mapping?.kind).toBe('instruction');
    expect(d.confidence).toBeCloseTo(0.8);
    expect(d.reasons.join(' ')).toMatch(/2 of the first 10 rows do not fit/);
  });
});

describe('toSample', () => {
  const alpaca = { kind: 'instruction' as const, columns: { instruction: 'instruction', input: 'input', output: 'output' } };

  it('joins instruction and input, and names the line and column of a bad row', () => {
    expect(toSample({ instruction: 'Add', input: '2+2', output: '4' }, alpaca, 3)).toEqual({ ok: true, sample: { kind: 'conversation', messages: [{ role: 'user', content: 'Add\n\n2+2' }, { role: 'assistant', content: '4' }] } });
    expect(toSample({ instruction: 'Add', output: '' }, alpaca, 7)).toMatchObject({ ok: false, problem: { code: 'MISSING_FIELD', line: 7, field: 'output' } });
    expect(toSample({ instruction: { x: 1 }, output: 'y' }, alpaca, 9)).toMatchObject({ ok: false, problem: { code: 'WRONG_TYPE', line: 9, field: 'instruction' } });
    expect(toSample({ instruction: 'x', output: 42 }, alpaca, 1)).toMatchObject({ ok: true });
  });

  it('rejects conversations without an assistant turn or with unknown roles', () => {
    const chat = { kind: 'chat' as const, columns: { messages: 'messages' } };
    expect(toSample({ messages: [{ role: 'user', content: 'hi' }] }, chat, 2)).toMatchObject({ ok: false, problem: { code: 'MISSING_FIELD' } });
    expect(toSample({ messages: [{ role: 'narrator', content: 'hi' }] }, chat, 2)).toMatchObject({ ok: false, problem: { code: 'WRONG_TYPE', message: expect.stringMatching(/narrator/) } });
    expect(toSample({ messages: 'hi' }, chat, 2)).toMatchObject({ ok: false, problem: { code: 'WRONG_TYPE', message: expect.stringMatching(/a string, expected a list/) } });
  });
});
