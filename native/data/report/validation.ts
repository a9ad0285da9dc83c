import type { ValidationReport } from '../../../electron/contract/datasets.js';
import type { ReportSubject } from '../report-html.js';
import { histogramSvg, labelBarsSvg, MAX_LABEL_BARS } from './charts.js';
import { escapeHtml, formatBytes, formatCount, formatPercent, highlightSpecialTokens } from './format.js';
import { code, para, problemTable, section, table } from './tables.js';

function card(label: string, value: string, bad = false): string {
  return `<div class="card${bad ? ' bad' : ''}"><div class="n">${escapeHtml(value)}</div><div class="k">${escapeHtml(label)}</div></div>`;
}

export function problemTotal(r: ValidationReport): number {
  return Object.values(r.problems.counts).reduce((s, n) => s + n, 0);
}

export function summaryHtml({ version: v }: ReportSubject, r: ValidationReport | null): string {
  const cards = r
    ? [
        card('Rows', formatCount(r.rows)),
        card(`Usable rows (${formatPercent(r.usableRows, r.rows)})`, formatCount(r.usableRows), r.usableRows < r.rows),
        card('Problems', formatCount(problemTotal(r)), problemTotal(r) > 0),
        card('Exact duplicates', formatCount(r.duplicates.exact), r.duplicates.exact > 0),
        card('Normalised duplicates', formatCount(r.duplicates.normalized), r.duplicates.normalized > 0),
        card('Truncated', r.tokens ? `${r.tokens.truncatedPercent.toFixed(1)}%` : '—', (r.tokens?.truncated ?? 0) > 0),
        card('Labels', r.labels ? formatCount(Object.keys(r.labels.counts).length) : '—'),
      ]
    : [card('Rows', formatCount(v.rows)), card('Size', formatBytes(v.bytes)), card('Columns', formatCount(v.columns.length)), card('Import problems', formatCount(v.importProblems.count), v.importProblems.count > 0)];
  return section('summary', 'Summary', `<div class="cards">${cards.join('')}</div>`);
}

export function warningsHtml(r: ValidationReport): string {
  const body = r.warnings.length ? `<ul class="warnings">${r.warnings.map((w) => `<li dir="auto">${escapeHtml(w)}</li>`).join('')}</ul>` : para('Nothing to warn about.', 'ok');
  return section('warnings', 'Warnings', body);
}

export function tokensHtml(r: ValidationReport): string {
  const t = r.tokens;
  if (!t) return '';
  const stats = `p50 ${formatCount(t.p50)} · p95 ${formatCount(t.p95)} · max ${formatCount(t.max)} · mean ${t.mean.toFixed(1)} tokens. ${formatCount(t.truncated)} rows (${t.truncatedPercent.toFixed(1)}%) exceed maxLength ${formatCount(r.maxLength)}`;
  const empty = t.emptyAfterTruncation ? `; ${formatCount(t.emptyAfterTruncation)} lose their whole reply.` : '.';
  return section('tokens', 'Token lengths', `<figure>${histogramSvg(t.histogram, r.maxLength)}<figcaption class="caption">${escapeHtml(stats + empty)}</figcaption></figure>`);
}

export function labelsHtml(r: ValidationReport): string {
  const l = r.labels;
  if (!l) return '';
  const n = Object.keys(l.counts).length;
  const more = n > MAX_LABEL_BARS ? ` The ${formatCount(n - MAX_LABEL_BARS)} smallest classes are not drawn.` : '';
  const caption = `${formatCount(n)} labels; imbalance ratio ${l.imbalanceRatio.toFixed(1)}× (largest class over smallest).${more}`;
  return section('labels', 'Labels', `<figure>${labelBarsSvg(l.counts)}<figcaption class="caption">${escapeHtml(caption)}</figcaption></figure>`);
}

export function problemsHtml(r: ValidationReport): string {
  const counts = Object.entries(r.problems.counts).sort((a, b) => b[1] - a[1]);
  if (!counts.length) return section('problems', 'Problems', para('Every row fits the mapping.', 'ok'));
  const byCode = table(['Code', 'Rows', 'Share'], counts.map(([c, n]) => [{ html: code(c) }, { num: n }, formatPercent(n, r.rows)]), [1]);
  return section('problems', 'Problems', `${byCode}<h3>Sample rows</h3>${problemTable(r.problems.samples)}`);
}

export function duplicatesHtml(r: ValidationReport): string {
  const d = r.duplicates;
  const summary = para(`${formatCount(d.exact)} exact duplicates; ${formatCount(d.normalized)} more once case, spacing and punctuation are ignored.`, d.exact + d.normalized ? '' : 'ok');
  const examples = d.examples.length ? table(['Line', 'First seen at', 'Text'], d.examples.map((e) => [{ num: e.line }, { num: e.firstLine }, e.text]), [0, 1]) : '';
  return section('duplicates', 'Duplicates', summary + examples);
}

export function leakageHtml(r: ValidationReport): string {
  const k = r.leakage;
  if (!k) return '';
  const examples = k.examples.length ? `<ul>${k.examples.map((e) => `<li dir="auto">${escapeHtml(e)}</li>`).join('')}</ul>` : '';
  return section('leakage', 'Leakage', para(`${formatCount(k.count)} samples appear in both ${k.between}.`, k.count ? '' : 'ok') + examples);
}

export function templateLintHtml(r: ValidationReport): string {
  if (!r.templateLint.length) return '';
  const items = r.templateLint.map((s) => {
    const counts = r.model ? `prompt ${formatCount(s.promptTokens)} · completion ${formatCount(s.completionTokens)} tokens` : 'not tokenized (no model)';
    return `<div class="lint"><header><span>Line ${formatCount(s.line)}</span><span>${counts}</span></header><pre>${highlightSpecialTokens(s.rendered)}</pre></div>`;
  });
  const intro = para('Sample rows exactly as the model sees them in training; special tokens are highlighted.');
  return section('template', 'Template check', intro + items.join(''));
}
