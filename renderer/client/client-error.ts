import { ERROR_CODES } from '../../electron/contract/error-codes.js';
import type { ErrorCode, ErrorShape } from '../../electron/contract/errors.js';

const CODES: ReadonlySet<string> = new Set<ErrorCode>(ERROR_CODES);

function isErrorShape(value: unknown): value is ErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { code?: unknown; message?: unknown };
  return typeof v.code === 'string' && CODES.has(v.code) && typeof v.message === 'string';
}

/** The contract's error shape as a throwable, so `await client.call(...)` fails like any other promise. */
export class ClientError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(shape: ErrorShape) {
    super(shape.message);
    this.name = 'ClientError';
    this.code = shape.code;
    this.details = shape.details;
  }

  toShape(): ErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  /** Anything caught becomes a ClientError; non-contract errors are INTERNAL_ERROR, as at main's boundary. */
  static from(err: unknown): ClientError {
    if (err instanceof ClientError) return err;
    if (isErrorShape(err)) return new ClientError(err);
    const message = err instanceof Error ? err.message : String(err);
    return new ClientError({ code: 'INTERNAL_ERROR', message: message || 'Unexpected error' });
  }
}

export const CONNECTION_LOST_MESSAGE = 'Connection to Finetune Studio lost';

export function connectionLost(): ClientError {
  return new ClientError({ code: 'INTERNAL_ERROR', message: CONNECTION_LOST_MESSAGE });
}

export function isConnectionLost(err: ClientError): boolean {
  return err.code === 'INTERNAL_ERROR' && err.message === CONNECTION_LOST_MESSAGE;
}
