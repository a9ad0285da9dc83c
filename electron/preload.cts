/**
 * The preload: the renderer's only door to main. Sandboxed preloads can require nothing but
 * 'electron', so the channel names are repeated here; test/electron/preload.test.ts checks they
 * match electron/contract/channels.ts. Exposes two functions, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

const CALL_CHANNEL = 'studio:call';
const EVENT_CHANNEL = 'studio:event';

contextBridge.exposeInMainWorld('studio', {
  call: (name: string, req: unknown): Promise<unknown> => ipcRenderer.invoke(CALL_CHANNEL, name, req),
  onEvent: (cb: (event: string, payload: unknown) => void): (() => void) => {
    const listener = (_e: IpcRendererEvent, event: string, payload: unknown) => cb(event, payload);
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, listener);
  },
  // A dropped or picked File's path on disk, so imports read the user's file in place (never uploaded).
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
});
