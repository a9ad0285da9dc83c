import type { StudioBridge } from './studio-bridge';
import type { Transport } from './transport';

/**
 * Electron's transport: the preload's bridge. IPC to main lives as long as the window, so the
 * connection is always up; a call rejected by IPC itself (main gone) becomes INTERNAL_ERROR in the client.
 */
export function createIpcTransport(bridge: StudioBridge): Transport {
  return {
    call: (name, req) => bridge.call(name, req),
    onEvent: (cb) => bridge.onEvent(cb),
    onConnection(cb) {
      cb('connected');
      return () => undefined;
    },
    close: () => undefined,
  };
}
