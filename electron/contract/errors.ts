import { z } from 'zod';
import { ERROR_CODES } from './error-codes.js';

/** Error codes shared by IPC, the browser-mode server and the CLI (DESIGN.md, "One contract"). */
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorShape = z.infer<typeof ErrorShape>;

/** The one error type thrown across our code; anything else becomes INTERNAL_ERROR at a boundary. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toShape(): ErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Converts anything thrown into the error shape without leaking a stack trace. */
export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof AppError) return err.toShape();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL_ERROR', message: message || 'Unexpected error' };
}

/** Result envelope of every call, so transports never need exceptions to carry errors. */
export type CallResult<T> = { ok: true; data: T } | { ok: false; error: ErrorShape };
