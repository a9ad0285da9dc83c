import type { ValidationReport } from '../../../electron/contract/datasets.js';
import type { ReportSubject } from '../report-html.js';
import { escapeHtml, formatBytes, formatCount, formatDate, formatPercent } from './format.js';
import { code, mappingHtml, para, problemTable, section } from './tables.js';

function row(term: string, html: string): string {
  return `<dt>${escapeHtml(term)}</dt><dd>${html}</dd>`;
}

/** What the file is: name, source, size, schema and how it was detected, import notes. */
export function headerHtml({ datasetName, version: v }: ReportSubject, report: ValidationReport | null): string {
  const mapping = report?.mapping ?? v.detection.mapping;
  const items = [
    row('Source file', `<bdi>${escapeHtml(v.sourceName)}</bdi>`),
    row('Format', code(v.format)),
    row('Rows', formatCount(v.rows)),
    row('Size', formatBytes(v.bytes)),
    row('Created', formatDate(v.createdAt)),
    row('Columns', v.columns.length ? `<span class="chips">${v.columns.map(code).join(' ')}</span>` : '—'),
  ];
  if (v.splits) items.push(row('Splits', `train ${formatCount(v.splits.train)} · validation ${formatCount(v.splits.validation)} · test ${formatCount(v.splits.test)}`));
  items.push(row(report?.mapping ? 'Schema (validated)' : 'Schema (detected)', mapping ? mappingHtml(mapping) : 'Not recognised: map the columns by hand.'));
  const reasons = v.detection.reasons.map((r) => `<li dir="auto">${escapeHtml(r)}</li>`).join('');
  items.push(row('Detection', `${formatPercent(v.detection.confidence, 1)} of sampled rows fit${reasons ? `<ul>${reasons}</ul>` : ''}`));
  if (v.notes.length) items.push(row('Notes', `<ul>${v.notes.map((n) => `<li dir="auto">${escapeHtml(n)}</li>`).join('')}</ul>`));
  if (report) {
    const model = report.model ? `${escapeHtml(report.model.name)} (${report.model.hasChatTemplate ? 'has a chat template' : 'no chat template: Alpaca prompt format'})` : 'None: token lengths were not counted';
    items.push(row('Model', model));
    items.push(row('maxLength', `${formatCount(report.maxLength)} tokens`));
    items.push(row('Validated', `${formatDate(report.createdAt)} · ${formatCount(report.rowsPerSecond)} rows/s`));
  }
  return `<header><h1 dir="auto">${escapeHtml(datasetName)}</h1><p class="sub">Data report · version ${code(v.id)}</p><dl class="meta">${items.join('')}</dl></header>`;
}

/** Rows the reader could not parse at import (skipped when the user chose to keep going). */
export function importProblemsHtml({ version: v }: ReportSubject): string {
  const { count, samples } = v.importProblems;
  if (count === 0) return section('import-problems', 'Import problems', para('Every row of the file could be read.', 'ok'));
  const shown = samples.length < count ? para(`Showing ${formatCount(samples.length)} of ${formatCount(count)}.`) : '';
  return section('import-problems', 'Import problems', `${para(`${formatCount(count)} rows could not be read and were skipped.`, '')}${problemTable(samples)}${shown}`);
}
