import type { ColumnMapping, RowProblem, StoredRow, ValidationReport } from '../../electron/contract/datasets.js';
import type { ModelTokenizer } from '../models/tokenizer.js';
import { promptText } from '../engine/sft-examples.js';
import { readJsonl } from './jsonl-writer.js';
import { hash53 } from './hash53.js';
import { Hash53Map } from './hash53-map.js';
import { TokenLengthPool } from './token-length-pool.js';
import { TokenLengths } from './token-lengths.js';
import { normalizedKey, sampleKey, toSample, type Sample } from './samples.js';
import { lengthStats } from './length-stats.js';

export interface ValidateOptions {
  versionId: string;
  rowsFile: string;
  rows: number;
  mapping: ColumnMapping | null;
  tokenizer: ModelTokenizer | null;
  /** The folder `tokenizer` was loaded from: counting threads load their own copy (token-length-pool.ts). */
  tokenizerDir?: string;
  model: { path: string; name: string } | null;
  maxLength: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

const SAMPLES_PER_CODE = 20;
const LINT_ROWS = 3;
const DUPLICATE_EXAMPLES = 20;

/** Exactly what the model will see for a row, special tokens written out. */
function render(tok: ModelTokenizer | null, sample: Sample): string {
  if (sample.kind !== 'conversation') return sample.kind === 'classification' ? `${sample.text}\n→ label: ${sample.label}` : sample.text;
  const lastAssistant = sample.messages.map((m) => m.role).lastIndexOf('assistant');
  const reply = sample.messages[lastAssistant]!.content;
  if (!tok) return `${sample.messages.slice(0, lastAssistant).map((m) => `[${m.role}] ${m.content}`).join('\n')}\n[assistant] ${reply}`;
  const eos = tok.special.eos?.content ?? '';
  return `${promptText(tok, sample.messages.slice(0, lastAssistant))}${reply}${eos}`;
}

/**
 * Reads a version's rows once and reports what training would meet: rows that do not fit the
 * mapping, exact and near duplicates, token lengths against maxLength, labels, train/validation
 * leakage (when rows carry a `split` column), and a few rows rendered through the chat template.
 */
export async function validateData(opts: ValidateOptions): Promise<ValidationReport> {
  const started = performance.now();
  const counts: Record<string, number> = {};
  const samples: RowProblem[] = [];
  // Typed hash maps (hash53-map.ts): a million rows' hashes in ~50 MB instead of ~200 MB of Maps.
  const exact = new Hash53Map();
  const normalized = new Hash53Map();
  const dupExamples: ValidationReport['duplicates']['examples'] = [];
  let exactDups = 0;
  let normDups = 0;
  const labels: Record<string, number> = {};
  const splitKeys = { train: new Hash53Map(), other: new Hash53Map() };
  const splitNames: string[] = [];
  const templateLint: ValidationReport['templateLint'] = [];
  const warnings: string[] = [];
  let rows = 0;
  let usable = 0;

  const problem = (p: RowProblem) => {
    counts[p.code] = (counts[p.code] ?? 0) + 1;
    if (counts[p.code]! <= SAMPLES_PER_CODE) samples.push(p);
  };

  const tokenLengths = opts.tokenizer && opts.mapping ? new TokenLengths(opts.tokenizer, opts.maxLength) : null;
  const pool = tokenLengths && opts.tokenizerDir ? TokenLengthPool.open(tokenLengths, { tokenizerDir: opts.tokenizerDir, maxLength: opts.maxLength }, opts.rows) : null;
  try {
    if (!opts.mapping) warnings.push('No column mapping: choose which columns are the prompt, the reply or the text before validating.');
    for await (const row of readJsonl<StoredRow>(opts.rowsFile)) {
      rows++;
      if (rows % 5000 === 0) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        opts.onProgress?.(rows / Math.max(1, opts.rows), `Checked ${rows.toLocaleString('en')} of ${opts.rows.toLocaleString('en')} rows`);
      }
      if (!opts.mapping) continue;
      const result = toSample(row.r, opts.mapping, row.l);
      if (!result.ok) {
        problem(result.problem);
        continue;
      }
      usable++;
      const sample = result.sample;
      const key = sampleKey(sample);
      const h = hash53(key);
      const first = exact.get(h);
      if (first !== undefined) {
        exactDups++;
        if (dupExamples.length < DUPLICATE_EXAMPLES) dupExamples.push({ line: row.l, firstLine: first, text: key.replaceAll('\u0000', ': ').replaceAll('\u0001', ' | ').slice(0, 200) });
      } else {
        exact.set(h, row.l);
        const nh = hash53(normalizedKey(key));
        if (normalized.has(nh)) normDups++;
        else normalized.set(nh, row.l);
      }
      if (sample.kind === 'classification') labels[sample.label] = (labels[sample.label] ?? 0) + 1;
      const split = typeof row.r.split === 'string' ? row.r.split : null;
      if (split === 'train') splitKeys.train.set(h, 1);
      else if (split) {
        let index = splitNames.indexOf(split);
        if (index === -1) index = splitNames.push(split) - 1;
        splitKeys.other.set(h, index);
      }
      if (opts.tokenizer && tokenLengths) {
        if (templateLint.length < LINT_ROWS) {
          const c = tokenLengths.add(sample);
          templateLint.push({ line: row.l, rendered: render(opts.tokenizer, sample), promptTokens: c.prompt, completionTokens: c.completion });
        } else if (pool) pool.add(sample);
        else tokenLengths.add(sample);
      } else if (templateLint.length < LINT_ROWS) {
        templateLint.push({ line: row.l, rendered: render(null, sample), promptTokens: 0, completionTokens: 0 });
      }
    }
    await pool?.finish();
  } finally {
    await pool?.close();
  }
  const totals = tokenLengths?.result;
  const lengthCount = totals?.count ?? 0;

