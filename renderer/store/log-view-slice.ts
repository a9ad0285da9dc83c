import type { JobLog } from '../../electron/contract/jobs.js';
import { ClientError } from '../client/client-error';
import { onBatched } from './batched-feed';
import type { SliceCreator } from './slice';

export type LogLevel = JobLog['level'];
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'METRIC'];

/** Lines per "load older" page; the view keeps at most LOG_VIEW_MAX (older ones stay in the store). */
export const LOG_PAGE = 200;
export const LOG_VIEW_MAX = 5000;
/** "Copy all" and "Save" read back at most this many lines. */
export const LOG_EXPORT_MAX = 50_000;

/** What makes a line itself: merging drops repeats of it, and the log view keys its rows by it. */
export const logKey = (l: JobLog) => `${l.t}\u0000${l.level}\u0000${l.message}`;

/** Merges log lines, dropping duplicates (a pushed line may also come back in a `jobs:logs` reply). */
export function mergeLogs(a: readonly JobLog[], b: readonly JobLog[], max = LOG_VIEW_MAX): JobLog[] {
  const seen = new Set<string>();
  const out: JobLog[] = [];
  for (const l of [...a, ...b]) {
    const k = logKey(l);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(l);
  }
  // A stable sort keeps lines with the same timestamp in arrival order.
  out.sort((x, y) => x.t - y.t);
  return out.length > max ? out.slice(out.length - max) : out;
}

export interface LogFilter {
  /** Shown levels; all five means no filter. */
  levels: LogLevel[];
  search: string;
}

export interface LogView {
  jobId: string;
  /** The filter the lines were fetched with, as JSON, so a late reply for an old filter is dropped. */
  key: string;
  lines: JobLog[];
  loading: boolean;
  loadingOlder: boolean;
  /** A page came back full: there may be older lines in the store. */
  hasOlder: boolean;
  error: string | null;
}

export interface LogViewSlice {
  logFilter: LogFilter;
  logView: LogView | null;
  setLogFilter(patch: Partial<LogFilter>): void;
  /** The newest page of `jobId`'s log under the current filter. */
  openLogView(jobId: string): Promise<void>;
  loadOlderLogs(): Promise<void>;
  /** Fetches lines newer than the newest shown (after a reconnect, pushes sent meanwhile are lost). */
  catchUpLogs(): Promise<void>;
  /** Pushed lines (any job's; the shown job's that match the filter are kept). */
  applyLogLines(lines: readonly JobLog[]): void;
  /** Every stored line of the job under the current filter, oldest first (for copy and save). */
  fetchAllLogs(jobId: string): Promise<JobLog[]>;
  watchLogView(): () => void;
}

export const matchesFilter = (l: JobLog, f: LogFilter) =>
  f.levels.includes(l.level) && (f.search.trim() === '' || l.message.toLowerCase().includes(f.search.trim().toLowerCase()));

/** The request fields for a filter: omitted when they filter nothing, so the store can skip them. */
export function filterQuery(f: LogFilter): { levels?: LogLevel[]; search?: string } {
  const q: { levels?: LogLevel[]; search?: string } = {};
  if (f.levels.length < LOG_LEVELS.length) q.levels = [...f.levels];
  if (f.search.trim()) q.search = f.search.trim();
  return q;
}

const viewKey = (jobId: string, f: LogFilter) => JSON.stringify([jobId, filterQuery(f)]);

// Newest first is what the store answers for a page back; far enough ahead to mean "now" on any clock.
const NOW_AND_LATER = 8.64e15;

