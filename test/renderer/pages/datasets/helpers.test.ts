import { describe, expect, it } from 'vitest';
import { cellText, truncate } from '../../../../renderer/pages/datasets/cell-text';
import { binLabels, binOverLimit, binPosition } from '../../../../renderer/pages/datasets/histogram-markers';
import { fileProblemHint, importFailure } from '../../../../renderer/pages/datasets/import-failure';
import { carryColumns, describeMapping, mappingFor, missingRoles, rolesOf, sameMapping } from '../../../../renderer/pages/datasets/mapping';
import { evenShares, mixProblem, mixTotal, recipeSummary } from '../../../../renderer/pages/datasets/mix';
import { prepareFormProblems, recipeFrom } from '../../../../renderer/pages/datasets/prepare-form';
import { splitSpecialTokens } from '../../../../renderer/pages/datasets/special-tokens';
import { versionKind } from '../../../../renderer/pages/datasets/dataset-labels';
import { job } from '../../fakes';
import { version } from './fixtures';

describe('preview cells', () => {
  it('shows strings as they are and other values as compact JSON', () => {
    expect(cellText('a, "b"\nc')).toBe('a, "b"\nc');
    expect(cellText(null)).toBe('');
    expect(cellText(3)).toBe('3');
    expect(cellText([{ role: 'user', content: 'hi' }])).toBe('[{"role":"user","content":"hi"}]');
  });

  it('cuts long text with an ellipsis, never inside a surrogate pair', () => {
    expect(truncate('short', 10)).toEqual({ text: 'short', cut: false });
    expect(truncate('abcdefghij', 4)).toEqual({ text: 'abcd…', cut: true });
    const emoji = `abc${'😀'}def`;
    expect(truncate(emoji, 4).text).toBe('abc…');
  });
});

describe('template lint', () => {
  it('marks special tokens and keeps every character', () => {
    const text = '<s>[INST] <<SYS>>\nbe brief\n<</SYS>>\n\nhi [/INST] ok</s><|im_start|>user\nx<|im_end|>';
    const segs = splitSpecialTokens(text);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.special).map((s) => s.text)).toEqual(['<s>', '[INST]', '<<SYS>>', '<</SYS>>', '[/INST]', '</s>', '<|im_start|>', '<|im_end|>']);
  });

  it('leaves ordinary angle brackets and pipes alone', () => {
    expect(splitSpecialTokens('a < b | c > d <span>')).toEqual([{ text: 'a < b | c > d <span>', special: false }]);
    expect(splitSpecialTokens('')).toEqual([]);
  });
});

describe('token histogram markers', () => {
  const h = { edges: [0, 10, 20, 30], counts: [1, 2, 3] };
  it('puts values at fractional bar positions, centre of the first bar at 0', () => {
    expect(binPosition(h.edges, 0)).toBe(-0.5);
    expect(binPosition(h.edges, 5)).toBe(0);
    expect(binPosition(h.edges, 15)).toBe(1);
    expect(binPosition(h.edges, 30)).toBe(2.5);
    expect(binPosition(h.edges, 999)).toBe(2.5);
  });
  it('labels bins and flags those past max length', () => {
    expect(binLabels(h)).toEqual(['0–9', '10–19', '20–29']);
    expect(binOverLimit(h, 15)).toEqual([false, true, true]);
    expect(binOverLimit(h, 29)).toEqual([false, false, false]);
  });
});

describe('import failures', () => {
  it('reads BAD_ROWS details with their lines', () => {
    const failed = job({
      kind: 'import-data',
      state: 'failed',
      error: { code: 'DATA_ERROR', message: 'x.jsonl: 2 bad rows', details: { problem: 'BAD_ROWS', count: 2, problems: [{ code: 'BAD_JSON', line: 3, message: 'not JSON' }, { bogus: true }] } },
    });
    expect(importFailure(failed)).toEqual({ code: 'DATA_ERROR', message: 'x.jsonl: 2 bad rows', problem: 'BAD_ROWS', count: 2, problems: [{ code: 'BAD_JSON', line: 3, message: 'not JSON' }], line: null });
    expect(fileProblemHint('BAD_ROWS')).toBeNull();
  });

  it('reads file-level problems and errors without details; nothing for jobs that did not fail', () => {
    const binary = job({ kind: 'import-data', state: 'failed', error: { code: 'DATA_ERROR', message: 'binary', details: { problem: 'BINARY_FILE', file: '/x' } } });
    expect(importFailure(binary)).toMatchObject({ problem: 'BINARY_FILE', count: 0, problems: [] });
    expect(fileProblemHint('BINARY_FILE')).toMatch(/binary/);
    expect(importFailure(job({ kind: 'import-data', state: 'failed', error: { code: 'CANCELLED', message: 'stop' } }))).toMatchObject({ problem: null });
    expect(importFailure(job({ kind: 'import-data', state: 'running' }))).toBeNull();
  });
});

