import type { ErrorCode } from '../../electron/contract/errors.js';
import { ClientError } from '../client/client-error';
import type { SliceCreator } from './slice';

export interface Notice {
  id: number;
  code: ErrorCode;
  message: string;
  /** What the user was doing, e.g. "Starting the self-test". */
  context: string | null;
  /** How many times this same error happened in a row (shown instead of stacking copies). */
  count: number;
}

export const MAX_NOTICES = 5;

export interface NoticesSlice {
  notices: Notice[];
  nextNoticeId: number;
  /** Shows an error to the user; every failed call ends here rather than in a silent catch. */
  notify(err: unknown, context?: string): void;
  dismissNotice(id: number): void;
}

export const createNoticesSlice: SliceCreator<NoticesSlice> = (set) => ({
  notices: [],
  nextNoticeId: 1,
  notify(err, context) {
    const e = ClientError.from(err);
    set((s) => {
      const last = s.notices[s.notices.length - 1];
      if (last && last.code === e.code && last.message === e.message && last.context === (context ?? null)) {
        return { notices: [...s.notices.slice(0, -1), { ...last, count: last.count + 1 }] };
      }
      const notice: Notice = { id: s.nextNoticeId, code: e.code, message: e.message, context: context ?? null, count: 1 };
      return { notices: [...s.notices, notice].slice(-MAX_NOTICES), nextNoticeId: s.nextNoticeId + 1 };
    });
  },
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
