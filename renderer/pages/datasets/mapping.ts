import type { ColumnMapping, SchemaKind } from '../../../electron/contract/datasets.js';
import { ROLES_BY_KIND, SCHEMA_KINDS } from '../../../electron/contract/dataset-roles.js';

export { SCHEMA_KINDS };

export const KIND_LABELS: Record<SchemaKind, string> = {
  instruction: 'Instruction (Alpaca)',
  'prompt-completion': 'Prompt / completion',
  'question-answer': 'Question / answer',
  chat: 'Chat messages',
  sharegpt: 'ShareGPT conversations',
  text: 'Plain text',
  classification: 'Text classification',
};

export interface RoleSlot {
  role: string;
  required: boolean;
}

/** The roles a schema kind has, required first, in the contract's order. */
export function rolesOf(kind: SchemaKind): RoleSlot[] {
  const r: { required: readonly string[]; optional: readonly string[] } = ROLES_BY_KIND[kind];
  return [...r.required.map((role) => ({ role, required: true })), ...r.optional.map((role) => ({ role, required: false }))];
}

/** Required roles with no column chosen. */
export function missingRoles(kind: SchemaKind, columns: Readonly<Record<string, string>>): string[] {
  const required: readonly string[] = ROLES_BY_KIND[kind].required;
  return required.filter((role) => !columns[role]);
}

/**
 * The columns kept when the kind changes: roles the new kind shares with the old keep their
 * column; a role it lacks is dropped. A new role whose name is a column gets that column.
 */
export function carryColumns(kind: SchemaKind, columns: Readonly<Record<string, string>>, available: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Set<string>();
  for (const { role } of rolesOf(kind)) {
    const c = columns[role];
    if (c && available.includes(c) && !used.has(c)) {
      out[role] = c;
      used.add(c);
    }
  }
  for (const { role } of rolesOf(kind)) {
    if (out[role]) continue;
    const same = available.find((c) => c.toLowerCase() === role && !used.has(c));
    if (same) {
      out[role] = same;
      used.add(same);
    }
  }
  return out;
}

/** The mapping to save: only the kind's roles, with a column chosen. */
export function mappingFor(kind: SchemaKind, columns: Readonly<Record<string, string>>): ColumnMapping {
  const out: Record<string, string> = {};
  for (const { role } of rolesOf(kind)) if (columns[role]) out[role] = columns[role]!;
  return { kind, columns: out };
}

export function sameMapping(a: ColumnMapping | null, b: ColumnMapping | null): boolean {
  if (!a || !b) return a === b;
  const ka = Object.keys(a.columns).sort();
  const kb = Object.keys(b.columns).sort();
  return a.kind === b.kind && ka.length === kb.length && ka.every((k, i) => k === kb[i] && a.columns[k] === b.columns[k]);
}

/** "instruction ← prompt, output ← answer" */
export function describeMapping(m: ColumnMapping): string {
  return rolesOf(m.kind)
    .filter(({ role }) => m.columns[role])
    .map(({ role }) => `${role} ← ${m.columns[role]}`)
    .join(', ');
}
