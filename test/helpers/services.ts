import { TERMINAL_STATES, type Job } from '../../electron/contract/jobs.js';
import type { CallInput, CallName, CallResponse } from '../../electron/contract/calls.js';
import type { Services } from '../../electron/services.js';
import type { Store } from '../../electron/store/store.js';
import { waitFor } from './wait-for.js';

/** Waits until job `id` is completed, failed or cancelled, and returns it as stored. */
export function jobSettled(store: Store, id: string, timeoutMs: number, what = `job ${id}`): Promise<Job> {
  return waitFor(() => {
    const j = store.jobs.get(id);
    return TERMINAL_STATES.includes(j.state) ? j : undefined;
  }, timeoutMs, what);
}

const session = { id: 'test', send: () => undefined };

/** A call through the router, as the renderer makes it; an error reply is thrown as an Error carrying its code. */
export async function routerCall<N extends CallName>(services: Services, name: N, req: CallInput<N>): Promise<CallResponse<N>> {
  const r = await services.router.dispatch(name, req, { session });
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.data as CallResponse<N>;
}
