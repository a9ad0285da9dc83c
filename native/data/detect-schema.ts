import type { ColumnMapping, Detection, SchemaKind } from '../../electron/contract/datasets.js';
import { toSample } from './samples.js';
import type { DataRecord } from './types.js';

/** Column names each role answers to, most usual first (case-insensitive). */
const ALIASES: Record<string, readonly string[]> = {
  instruction: ['instruction', 'instructions', 'query'],
  input: ['input', 'context', 'inputs'],
  output: ['output', 'response', 'outputs'],
  prompt: ['prompt', 'source'],
  completion: ['completion', 'response', 'target', 'chosen'],
  question: ['question', 'questions', 'query'],
  answer: ['answer', 'answers', 'response'],
  context: ['context'],
  system: ['system', 'system_prompt'],
  messages: ['messages', 'conversation', 'conversations', 'chat', 'dialog'],
  conversations: ['conversations', 'conversation', 'messages', 'items'],
  text: ['text', 'sentence', 'content', 'body', 'document', 'review', 'tweet', 'passage'],
  label: ['label', 'labels', 'class', 'category', 'sentiment', 'target', 'intent'],
};

/** Candidate mappings in the order a tie is broken: the most specific schema first. */
const CANDIDATES: readonly { kind: SchemaKind; roles: readonly string[]; optional: readonly string[] }[] = [
  { kind: 'chat', roles: ['messages'], optional: ['system'] },
  { kind: 'sharegpt', roles: ['conversations'], optional: ['system'] },
  { kind: 'instruction', roles: ['instruction', 'output'], optional: ['input', 'system'] },
  { kind: 'prompt-completion', roles: ['prompt', 'completion'], optional: ['system'] },
  { kind: 'question-answer', roles: ['question', 'answer'], optional: ['context', 'system'] },
  { kind: 'classification', roles: ['text', 'label'], optional: [] },
  { kind: 'text', roles: ['text'], optional: [] },
];

function findColumn(columns: readonly string[], role: string, taken: Set<string>): string | undefined {
  const lower = new Map(columns.map((c) => [c.toLowerCase().trim(), c]));
  for (const alias of ALIASES[role] ?? [role]) {
    const c = lower.get(alias);
    if (c !== undefined && !taken.has(c)) return c;
  }
  return undefined;
}

/** Which turn shape a list column holds: role/content (chat) or from/value (ShareGPT). */
function turnShape(records: readonly DataRecord[], column: string): 'chat' | 'sharegpt' | null {
  for (const r of records) {
    const v = r[column];
    if (!Array.isArray(v) || v.length === 0) continue;
    const first = v[0] as DataRecord | null;
    if (first && typeof first === 'object') {
      if ('from' in first && 'value' in first) return 'sharegpt';
      if ('role' in first) return 'chat';
    }
    return null;
  }
  return null;
}

function listColumns(columns: readonly string[], records: readonly DataRecord[]): Map<string, 'chat' | 'sharegpt'> {
  const found = new Map<string, 'chat' | 'sharegpt'>();
  for (const c of columns) {
    const shape = turnShape(records, c);
    if (shape) found.set(c, shape);
  }
  return found;
}

/** A label column has few distinct short values; free text has many. */
function looksLikeLabels(records: readonly DataRecord[], column: string): boolean {
  const values = records.map((r) => r[column]).filter((v) => v !== undefined && v !== null && v !== '');
  if (values.length === 0) return false;
  const distinct = new Set(values.map(String));
  return distinct.size <= Math.max(2, Math.min(50, values.length * 0.2)) && [...distinct].every((v) => v.length <= 64);
}

function candidateMapping(kind: SchemaKind, roles: readonly string[], optional: readonly string[], columns: readonly string[], records: readonly DataRecord[], lists: Map<string, 'chat' | 'sharegpt'>): ColumnMapping | null {
  const taken = new Set<string>();
  const mapped: Record<string, string> = {};
  for (const role of roles) {
    let c: string | undefined;
    if (role === 'messages' || role === 'conversations') {
      const want = role === 'messages' ? 'chat' : 'sharegpt';
      c = [...lists].find(([, shape]) => shape === want)?.[0];
    } else {
      c = findColumn(columns, role, taken);
      if (!c && kind === 'text' && role === 'text') {
        // A file with one column of text (TXT imports, single-column CSVs) is plain text whatever its name.
        const stringCols = columns.filter((col) => records.some((r) => typeof r[col] === 'string'));
        if (stringCols.length === 1) c = stringCols[0];
      }
    }
    if (!c) return null;
    if (role === 'label' && !looksLikeLabels(records, c)) return null;
    taken.add(c);
    mapped[role] = c;
  }
  for (const role of optional) {
    const c = findColumn(columns, role, taken);
    if (c) {
      taken.add(c);
      mapped[role] = c;
    }
  }
  return { kind, columns: mapped };
}

function fitShare(mapping: ColumnMapping, records: readonly DataRecord[]): number {
  if (records.length === 0) return 0;
  let ok = 0;
  for (const [i, r] of records.entries()) if (toSample(r, mapping, i + 1).ok) ok++;
  return ok / records.length;
}

/**
 * Guesses what a dataset's rows are from its column names and the values of its first rows. The
 * user can override the guess in the mapping editor; the reasons say why it was made.
 */
export function detectSchema(columns: readonly string[], records: readonly DataRecord[]): Detection {
  const lists = listColumns(columns, records);
  const scored: { mapping: ColumnMapping; share: number }[] = [];
  for (const c of CANDIDATES) {
    const mapping = candidateMapping(c.kind, c.roles, c.optional, columns, records, lists);
    if (mapping) scored.push({ mapping, share: fitShare(mapping, records) });
  }
  // Stable sort: on equal fit the more specific schema (earlier candidate) wins.
  scored.sort((a, b) => b.share - a.share);
  const best = scored[0];
  if (!best || best.share === 0) {
    return {
      mapping: null,
      confidence: 0,
      reasons: [columns.length ? `No known schema fits the columns ${columns.map((c) => `"${c}"`).join(', ')}; map them to roles yourself.` : 'The file has no columns.'],
      alternatives: scored.map((s) => s.mapping),
    };
  }
  const roles = Object.entries(best.mapping.columns).map(([role, col]) => (role === col ? `"${col}"` : `"${col}" as ${role}`));
  const reasons = [`${best.mapping.kind}: columns ${roles.join(', ')}; ${Math.round(best.share * 100)}% of the first ${records.length} rows fit.`];
  if (best.share < 1) reasons.push(`${records.length - Math.round(best.share * records.length)} of the first ${records.length} rows do not fit; validation lists them.`);
  return { mapping: best.mapping, confidence: best.share, reasons, alternatives: scored.slice(1).map((s) => s.mapping) };
}
