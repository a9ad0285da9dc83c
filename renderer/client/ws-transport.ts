import type { CallResult } from '../../electron/contract/errors.js';
import { ClientError, connectionLost } from './client-error';
import type { ConnectionState, Transport } from './transport';

/** The part of the browser's WebSocket this transport uses, so tests can hand it a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface WsTransportOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Delay before reconnect attempt n is min(maxMs, initialMs * 2^n), scaled by 50-100% jitter. */
  backoff?: { initialMs: number; maxMs: number };
  random?: () => number;
}

// Mirrors WS_PATH and MAX_WS_MESSAGE_BYTES in electron/server/ws-protocol.ts (a unit test checks);
// importing them as values would pull zod into the bundle for two constants.
export const WS_PATH = '/ws';
export const MAX_FRAME_BYTES = 1 << 20;
const OPEN = 1;

interface Pending {
  frame: string;
  sent: boolean;
  resolve: (result: CallResult<unknown>) => void;
  reject: (err: ClientError) => void;
}

/** ws://host/ws for a page served over http, wss:// over https; the auth cookie rides along. */
export function wsUrlFor(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
}

/**
 * Browser mode's transport: `{id, name, req}` frames answered by `{id, result}`, plus `{event,
 * payload}` pushes. Calls made while the socket is down wait for the next connection; every call
 * still waiting when a socket closes is rejected, and the socket is reopened with backoff.
 */
export function createWsTransport(opts: WsTransportOptions): Transport {
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url));
  const { initialMs, maxMs } = opts.backoff ?? { initialMs: 500, maxMs: 10_000 };
  const random = opts.random ?? Math.random;
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: SocketLike | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  let closed = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const cb of [...stateListeners]) cb(next);
  };

  const send = (p: Pending) => {
    p.sent = true;
    socket?.send(p.frame);
  };

  const failAll = () => {
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) p.reject(connectionLost());
  };

  const onMessage = (data: unknown) => {
    let msg: unknown;
    try {
      msg = JSON.parse(String(data));
    } catch {
      console.error('Finetune Studio: ignored a WebSocket frame that is not JSON');
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof m.event === 'string') {
      for (const cb of [...eventListeners]) cb(m.event, m.payload);
      return;
    }
    if (typeof m.id === 'number') {
      const p = pending.get(m.id);
      pending.delete(m.id);
      // The client checks the envelope's shape; this layer only routes it.
      p?.resolve(m.result as CallResult<unknown>);
      return;
    }
    // id null: main could not read one of our frames, so it cannot say which; that is our bug.
    console.error('Finetune Studio: the server rejected a malformed request', m.result);
  };

  const scheduleReconnect = () => {
    const delay = Math.min(maxMs, initialMs * 2 ** attempt) * (0.5 + random() / 2);
    attempt++;
    timer = setTimeout(connect, delay);
  };

  const onClosed = (s: SocketLike) => {
    if (socket !== s) return;
    socket = null;
    failAll();
    if (closed) return;
    setState('reconnecting');
    scheduleReconnect();
  };

  function connect(): void {
    timer = null;
    let s: SocketLike;
    try {
      s = createSocket(opts.url);
    } catch (err) {
      console.error('Finetune Studio: cannot open the WebSocket', err);
      failAll();
      setState('reconnecting');
      scheduleReconnect();
      return;
    }
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      attempt = 0;
      for (const p of pending.values()) if (!p.sent) send(p);
      setState('connected');
    };
    s.onmessage = (ev) => onMessage(ev.data);
    s.onclose = () => onClosed(s);
    // An error is always followed by close, which does the work.
    s.onerror = () => undefined;
  }

  connect();

  return {
    call(name, req) {
      if (closed) return Promise.reject(connectionLost());
      return new Promise<CallResult<unknown>>((resolve, reject) => {
        const id = nextId++;
        const frame = JSON.stringify({ id, name, req });
        // Main drops the socket on an oversized frame; refuse it here so only this call fails.
        if (new TextEncoder().encode(frame).length > MAX_FRAME_BYTES) {
          reject(new ClientError({ code: 'VALIDATION_ERROR', message: `Request ${name} is larger than ${MAX_FRAME_BYTES} bytes` }));
          return;
        }
        const p: Pending = { frame, sent: false, resolve, reject };
        pending.set(id, p);
        if (socket?.readyState === OPEN && state === 'connected') send(p);
      });
    },
    onEvent(cb) {
      eventListeners.add(cb);
      return () => {
        eventListeners.delete(cb);
      };
    },
    onConnection(cb) {
      stateListeners.add(cb);
      cb(state);
      return () => {
        stateListeners.delete(cb);
      };
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const s = socket;
      socket = null;
      failAll();
      s?.close();
    },
  };
}
