/** Electron IPC channel names (one for calls, one for pushed events); the preload and main share them. */
export const CALL_CHANNEL = 'studio:call';
export const EVENT_CHANNEL = 'studio:event';
