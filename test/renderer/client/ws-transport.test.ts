import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_WS_MESSAGE_BYTES, WS_PATH } from '../../../electron/server/ws-protocol.js';
import { createStudioClient } from '../../../renderer/client/client';
import { CONNECTION_LOST_MESSAGE } from '../../../renderer/client/client-error';
import type { ConnectionState } from '../../../renderer/client/transport';
import { createWsTransport, MAX_FRAME_BYTES, type SocketLike, WS_PATH as CLIENT_WS_PATH, wsUrlFor } from '../../../renderer/client/ws-transport';
import { flush } from '../fakes';

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  readonly sent: { id: number; name: string; req: unknown }[] = [];
  closedByClient = false;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as { id: number; name: string; req: unknown });
  }

  close(): void {
    this.closedByClient = true;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  drop(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }

  receive(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) } as MessageEvent);
  }

  reply(index: number, data: unknown): void {
    this.receive({ id: this.sent[index]!.id, result: { ok: true, data } });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const transport = createWsTransport({
    url: 'ws://127.0.0.1:9/ws',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    backoff: { initialMs: 100, maxMs: 1000 },
    random: () => 1, // no jitter: delays are exactly initialMs * 2^n, capped
  });
  const states: ConnectionState[] = [];
  transport.onConnection((s) => states.push(s));
  const last = () => sockets[sockets.length - 1]!;
  return { transport, sockets, states, last };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ws transport', () => {
  it('builds ws:// or wss:// URLs on the page host, and agrees with the server on path and frame limit', () => {
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:5000' })).toBe('ws://127.0.0.1:5000/ws');
    expect(wsUrlFor({ protocol: 'https:', host: 'example.test' })).toBe('wss://example.test/ws');
    expect(CLIENT_WS_PATH).toBe(WS_PATH);
    expect(MAX_FRAME_BYTES).toBe(MAX_WS_MESSAGE_BYTES);
  });

  it('holds calls until the socket opens, then sends {id, name, req} and resolves with the matching reply', async () => {
    const { transport, last, states } = setup();
    const a = transport.call('app:health', {});
    const b = transport.call('jobs:get', { id: 'x' });
    expect(last().sent).toEqual([]);
    last().open();
    expect(states).toEqual(['connecting', 'connected']);
    expect(last().sent.map((f) => [f.name, f.req])).toEqual([
      ['app:health', {}],
      ['jobs:get', { id: 'x' }],
    ]);
    expect(new Set(last().sent.map((f) => f.id)).size).toBe(2);
    // Replies may come in any order; ids route them.
    last().reply(1, 'second');
    last().reply(0, 'first');
    await expect(a).resolves.toEqual({ ok: true, data: 'first' });
    await expect(b).resolves.toEqual({ ok: true, data: 'second' });
  });

  it('hands {event, payload} pushes to event listeners', () => {
    const { transport, last } = setup();
    const got: [string, unknown][] = [];
    transport.onEvent((e, p) => got.push([e, p]));
    last().open();
    last().receive({ event: 'jobs:changed', payload: { id: 'j' } });
    expect(got).toEqual([['jobs:changed', { id: 'j' }]]);
  });

  it('rejects every pending call when the socket drops, then reconnects with growing, capped backoff', async () => {
    const { transport, sockets, last, states } = setup();
    last().open();
    const pending = transport.call('system:info', {});
    last().drop();
    await expect(pending).rejects.toMatchObject({ code: 'INTERNAL_ERROR', message: CONNECTION_LOST_MESSAGE });
    expect(states).toEqual(['connecting', 'connected', 'reconnecting']);

    const delays: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = sockets.length;
      let waited = 0;
      while (sockets.length === before) {
        vi.advanceTimersByTime(50);
        waited += 50;
      }
      delays.push(waited);
      last().drop(); // the server is still down
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);

    vi.advanceTimersByTime(1000);
    last().open();
    expect(states[states.length - 1]).toBe('connected');
    // A successful connection resets the backoff.
    last().drop();
    const before = sockets.length;
    vi.advanceTimersByTime(100);
    expect(sockets.length).toBe(before + 1);
  });

  it('rejects calls made while reconnecting if the next attempt fails too, and sends them if it succeeds', async () => {
    const { transport, last } = setup();
    last().open();
    last().drop();
    const lost = transport.call('app:health', {});
    vi.advanceTimersByTime(100);
    last().drop();
    await expect(lost).rejects.toMatchObject({ message: CONNECTION_LOST_MESSAGE });
    const kept = transport.call('app:health', {});
    vi.advanceTimersByTime(200);
    last().open();
    expect(last().sent.map((f) => f.name)).toEqual(['app:health']);
    last().reply(0, 'ok');
    await expect(kept).resolves.toEqual({ ok: true, data: 'ok' });
  });

  it('lets the client subscribe again after a reconnect', async () => {
    const { transport, last } = setup();
    const client = createStudioClient(transport);
    client.on('system:sample', () => {});
    last().open();
    await flush();
    expect(last().sent.map((f) => [f.name, f.req])).toEqual([['events:subscribe', { event: 'system:sample' }]]);
    last().reply(0, { subscribed: true });
    await flush();
    last().drop();
    vi.advanceTimersByTime(100);
    last().open();
    await flush();
    expect(last().sent.map((f) => [f.name, f.req])).toEqual([['events:subscribe', { event: 'system:sample' }]]);
  });

  it('refuses an oversized request locally instead of letting the server drop the socket', async () => {
    const { transport, last } = setup();
    last().open();
    await expect(transport.call('settings:set', { blob: 'x'.repeat(MAX_FRAME_BYTES) })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(last().sent).toEqual([]);
  });

  it('stops for good on close: pending calls fail and no reconnect is scheduled', async () => {
    const { transport, sockets, last } = setup();
    last().open();
    const pending = transport.call('app:health', {});
    transport.close();
    await expect(pending).rejects.toMatchObject({ message: CONNECTION_LOST_MESSAGE });
    expect(last().closedByClient).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(sockets.length).toBe(1);
    await expect(transport.call('app:health', {})).rejects.toMatchObject({ message: CONNECTION_LOST_MESSAGE });
  });
});
