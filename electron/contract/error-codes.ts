/**
 * The error codes of DESIGN.md, as a plain list with no zod, so the renderer can check codes at
 * run time without bundling zod.
 */
export const ERROR_CODES = [
  'VALIDATION_ERROR',
  'NOT_FOUND',
  'CONFLICT',
  'DATA_ERROR',
  'MODEL_ERROR',
  'TRAINING_ERROR',
  'EXPORT_ERROR',
  'RESOURCE_EXHAUSTED',
  'CANCELLED',
  'INTERNAL_ERROR',
] as const;
