import type { DatasetVersion, ValidationReport } from '../../electron/contract/datasets.js';
import { escapeHtml } from './report/format.js';
import { headerHtml, importProblemsHtml } from './report/header.js';
import { REPORT_CSS } from './report/style.js';
import { duplicatesHtml, labelsHtml, leakageHtml, problemsHtml, summaryHtml, templateLintHtml, tokensHtml, warningsHtml } from './report/validation.js';

export { escapeHtml, highlightSpecialTokens } from './report/format.js';
export { histogramSvg, labelBarsSvg } from './report/charts.js';

export interface ReportSubject {
  datasetName: string;
  version: Pick<DatasetVersion, 'id' | 'sourceName' | 'format' | 'rows' | 'bytes' | 'columns' | 'notes' | 'importProblems' | 'detection' | 'createdAt' | 'splits'>;
}

/**
 * The data report as one standalone HTML file the user can save, mail and open offline: inline
 * CSS, inline SVG charts, no scripts and no URLs. Rows are untrusted text, so every user-derived
 * string is escaped, and a CSP meta tag forbids scripts and remote loads should one ever slip by.
 */
export function renderReportHtml(subject: ReportSubject, report: ValidationReport | null): string {
  const body = report
    ? [summaryHtml(subject, report), warningsHtml(report), tokensHtml(report), labelsHtml(report), problemsHtml(report), duplicatesHtml(report), leakageHtml(report), templateLintHtml(report)]
    : [
        '<div class="note" id="not-validated"><strong>Not validated yet</strong> — choose a model and run validation to see token lengths, problems, duplicates and the template check.</div>',
        summaryHtml(subject, null),
      ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Finetune Studio">',
    `<title>Data report — ${escapeHtml(subject.datasetName)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body><main>',
    headerHtml(subject, report),
    ...body,
    importProblemsHtml(subject),
    '<footer>Made by Finetune Studio. This file is self-contained: it loads nothing and runs no code.</footer>',
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
