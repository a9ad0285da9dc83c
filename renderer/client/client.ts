import type { CallInput, CallName, CallResponse } from '../../electron/contract/calls.js';
import type { CallResult } from '../../electron/contract/errors.js';
import type { EventName, EventPayload } from '../../electron/contract/events.js';
import { ClientError, isConnectionLost } from './client-error';
import type { ConnectionState, Transport } from './transport';

export { ClientError } from './client-error';
export type { ConnectionState, Transport } from './transport';

/** The renderer's only way to main: typed calls and typed event subscriptions over any transport. */
export interface StudioClient {
  /** Resolves with the call's response; rejects with a ClientError (the contract's error shape). */
  call<N extends CallName>(name: N, req: CallInput<N>): Promise<CallResponse<N>>;
  /** Listens to a pushed event; returns the function that stops listening. */
  on<E extends EventName>(event: E, cb: (p: EventPayload<E>) => void): () => void;
  onConnection(cb: (state: ConnectionState) => void): () => void;
  /** Errors of work the client does on its own behalf (event subscriptions), which no caller awaits. */
  onError(cb: (err: ClientError) => void): () => void;
  close(): void;
}

type Listener = (payload: unknown) => void;

function isCallResult(value: unknown): value is CallResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  return v.ok === true ? 'data' in v : v.ok === false && typeof v.error === 'object' && v.error !== null;
}

export function createStudioClient(transport: Transport): StudioClient {
  const listeners = new Map<string, Set<Listener>>();
  const errorListeners = new Set<(err: ClientError) => void>();
  // Events main currently sends us. Main forgets a session's subscriptions when its connection
  // drops, so this is cleared whenever the transport is not connected.
  const onServer = new Set<EventName>();
  // Subscribe/unsubscribe for one event run one after another, each reconciling "has listeners"
  // with "subscribed on main", so quick mount/unmount cycles cannot leave the two out of step.
  const chains = new Map<EventName, Promise<void>>();

  const report = (err: ClientError) => {
    if (errorListeners.size === 0) console.error(`${err.code}: ${err.message}`);
    for (const cb of errorListeners) cb(err);
  };

  async function call<N extends CallName>(name: N, req: CallInput<N>): Promise<CallResponse<N>> {
    let result: unknown;
    try {
      result = await transport.call(name, req);
    } catch (err) {
      throw ClientError.from(err);
    }
    if (!isCallResult(result)) throw new ClientError({ code: 'INTERNAL_ERROR', message: `Malformed reply to ${name}` });
    if (!result.ok) throw ClientError.from(result.error);
    // Main builds the response from the contract's schema; the renderer trusts its own main process.
    return result.data as CallResponse<N>;
  }

  function sync(event: EventName): void {
    const step = async () => {
      const wanted = (listeners.get(event)?.size ?? 0) > 0;
      if (wanted === onServer.has(event)) return;
      try {
        if (wanted) {
          await call('events:subscribe', { event });
          onServer.add(event);
        } else {
          await call('events:unsubscribe', { event });
          onServer.delete(event);
        }
      } catch (err) {
        const e = ClientError.from(err);
        // A dropped connection is not an error to show here: reconnecting subscribes again.
        if (!isConnectionLost(e)) report(e);
      }
    };
    chains.set(event, (chains.get(event) ?? Promise.resolve()).then(step));
  }

  transport.onEvent((event, payload) => {
    for (const cb of [...(listeners.get(event) ?? [])]) {
      try {
        cb(payload);
      } catch (err) {
        report(ClientError.from(err));
      }
    }
  });

  transport.onConnection((state) => {
    if (state !== 'connected') {
      onServer.clear();
      return;
    }
    for (const [event, set] of listeners) if (set.size > 0) sync(event as EventName);
  });

  return {
    call,
    on<E extends EventName>(event: E, cb: (p: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Payloads are built by main from the contract's event schemas.
      const listener = cb as Listener;
      set.add(listener);
      if (set.size === 1) sync(event);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(listener);
        if (set.size === 0) sync(event);
      };
    },
    onConnection: (cb) => transport.onConnection(cb),
    onError(cb) {
      errorListeners.add(cb);
      return () => {
        errorListeners.delete(cb);
      };
    },
    close: () => transport.close(),
  };
}