  let leaked = 0;
  for (const [h] of splitKeys.other.entries()) if (splitKeys.train.has(h)) leaked++;
  const labelCounts = Object.values(labels);
  const report: ValidationReport = {
    versionId: opts.versionId,
    createdAt: Date.now(),
    model: opts.model && opts.tokenizer ? { ...opts.model, hasChatTemplate: opts.tokenizer.chatTemplate !== null } : null,
    mapping: opts.mapping,
    maxLength: opts.maxLength,
    rows,
    usableRows: usable,
    problems: { counts, samples },
    duplicates: { exact: exactDups, normalized: normDups, examples: dupExamples },
    tokens: totals && lengthCount ? { ...lengthStats(Array.from(totals.lengths.subarray(0, lengthCount)), opts.maxLength), truncated: totals.truncated, truncatedPercent: (100 * totals.truncated) / lengthCount, emptyAfterTruncation: totals.emptyAfterTruncation } : null,
    labels: labelCounts.length ? { counts: labels, imbalanceRatio: labelCounts.reduce((a, b) => Math.max(a, b)) / labelCounts.reduce((a, b) => Math.min(a, b)) } : null,
    leakage: splitKeys.train.size && splitKeys.other.size ? { between: `train and ${splitNames.join('/')}`, count: leaked, examples: [] } : null,
    templateLint,
    warnings,
    rowsPerSecond: rows / Math.max(1e-9, (performance.now() - started) / 1000),
  };
  addWarnings(report, opts);
  return report;
}

function addWarnings(r: ValidationReport, opts: ValidateOptions): void {
  const bad = r.rows - r.usableRows;
  if (opts.mapping && bad > 0) r.warnings.push(`${bad} of ${r.rows} rows do not fit the ${opts.mapping.kind} mapping and would be dropped.`);
  if (r.duplicates.exact > 0) r.warnings.push(`${r.duplicates.exact} exact duplicate rows (prepare can drop them).`);
  if (r.duplicates.normalized > 0) r.warnings.push(`${r.duplicates.normalized} more rows are duplicates once case, spacing and punctuation are ignored.`);
  if (r.tokens && r.tokens.truncated > 0) r.warnings.push(`${r.tokens.truncated} rows (${r.tokens.truncatedPercent.toFixed(1)}%) are longer than ${r.maxLength} tokens and would be cut; the longest has ${r.tokens.max}.`);
  if (r.tokens && r.tokens.emptyAfterTruncation > 0) r.warnings.push(`${r.tokens.emptyAfterTruncation} rows have prompts that fill all ${r.maxLength} tokens: their reply is cut away entirely and teaches nothing.`);
  if (r.labels && r.labels.imbalanceRatio >= 3) r.warnings.push(`Labels are imbalanced: the largest class is ${r.labels.imbalanceRatio.toFixed(1)}× the smallest.`);
  if (r.leakage && r.leakage.count > 0) r.warnings.push(`${r.leakage.count} samples appear in both ${r.leakage.between}: validation scores would be optimistic.`);
  if (!opts.tokenizer) r.warnings.push('No model chosen: token lengths are not counted and the chat template is not checked.');
  else if (!opts.tokenizer.chatTemplate && opts.mapping && !['text', 'classification'].includes(opts.mapping.kind)) r.warnings.push('The model has no chat template: training uses the Alpaca prompt format.');
}
