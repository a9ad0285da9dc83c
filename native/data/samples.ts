import type { ColumnMapping } from '../../electron/contract/datasets.js';
import type { ChatMessage } from '../models/chat-template.js';
import type { DataRecord, RowProblem } from './types.js';

/**
 * A row as training uses it, whatever file it came from: a conversation (instruction data and chat
 * data alike), plain text (continued pre-training), or text with a label (classification).
 */
export type Sample =
  | { kind: 'conversation'; messages: ChatMessage[] }
  | { kind: 'text'; text: string }
  | { kind: 'classification'; text: string; label: string };

const ROLE_NAMES: Record<string, string> = {
  user: 'user',
  human: 'user',
  prompter: 'user',
  assistant: 'assistant',
  gpt: 'assistant',
  bot: 'assistant',
  model: 'assistant',
  chatgpt: 'assistant',
  system: 'system',
  // Tool-use data (glaive, ShareGPT): a call is something the assistant says; its result comes back as a tool turn.
  function_call: 'assistant',
  observation: 'tool',
  tool: 'tool',
  function: 'tool',
};

/** Text of a value: strings as they are, numbers as written, chat content parts joined. */
export function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    const parts = v.map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' ? textOf((p as DataRecord).text ?? (p as DataRecord).value ?? (p as DataRecord).content) : null));
    return parts.every((p) => p !== null) ? parts.join('') : null;
  }
  return null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

type Result = { ok: true; sample: Sample } | { ok: false; problem: RowProblem };

const fail = (line: number, code: RowProblem['code'], field: string, message: string): Result => ({ ok: false, problem: { code, line, field, message } });

function field(record: DataRecord, mapping: ColumnMapping, role: string, line: number, required: boolean): string | Result | null {
  const column = mapping.columns[role];
  if (!column) return null;
  const v = record[column];
  if (v === undefined || v === null || v === '') {
    return required ? fail(line, 'MISSING_FIELD', column, `row at line ${line}: "${column}" (${role}) is empty or missing`) : null;
  }
  const text = textOf(v);
  if (text === null) return fail(line, 'WRONG_TYPE', column, `row at line ${line}: "${column}" (${role}) is ${describe(v)}, expected text`);
  if (required && text.trim() === '') return fail(line, 'MISSING_FIELD', column, `row at line ${line}: "${column}" (${role}) is only whitespace`);
  return text;
}

function turns(record: DataRecord, mapping: ColumnMapping, role: 'messages' | 'conversations', line: number): ChatMessage[] | Result {
  const column = mapping.columns[role]!;
  const v = record[column];
  if (v === undefined || v === null) return fail(line, 'MISSING_FIELD', column, `row at line ${line}: "${column}" is missing`);
  if (!Array.isArray(v)) return fail(line, 'WRONG_TYPE', column, `row at line ${line}: "${column}" is ${describe(v)}, expected a list of turns`);
  const messages: ChatMessage[] = [];
  for (const [i, t] of v.entries()) {
    if (!t || typeof t !== 'object' || Array.isArray(t)) return fail(line, 'WRONG_TYPE', column, `row at line ${line}: turn ${i + 1} of "${column}" is ${describe(t)}, expected {role, content} or {from, value}`);
    const turn = t as DataRecord;
    const rawRole = turn.role ?? turn.from;
    const role = typeof rawRole === 'string' ? ROLE_NAMES[rawRole.toLowerCase()] : undefined;
    if (!role) return fail(line, 'WRONG_TYPE', column, `row at line ${line}: turn ${i + 1} has role ${JSON.stringify(rawRole ?? null)}; expected user/assistant/system (or human/gpt)`);
    const content = textOf(turn.content ?? turn.value);
    if (content === null) return fail(line, 'WRONG_TYPE', column, `row at line ${line}: turn ${i + 1} has no text content`);
    messages.push({ role, content });
  }
  if (!messages.some((m) => m.role === 'assistant')) return fail(line, 'MISSING_FIELD', column, `row at line ${line}: the conversation has no assistant turn to learn from`);
  return messages;
}

const isResult = (v: unknown): v is Result => typeof v === 'object' && v !== null && 'ok' in v;

/** Applies a mapping to one record: the sample, or the row's problem (naming its line and column). */
export function toSample(record: DataRecord, mapping: ColumnMapping, line: number): Result {
  const system = field(record, mapping, 'system', line, false);
  if (isResult(system)) return system;
  const withSystem = (messages: ChatMessage[]): ChatMessage[] => (system && messages[0]?.role !== 'system' ? [{ role: 'system', content: system }, ...messages] : messages);
  const pair = (userRole: string, extraRole: string | null, replyRole: string): Result => {
    const user = field(record, mapping, userRole, line, true);
    if (isResult(user)) return user;
    const extra = extraRole ? field(record, mapping, extraRole, line, false) : null;
    if (isResult(extra)) return extra;
    const reply = field(record, mapping, replyRole, line, true);
    if (isResult(reply)) return reply;
    const content = extra ? `${user}\n\n${extra}` : user!;
    return { ok: true, sample: { kind: 'conversation', messages: withSystem([{ role: 'user', content }, { role: 'assistant', content: reply! }]) } };
  };
  switch (mapping.kind) {
    case 'instruction':
      return pair('instruction', 'input', 'output');
    case 'prompt-completion':
      return pair('prompt', null, 'completion');
    case 'question-answer':
      return pair('question', 'context', 'answer');
    case 'chat':
    case 'sharegpt': {
      const messages = turns(record, mapping, mapping.kind === 'chat' ? 'messages' : 'conversations', line);
      return isResult(messages) ? messages : { ok: true, sample: { kind: 'conversation', messages: withSystem(messages) } };
    }
    case 'text': {
      const text = field(record, mapping, 'text', line, true);
      return isResult(text) ? text : { ok: true, sample: { kind: 'text', text: text! } };
    }
    case 'classification': {
      const text = field(record, mapping, 'text', line, true);
      if (isResult(text)) return text;
      const label = field(record, mapping, 'label', line, true);
      return isResult(label) ? label : { ok: true, sample: { kind: 'classification', text: text!, label: label!.trim() } };
    }
  }
}

/** One string per sample for duplicate and leakage checks. */
export function sampleKey(sample: Sample): string {
  if (sample.kind === 'conversation') return sample.messages.map((m) => `${m.role}\u0000${m.content}`).join('\u0001');
  return sample.text;
}

/** The same key after case, whitespace and punctuation are folded, for near-duplicates. */
export function normalizedKey(key: string): string {
  return key
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
