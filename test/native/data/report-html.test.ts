import fs from 'node:fs';
import path from 'node:path';
import { parse, type DefaultTreeAdapterTypes, type ParserError } from 'parse5';
import { describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../../electron/contract/datasets.js';
import { lengthStats } from '../../../native/data/length-stats.js';
import { escapeHtml, highlightSpecialTokens, renderReportHtml, type ReportSubject } from '../../../native/data/report-html.js';
import { repoRoot } from '../../helpers/fixtures.js';

const EVIL = '<script>alert(1)</script> "&\'';
const RTL = 'مرحبا بالعالم שלום 👋🏽';

const subject: ReportSubject = {
  datasetName: `support chats ${EVIL}`,
  version: {
    id: 'v_01hx9k2m',
    sourceName: 'support <chats> "2024".jsonl',
    format: 'jsonl',
    rows: 2400,
    bytes: 3_481_233,
    columns: ['instruction', 'input', 'output', 'split'],
    notes: ['Column "split" looks like a train/validation marker.', `A note with ${EVIL}`],
    importProblems: {
      count: 3,
      samples: [
        { code: 'BAD_JSON', line: 17, message: `Unexpected token < in JSON: ${EVIL}` },
        { code: 'BAD_JSON', line: 903, message: 'Unterminated string' },
      ],
    },
    detection: {
      mapping: { kind: 'instruction', columns: { instruction: 'instruction', input: 'input', output: 'output' } },
      confidence: 0.98,
      reasons: ['Columns instruction/input/output match the Alpaca layout.', '98% of sampled rows have a non-empty output.'],
      alternatives: [],
    },
    createdAt: Date.UTC(2024, 4, 2, 9, 30),
    splits: null,
  },
};

/** 2,400 token lengths: most short, a tail past maxLength (512). */
const lengths = Array.from({ length: 2400 }, (_, i) => Math.round(40 + 300 * ((i * 7919) % 1000) ** 2 / 1e6 + (i % 97 === 0 ? 500 : 0)));
const stats = lengthStats(lengths, 512);
const truncated = lengths.filter((n) => n > 512).length;

const report: ValidationReport = {
  versionId: 'v_01hx9k2m',
  createdAt: Date.UTC(2024, 4, 2, 10, 0),
  model: { path: '/models/qwen2.5-0.5b-instruct', name: 'qwen2.5-0.5b-instruct', hasChatTemplate: true },
  mapping: { kind: 'instruction', columns: { instruction: 'instruction', input: 'input', output: 'output' } },
  maxLength: 512,
  rows: 2400,
  usableRows: 2391,
  problems: {
    counts: { MISSING_FIELD: 7, EMPTY_OUTPUT: 2 },
    samples: [
      { code: 'MISSING_FIELD', line: 44, field: 'output', message: 'Row has no "output".' },
      { code: 'EMPTY_OUTPUT', line: 120, field: 'output', message: `Empty reply after ${EVIL}` },
    ],
  },
  duplicates: {
    exact: 12,
    normalized: 5,
    examples: [
      { line: 88, firstLine: 12, text: `instruction: ${EVIL} | output: ok` },
      { line: 91, firstLine: 30, text: RTL },
    ],
  },
  tokens: { ...stats, truncated, truncatedPercent: (100 * truncated) / lengths.length, emptyAfterTruncation: 2 },
  labels: null,
  leakage: { between: 'train and validation', count: 4, examples: ['How do I reset my password?'] },
  templateLint: [
    {
      line: 2,
      rendered: `<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nWhat does <b>bold</b> do? ${EVIL}<|im_end|>\n<|im_start|>assistant\nIt makes text bold.<|im_end|>`,
      promptTokens: 31,
      completionTokens: 7,
    },
    { line: 3, rendered: `<s>[INST] ${RTL} [/INST] Hi!</s>`, promptTokens: 14, completionTokens: 3 },
    { line: 4, rendered: '<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>', promptTokens: 9, completionTokens: 2 },
  ],
  warnings: ['12 exact duplicate rows (prepare can drop them).', `${truncated} rows are longer than 512 tokens and would be cut.`, `Warning text with ${EVIL}`],
  rowsPerSecond: 18250.4,
};

const LABELS = { positive: 1200, negative: 800, neutral: 300, [`odd ${EVIL}`]: 20, [RTL]: 80 };
const withLabels: ValidationReport = { ...report, labels: { counts: LABELS, imbalanceRatio: 60 } };

function sectionOf(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start, `section #${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

type Node = DefaultTreeAdapterTypes.Node;
function* walk(node: Node): Generator<Node> {
  yield node;
  if ('childNodes' in node) for (const c of node.childNodes) yield* walk(c);
}
const attr = (n: Node, name: string) => ('attrs' in n ? n.attrs.find((a) => a.name === name)?.value : undefined);
const text = (n: Node): string => [...walk(n)].map((c) => (c.nodeName === '#text' && 'value' in c ? c.value : '')).join('');

describe('renderReportHtml', () => {
  const html = renderReportHtml(subject, withLabels);

  it('is one self-contained document: no scripts, no URLs', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).toContain('<style>');
    fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
    fs.writeFileSync(path.join(repoRoot, 'test-results', 'report-example.html'), html);
  });

  it('escapes every user-derived string', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&#39;');
    expect(html).toContain('support &lt;chats&gt; &quot;2024&quot;.jsonl');
    expect(html).toContain(RTL);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('draws one bar per non-empty histogram bin, the maxLength marker and the stats', () => {
    const tokens = sectionOf(html, 'tokens');
    const nonEmpty = stats.histogram.counts.filter((c) => c > 0).length;
    expect(nonEmpty).toBeGreaterThan(3);
    expect(tokens.match(/<rect class="bar[^"]*"/g)).toHaveLength(nonEmpty);
    expect(tokens.match(/<rect class="bar over"/g)?.length).toBeGreaterThan(0); // bins past maxLength
    expect(tokens).toMatch(/<line class="marker" x1="[\d.]+"/);
    expect(tokens).toContain('maxLength 512');
    expect(tokens).toContain(`p50 ${stats.p50} · p95 ${stats.p95} · max ${stats.max}`);
  });

  it('draws one bar per label with its count and share, and the imbalance ratio', () => {
    const labels = sectionOf(html, 'labels');
    expect(labels.match(/<rect class="bar"/g)).toHaveLength(Object.keys(LABELS).length);
    expect(labels).toContain('1,200 (50.0%)');
    expect(labels).toContain('odd &lt;script&gt;');
    expect(labels).toContain('imbalance ratio 60.0×');
    expect(renderReportHtml(subject, report)).not.toContain('<section id="labels">');
  });

  it('lists problems by code and sample, duplicates, leakage and import problems', () => {
    const problems = sectionOf(html, 'problems');
    expect(problems.indexOf('MISSING_FIELD')).toBeLessThan(problems.indexOf('EMPTY_OUTPUT'));
    expect(problems).toContain('Row has no &quot;output&quot;.');
    const dups = sectionOf(html, 'duplicates');
    expect(dups).toMatch(/<td class="num">88<\/td><td class="num">12<\/td>/);
    expect(sectionOf(html, 'leakage')).toContain('4 samples appear in both train and validation');
    const imported = sectionOf(html, 'import-problems');
    expect(imported).toContain('3 rows could not be read');
    expect(imported).toContain('Showing 2 of 3');
  });

  it('shows the template as the model sees it, special tokens highlighted and row tags left as text', () => {
    const lint = sectionOf(html, 'template');
    expect(lint.match(/<pre>/g)).toHaveLength(3);
    for (const tok of ['&lt;|im_start|&gt;', '&lt;|im_end|&gt;', '&lt;s&gt;', '&lt;/s&gt;', '[INST]', '[/INST]', '&lt;|eot_id|&gt;', '&lt;|start_header_id|&gt;']) {
      expect(lint).toContain(`<mark class="tok">${tok}</mark>`);
    }
    expect(lint).toContain('What does &lt;b&gt;bold&lt;/b&gt; do?');
    expect(lint).toContain('prompt 31 · completion 7 tokens');
    expect(highlightSpecialTokens('a<|x|>b<c>')).toBe('a<mark class="tok">&lt;|x|&gt;</mark>b&lt;c&gt;');
  });

  it('without a report, shows the import-level content and says validation has not run', () => {
    const plain = renderReportHtml(subject, null);
    expect(plain).toContain('Not validated yet');
    expect(plain).toContain('choose a model and run validation');
    expect(plain).not.toContain('<svg');
    expect(plain).toContain('Columns instruction/input/output match the Alpaca layout.');
    expect(plain).toContain('3 rows could not be read');
    expect(plain).not.toMatch(/<script|https?:\/\//i);
    fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
    fs.writeFileSync(path.join(repoRoot, 'test-results', 'report-example-unvalidated.html'), plain);
  });

  it('parses as valid HTML5 whose text round-trips the raw data', () => {
    for (const doc of [html, renderReportHtml(subject, null)]) {
      const errors: ParserError[] = [];
      const tree = parse(doc, { onParseError: (e) => errors.push(e) });
      expect(errors.map((e) => `${e.code} at ${e.startLine}:${e.startCol}`)).toEqual([]);
      const nodes = [...walk(tree)];
      expect(nodes.filter((n) => n.nodeName === 'script' || n.nodeName === 'iframe' || n.nodeName === 'img')).toEqual([]);
      expect(nodes.flatMap((n) => ('attrs' in n ? n.attrs.map((a) => a.name) : [])).filter((a) => a.startsWith('on'))).toEqual([]);
    }
    const nodes = [...walk(parse(html))];
    expect(text(nodes.find((n) => n.nodeName === 'h1')!)).toBe(subject.datasetName);
    const marks = nodes.filter((n) => n.nodeName === 'mark').map(text);
    expect(marks).toContain('<|im_start|>');
    const pres = nodes.filter((n) => n.nodeName === 'pre').map(text);
    expect(pres).toEqual(report.templateLint.map((l) => l.rendered));
    const tokensSvg = nodes.find((n) => n.nodeName === 'svg' && attr(n, 'aria-label') === 'Token length histogram')!;
    expect([...walk(tokensSvg)].filter((n) => n.nodeName === 'rect')).toHaveLength(stats.histogram.counts.filter((c) => c > 0).length);
  });
});
