import type { ErrorShape } from '../../electron/contract/errors.js';
import type { SystemInfo, SystemSample } from '../../electron/contract/system.js';
import { ClientError } from '../client/client-error';
import type { SliceCreator } from './slice';

/** Samples kept for the live charts: two minutes at the default 1 s monitor interval. */
export const SAMPLE_BUFFER_SIZE = 120;

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface SystemSlice {
  systemInfo: SystemInfo | null;
  systemInfoStatus: LoadStatus;
  systemInfoError: ErrorShape | null;
  /** The newest SAMPLE_BUFFER_SIZE samples, oldest first. */
  samples: SystemSample[];
  /** Every distinct sample received since the app started, not capped by the buffer. */
  samplesReceived: number;
  pushSample(sample: SystemSample): void;
  setSystemInfo(info: SystemInfo): void;
  loadSystemInfo(): Promise<void>;
  /** Subscribes to `system:sample` until the returned function is called. */
  watchSamples(): () => void;
}

/**
 * Appends a sample, dropping the oldest beyond `max`. A sample not newer than the last is a repeat:
 * main sends its latest reading to each new subscriber, which may be one this buffer already has.
 */
export function appendSample(buffer: readonly SystemSample[], sample: SystemSample, max = SAMPLE_BUFFER_SIZE): SystemSample[] | null {
  const last = buffer[buffer.length - 1];
  if (last && sample.t <= last.t) return null;
  const next = buffer.length >= max ? buffer.slice(buffer.length - max + 1) : buffer.slice();
  next.push(sample);
  return next;
}

export const createSystemSlice: SliceCreator<SystemSlice> = (set, get, client) => ({
  systemInfo: null,
  systemInfoStatus: 'idle',
  systemInfoError: null,
  samples: [],
  samplesReceived: 0,
  pushSample(sample) {
    set((s) => {
      const samples = appendSample(s.samples, sample);
      return samples ? { samples, samplesReceived: s.samplesReceived + 1 } : {};
    });
  },
  setSystemInfo: (info) => set({ systemInfo: info, systemInfoStatus: 'ready', systemInfoError: null }),
  async loadSystemInfo() {
    if (get().systemInfoStatus === 'loading') return;
    set({ systemInfoStatus: 'loading', systemInfoError: null });
    try {
      get().setSystemInfo(await client.call('system:info', {}));
    } catch (err) {
      const e = ClientError.from(err);
      set({ systemInfoStatus: 'error', systemInfoError: e.toShape() });
      get().notify(e, 'Reading system information');
    }
  },
  watchSamples: () => client.on('system:sample', (sample) => get().pushSample(sample)),
});
