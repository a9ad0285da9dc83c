import type { ColumnMapping, RowProblem } from '../../../electron/contract/datasets.js';
import { escapeHtml, formatCount } from './format.js';

/** A cell is either plain text (escaped here) or markup already built from escaped parts. */
export type Cell = string | { html: string } | { num: number };

function cell(c: Cell, tag: 'td' | 'th'): string {
  if (typeof c === 'string') return `<${tag} dir="auto">${escapeHtml(c)}</${tag}>`;
  if ('num' in c) return `<${tag} class="num">${formatCount(c.num)}</${tag}>`;
  return `<${tag}>${c.html}</${tag}>`;
}

export function table(head: string[], rows: Cell[][], numeric: number[] = []): string {
  const th = head.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody></table>`;
}

export function code(text: string): string {
  return `<code dir="auto">${escapeHtml(text)}</code>`;
}

/** Sample rows of a problem list: line, code, field, message. */
export function problemTable(samples: RowProblem[]): string {
  return table(
    ['Line', 'Code', 'Field', 'Message'],
    samples.map((p) => [{ num: p.line }, { html: code(p.code) }, p.field ? { html: code(p.field) } : '', p.message]),
    [0],
  );
}

/** `role ← column` pairs, in the order the roles were mapped. */
export function mappingHtml(mapping: ColumnMapping): string {
  const pairs = Object.entries(mapping.columns).map(([role, column]) => `<li>${code(role)} ← ${code(column)}</li>`);
  return `${code(mapping.kind)}<ul>${pairs.join('')}</ul>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

export function para(text: string, cls = 'caption'): string {
  return `<p class="${cls}">${escapeHtml(text)}</p>`;
}