export const createLogViewSlice: SliceCreator<LogViewSlice> = (set, get, client) => {
  const page = async (jobId: string, beforeT: number, limit = LOG_PAGE) =>
    client.call('jobs:logs', { id: jobId, beforeT, limit, ...filterQuery(get().logFilter) });
  const current = (key: string) => get().logView?.key === key;

  return {
    logFilter: { levels: [...LOG_LEVELS], search: '' },
    logView: null,

    setLogFilter(patch) {
      set((s) => ({ logFilter: { ...s.logFilter, ...patch } }));
      const view = get().logView;
      if (view) void get().openLogView(view.jobId);
    },

    async openLogView(jobId) {
      const key = viewKey(jobId, get().logFilter);
      if (get().logFilter.levels.length === 0) {
        set({ logView: { jobId, key, lines: [], loading: false, loadingOlder: false, hasOlder: false, error: null } });
        return;
      }
      set((s) => ({
        // Keep the lines on screen while the same job's log is fetched again (new filter, reconnect).
        logView: { jobId, key, lines: s.logView?.jobId === jobId ? s.logView.lines : [], loading: true, loadingOlder: false, hasOlder: false, error: null },
      }));
      try {
        const lines = await page(jobId, NOW_AND_LATER);
        if (!current(key)) return;
        set((s) => ({
          logView: s.logView && {
            ...s.logView,
            // Lines pushed while the page loaded (newer than its newest) stay.
            lines: mergeLogs(lines, s.logView.lines.filter((l) => matchesFilter(l, s.logFilter) && l.t >= (lines[lines.length - 1]?.t ?? -Infinity)), LOG_VIEW_MAX),
            loading: false,
            hasOlder: lines.length >= LOG_PAGE,
          },
        }));
      } catch (err) {
        if (current(key)) set((s) => ({ logView: s.logView && { ...s.logView, loading: false, error: ClientError.from(err).message } }));
      }
    },

    async loadOlderLogs() {
      const view = get().logView;
      if (!view || view.loadingOlder || !view.hasOlder) return;
      const oldest = view.lines[0];
      if (!oldest) return;
      set({ logView: { ...view, loadingOlder: true } });
      try {
        // +1 ms: lines that share the oldest line's millisecond come back too (merging drops repeats),
        // rather than being skipped by a strict "before".
        let older = await page(view.jobId, oldest.t + 1);
        const before = view.lines.length;
        let merged = mergeLogs(older, view.lines, Number.MAX_SAFE_INTEGER);
        if (merged.length === before && older.length >= LOG_PAGE) {
          // A whole page in that one millisecond: step past it.
          older = await page(view.jobId, oldest.t);
          merged = mergeLogs(older, view.lines, Number.MAX_SAFE_INTEGER);
        }
        if (!current(view.key)) return;
        const grew = merged.length > before;
        set((s) => ({
          logView: s.logView && { ...s.logView, lines: merged.slice(0, LOG_VIEW_MAX), loadingOlder: false, hasOlder: grew && older.length >= LOG_PAGE },
        }));
      } catch (err) {
        if (current(view.key)) set((s) => ({ logView: s.logView && { ...s.logView, loadingOlder: false, error: ClientError.from(err).message } }));
      }
    },

    async catchUpLogs() {
      const view = get().logView;
      if (!view || view.loading) return;
      const newest = view.lines[view.lines.length - 1];
      if (!newest) {
        await get().openLogView(view.jobId);
        return;
      }
      try {
        const lines = await client.call('jobs:logs', { id: view.jobId, afterT: newest.t - 1, limit: 1000, ...filterQuery(get().logFilter) });
        if (current(view.key)) set((s) => ({ logView: s.logView && { ...s.logView, lines: mergeLogs(s.logView.lines, lines, LOG_VIEW_MAX) } }));
      } catch (err) {
        get().notify(err, 'Loading the job log');
      }
    },

    applyLogLines(lines) {
      const view = get().logView;
      if (!view) return;
      const shown = lines.filter((l) => l.jobId === view.jobId && matchesFilter(l, get().logFilter));
      if (shown.length) set({ logView: { ...view, lines: mergeLogs(view.lines, shown, LOG_VIEW_MAX) } });
    },

    async fetchAllLogs(jobId) {
      let all: JobLog[] = [];
      let beforeT = NOW_AND_LATER;
      for (;;) {
        const lines = await page(jobId, beforeT, 1000);
        const merged = mergeLogs(lines, all, Number.MAX_SAFE_INTEGER);
        const grew = merged.length > all.length;
        all = merged;
        if (lines.length < 1000 || !grew || all.length >= LOG_EXPORT_MAX) break;
        beforeT = all[0]!.t + 1;
      }
      return all;
    },

    watchLogView: () => onBatched(client, 'jobs:log', (lines) => get().applyLogLines(lines)),
  };
};
