import { createStudioClient, type StudioClient } from './client';
import { createIpcTransport } from './ipc-transport';
import { createWsTransport, wsUrlFor } from './ws-transport';

export { ClientError } from './client-error';
export { createStudioClient, type StudioClient } from './client';
export type { ConnectionState, Transport } from './transport';

/** Electron when the preload exposed `window.studio`, otherwise browser mode over a WebSocket. */
export function connectStudio(): StudioClient {
  const transport = window.studio ? createIpcTransport(window.studio) : createWsTransport({ url: wsUrlFor(window.location) });
  return createStudioClient(transport);
}
