import type { z } from 'zod';
import { calls, type CallName, type CallRequest, type CallResponse } from '../contract/calls.js';
import { AppError, toErrorShape, type CallResult } from '../contract/errors.js';
import type { ClientSession } from '../events/event-hub.js';

export interface CallContext {
  session: ClientSession;
}

export type Handlers = {
  [N in CallName]: (req: CallRequest<N>, ctx: CallContext) => CallResponse<N> | Promise<CallResponse<N>>;
};

export interface Router {
  /** Validates and dispatches one call from any transport. Never throws; errors come back in the result. */
  dispatch(name: unknown, req: unknown, ctx: CallContext): Promise<CallResult<unknown>>;
}

function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** Turns zod issues into a message that names each bad field, e.g. "spec.size: Too big: expected number to be <=4096". */
export function validationError(name: string, error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(request)', message: i.message }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new AppError('VALIDATION_ERROR', `Invalid request for ${name}: ${summary}`, { issues });
}

export function createRouter(handlers: Handlers): Router {
  return {
    async dispatch(name, req, ctx) {
      try {
        if (!isCallName(name)) {
          throw new AppError('VALIDATION_ERROR', `Unknown call ${JSON.stringify(name)}`, { issues: [{ path: 'name', message: 'unknown call' }] });
        }
        const parsed = calls[name].req.safeParse(req ?? {});
        if (!parsed.success) throw validationError(name, parsed.error);
        const handler = handlers[name] as (r: unknown, c: CallContext) => unknown;
        return { ok: true, data: await handler(parsed.data, ctx) };
      } catch (err) {
        return { ok: false, error: toErrorShape(err) };
      }
    },
  };
}
