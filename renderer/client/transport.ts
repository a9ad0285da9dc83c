import type { CallResult } from '../../electron/contract/errors.js';

/**
 * - connecting: the first connection attempt is under way.
 * - connected: calls and events flow.
 * - reconnecting: the connection dropped; calls made now wait for the next attempt.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

/**
 * What the typed client needs from a channel to main: untyped on purpose, so that each transport
 * (Electron IPC, WebSocket) stays a thin pipe and all typing lives in client.ts.
 */
export interface Transport {
  call(name: string, req: unknown): Promise<CallResult<unknown>>;
  onEvent(cb: (event: string, payload: unknown) => void): () => void;
  /** Reports every state change; a fresh listener is told the current state at once. */
  onConnection(cb: (state: ConnectionState) => void): () => void;
  close(): void;
}
