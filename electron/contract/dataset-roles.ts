/**
 * What a dataset's rows are for and the roles each kind maps columns to, as plain values with no
 * zod, so the renderer can use them without bundling zod (as error-codes.ts does for error codes).
 */
export const SCHEMA_KINDS = ['instruction', 'prompt-completion', 'question-answer', 'chat', 'sharegpt', 'text', 'classification'] as const;
export type SchemaKindName = (typeof SCHEMA_KINDS)[number];

export const ROLES_BY_KIND = {
  instruction: { required: ['instruction', 'output'], optional: ['input', 'system'] },
  'prompt-completion': { required: ['prompt', 'completion'], optional: ['system'] },
  'question-answer': { required: ['question', 'answer'], optional: ['context', 'system'] },
  chat: { required: ['messages'], optional: ['system'] },
  sharegpt: { required: ['conversations'], optional: ['system'] },
  text: { required: ['text'], optional: [] },
  classification: { required: ['text', 'label'], optional: [] },
} as const satisfies Record<SchemaKindName, { required: readonly string[]; optional: readonly string[] }>;
