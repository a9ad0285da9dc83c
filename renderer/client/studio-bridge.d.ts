import type { CallResult } from '../../electron/contract/errors.js';

/** What electron/preload.cts exposes with contextBridge: two functions, never ipcRenderer itself. */
export interface StudioBridge {
  call(name: string, req: unknown): Promise<CallResult<unknown>>;
  onEvent(cb: (event: string, payload: unknown) => void): () => void;
  /** The real path of a picked or dropped File (Electron's webUtils.getPathForFile). */
  pathForFile?(file: File): string;
}

declare global {
  interface Window {
    /** Present only inside the Electron app; browser mode has no preload. */
    readonly studio?: StudioBridge;
  }
}