describe('column mapping', () => {
  it('lists required roles first and finds the missing ones', () => {
    expect(rolesOf('question-answer')).toEqual([
      { role: 'question', required: true },
      { role: 'answer', required: true },
      { role: 'context', required: false },
      { role: 'system', required: false },
    ]);
    expect(missingRoles('instruction', { instruction: 'q' })).toEqual(['output']);
  });

  it('carries shared roles over when the kind changes and matches same-named columns', () => {
    const cols = ['prompt', 'text', 'label', 'system'];
    expect(carryColumns('classification', { prompt: 'prompt', system: 'system' }, cols)).toEqual({ text: 'text', label: 'label' });
    expect(carryColumns('prompt-completion', { system: 'system' }, cols)).toEqual({ system: 'system', prompt: 'prompt' });
  });

  it('saves only the kind\'s roles, compares mappings and describes them', () => {
    const m = mappingFor('text', { text: 'body', label: 'x', other: '' });
    expect(m).toEqual({ kind: 'text', columns: { text: 'body' } });
    expect(sameMapping(m, { kind: 'text', columns: { text: 'body' } })).toBe(true);
    expect(sameMapping(m, { kind: 'text', columns: { text: 'other' } })).toBe(false);
    expect(sameMapping(m, null)).toBe(false);
    expect(describeMapping({ kind: 'instruction', columns: { output: 'b', instruction: 'a' } })).toBe('instruction ← a, output ← b');
  });

  it('calls a mapping detected while it is the one detection chose', () => {
    expect(versionKind(version()).source).toBe('detected');
    expect(versionKind(version({ mapping: { kind: 'text', columns: { text: 'output' } } }))).toEqual({ label: 'Plain text', source: 'mapped' });
    expect(versionKind(version({ mapping: null, detection: { mapping: null, confidence: 0, reasons: [], alternatives: [] } })).source).toBe('none');
  });
});

describe('prepare: mix and recipe', () => {
  it('needs shares over 0 that add up to 100 and distinct versions', () => {
    expect(mixProblem([{ versionId: 'a', percent: 100 }])).toBeNull();
    expect(mixProblem([{ versionId: 'a', percent: 60 }, { versionId: 'b', percent: 30 }])).toMatch(/90 %/);
    expect(mixProblem([{ versionId: 'a', percent: 100 }, { versionId: 'b', percent: 0 }])).toMatch(/between 0 and 100/);
    expect(mixProblem([{ versionId: 'a', percent: 50 }, { versionId: 'a', percent: 50 }])).toMatch(/only once/);
    expect(mixProblem([{ versionId: 'a', percent: Number.NaN }])).toMatch(/between/);
    expect(mixTotal([{ versionId: 'a', percent: 33.3 }, { versionId: 'b', percent: Number.NaN }])).toBeCloseTo(33.3);
  });

  it('splits 100 into whole shares', () => {
    expect(evenShares(3)).toEqual([34, 33, 33]);
    expect(evenShares(7).reduce((a, b) => a + b, 0)).toBe(100);
    expect(evenShares(0)).toEqual([]);
  });

  it('turns the form into a recipe and flags bad fields', () => {
    const form = { trim: true, collapseWhitespace: false, dropEmpty: true, dedup: 'normalized' as const, maxRows: '1000', validationPct: '10', testPct: '5', seed: '7', stratify: false, template: 'chatml' as const, name: ' v2 ' };
    expect(prepareFormProblems(form)).toEqual({});
    expect(recipeFrom(form, [{ versionId: 'a', percent: 100 }])).toEqual({
      sources: [{ versionId: 'a', percent: 100 }],
      clean: { trim: true, collapseWhitespace: false, dropEmpty: true },
      dedup: 'normalized',
      maxRows: 1000,
      split: { validation: 0.1, test: 0.05, seed: 7, stratify: false },
      template: 'chatml',
      name: 'v2',
    });
    expect(Object.keys(prepareFormProblems({ ...form, maxRows: '1.5', validationPct: '60', seed: '' })).sort()).toEqual(['maxRows', 'seed', 'validationPct']);
  });

  it('summarises a recipe in one line', () => {
    const line = recipeSummary(
      { sources: [{ versionId: 'a', percent: 70 }, { versionId: 'b', percent: 30 }], clean: { trim: true, collapseWhitespace: false, dropEmpty: true }, dedup: 'exact', split: { validation: 0.1, test: 0, seed: 42, stratify: true }, template: 'model' },
      (id) => `ds-${id}`,
    );
    expect(line).toBe('mix 70% ds-a + 30% ds-b · trim, drop empty · dedup exact · split 90/10/0 stratified, seed 42 · template model');
  });
});
