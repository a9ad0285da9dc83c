import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPLIT_FILES, type ColumnMapping, type PrepareRecipeInput } from '../../../electron/contract/datasets.js';
import { PrepareRecipe } from '../../../electron/contract/datasets.js';
import { JsonlWriter, readJsonl } from '../../../native/data/jsonl-writer.js';
import { prepareData, type PrepareSource } from '../../../native/data/prepare-data.js';
import { validateData } from '../../../native/data/validate-data.js';
import { readSftFile } from '../../../native/engine/sft-examples.js';
import { ModelTokenizer } from '../../../native/models/tokenizer.js';
import { repoRoot } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp-dir.js';

const DEMO = path.join(repoRoot, 'resources', 'models', 'demo-llama');
const ALPACA: ColumnMapping = { kind: 'instruction', columns: { instruction: 'instruction', input: 'input', output: 'output' } };
const LABELS: ColumnMapping = { kind: 'classification', columns: { text: 'text', label: 'label' } };

function rowsFile(records: Record<string, unknown>[]): string {
  const file = path.join(tempDir(), 'rows.jsonl');
  const w = new JsonlWriter(file);
  records.forEach((r, i) => w.write({ l: i + 2, r }));
  w.close();
  return file;
}

describe('validateData', () => {
  it('counts tokens as training does, finds truncation, duplicates and bad rows, and renders the template', async () => {
    const tok = await ModelTokenizer.load(DEMO);
    const records = [
      { instruction: 'What is the capital of France?', input: '', output: 'Paris.' },
      { instruction: 'What is the capital of France?', input: '', output: 'Paris.' }, // exact duplicate
      { instruction: 'what is the capital of france', input: '', output: 'Paris' }, // duplicate once normalised
      { instruction: 'Tell a long story. '.repeat(60), input: '', output: 'Once.' },
      { instruction: 'No answer', input: '', output: '' },
    ];
    const report = await validateData({ versionId: 'v', rowsFile: rowsFile(records), rows: records.length, mapping: ALPACA, tokenizer: tok, model: { path: DEMO, name: 'demo-llama' }, maxLength: 64 });
    expect(report.rows).toBe(5);
    expect(report.usableRows).toBe(4);
    expect(report.problems.counts).toEqual({ MISSING_FIELD: 1 });
    expect(report.problems.samples[0]).toMatchObject({ line: 6, field: 'output' });
    expect(report.duplicates).toMatchObject({ exact: 1, normalized: 1 });
    expect(report.duplicates.examples[0]).toMatchObject({ line: 3, firstLine: 2 });
    expect(report.tokens!.truncated).toBe(1);
    expect(report.tokens!.truncatedPercent).toBe(25);
    expect(report.tokens!.emptyAfterTruncation).toBe(1);
    // The same count the trainer makes: prompt through the chat template, reply + EOS.
    const expectedFirst = tok.encode(tok.applyChatTemplate([{ role: 'user', content: records[0]!.instruction }], { addGenerationPrompt: true }), { addSpecialTokens: false }).length + tok.encode('Paris.', { addSpecialTokens: false }).length + 1;
    expect(report.templateLint[0]).toMatchObject({ line: 2, promptTokens: expectedFirst - tok.encode('Paris.', { addSpecialTokens: false }).length - 1 });
    expect(report.templateLint[0]!.rendered).toBe(`<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\nParis.${tok.special.eos!.content}`);
    expect(report.tokens!.histogram.counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(report.warnings.join('\n')).toMatch(/longer than 64 tokens/);
  });

  it('reports label imbalance and train/validation leakage', async () => {
    const records = [
      ...Array.from({ length: 9 }, (_, i) => ({ text: `good ${i}`, label: 'pos', split: 'train' })),
      { text: 'bad 0', label: 'neg', split: 'train' },
      { text: 'good 1', label: 'pos', split: 'validation' },
    ];
    const report = await validateData({ versionId: 'v', rowsFile: rowsFile(records), rows: records.length, mapping: LABELS, tokenizer: null, model: null, maxLength: 64 });
    expect(report.labels).toEqual({ counts: { pos: 10, neg: 1 }, imbalanceRatio: 10 });
    expect(report.leakage).toMatchObject({ between: 'train and validation', count: 1 });
    expect(report.tokens).toBeNull();
    expect(report.warnings.join('\n')).toMatch(/imbalanced[\s\S]*both train and validation[\s\S]*No model chosen/);
  });
});

describe('prepareData', () => {
  const recipe = (r: PrepareRecipeInput) => PrepareRecipe.parse(r);

  it('cleans, de-duplicates, splits with a seed (stratified) and writes files training reads', async () => {
    const records = [
      ...Array.from({ length: 60 }, (_, i) => ({ text: `  positive ${i} `, label: 'pos' })),
      ...Array.from({ length: 40 }, (_, i) => ({ text: `negative ${i}`, label: 'neg' })),
      { text: 'positive 0', label: 'pos' }, // duplicate after trimming
      { text: '', label: 'pos' },
    ];
    const source: PrepareSource = { versionId: 'a', rowsFile: rowsFile(records), mapping: LABELS, percent: 100 };
    const run = async () => {
      const dir = path.join(tempDir(), 'staging');
      const r = await prepareData({ recipe: recipe({ sources: [{ versionId: 'a', percent: 100 }], split: { validation: 0.2, test: 0.1, seed: 7, stratify: true } }), sources: [source], stagingDir: dir });
      return { r, dir };
    };
    const { r, dir } = await run();
    expect(r.dropped).toEqual({ invalid: 1, empty: 0, duplicates: 1 });
    expect(r.rows).toBe(100);
    expect(r.splits).toEqual({ train: 70, validation: 20, test: 10 });
    const val = [];
    for await (const rec of readJsonl<{ text: string; label: string }>(path.join(dir, SPLIT_FILES.validation))) val.push(rec);
    // Stratified: the 60/40 label ratio holds in the validation split.
    expect(val.filter((v) => v.label === 'pos').length).toBe(12);
    expect(val.every((v) => v.text === v.text.trim())).toBe(true);
    // Seeded: the same recipe gives the same files.
    const again = await run();
    expect(fs.readFileSync(path.join(again.dir, SPLIT_FILES.train), 'utf8')).toBe(fs.readFileSync(path.join(dir, SPLIT_FILES.train), 'utf8'));
    expect(r.detection.mapping).toEqual(LABELS);
    const pairs = await readSftFile(path.join(dir, SPLIT_FILES.train));
    expect(pairs[0]!.completion).toMatch(/^(pos|neg)$/);
  });

  it('mixes sources by percentage, each row used at most once, and refuses a mix that does not add up', async () => {
    const a = Array.from({ length: 100 }, (_, i) => ({ instruction: `a${i}`, input: '', output: `A${i}` }));
    const b = Array.from({ length: 30 }, (_, i) => ({ instruction: `b${i}`, input: '', output: `B${i}` }));
    const sources: PrepareSource[] = [
      { versionId: 'a', rowsFile: rowsFile(a), mapping: ALPACA, percent: 70 },
      { versionId: 'b', rowsFile: rowsFile(b), mapping: ALPACA, percent: 30 },
    ];
    const dir = path.join(tempDir(), 'staging');
    const r = await prepareData({ recipe: recipe({ sources: [{ versionId: 'a', percent: 70 }, { versionId: 'b', percent: 30 }], split: { validation: 0, test: 0 }, template: 'model' }), sources, stagingDir: dir });
    // b limits the total: 30 rows are 30%, so 100 rows in all, 70 from a.
    expect(r.perSource).toEqual([{ versionId: 'a', available: 100, used: 70 }, { versionId: 'b', available: 30, used: 30 }]);
    const pairs = await readSftFile(path.join(dir, SPLIT_FILES.train));
    expect(new Set(pairs.map((p) => p.completion)).size).toBe(100);
    await expect(prepareData({ recipe: recipe({ sources: [{ versionId: 'a', percent: 70 }, { versionId: 'b', percent: 20 }] }), sources, stagingDir: path.join(tempDir(), 's') })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringMatching(/90, not 100/) });
  });

  it('writes fixed prompt formats that training encodes as they are', async () => {
    const src: PrepareSource = { versionId: 'a', rowsFile: rowsFile([{ instruction: 'Say hi', input: '', output: 'hi' }]), mapping: ALPACA, percent: 100 };
    const dir = path.join(tempDir(), 'staging');
    await prepareData({ recipe: recipe({ sources: [{ versionId: 'a', percent: 100 }], split: { validation: 0, test: 0 }, template: 'chatml' }), sources: [src], stagingDir: dir });
    const [pair] = await readSftFile(path.join(dir, SPLIT_FILES.train));
    expect(pair).toMatchObject({ renderedPrompt: '<|im_start|>user\nSay hi<|im_end|>\n<|im_start|>assistant\n', completion: 'hi' });
  });
});
