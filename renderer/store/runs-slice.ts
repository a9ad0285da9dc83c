import type { JobMetric } from '../../electron/contract/jobs.js';
import { onBatched } from './batched-feed';
import { groupMetrics } from './metrics-slice';
import type { SliceCreator } from './slice';

/** Loss points kept per job for measuring step time (the ETA uses the recent pace, not the whole run's). */
export const STEP_CLOCK_POINTS = 40;
/** Runs overlaid at once; more lines than this stop being readable. */
export const MAX_COMPARED = 6;

export interface StepTime {
  step: number;
  t: number;
}

export type CurvePoint = { step: number; value: number };
export interface RunCurves {
  loss: CurvePoint[];
  val_loss: CurvePoint[];
}

export interface RunsSlice {
  /** When each recent optimizer step's loss reached main, per job (from `jobs:metric` pushes). */
  stepClock: Record<string, StepTime[]>;
  compareIds: string[];
  compareCurves: Record<string, RunCurves>;
  toggleCompare(id: string): void;
  clearCompare(): void;
  loadCompareCurves(id: string): Promise<void>;
  applyRunMetrics(points: readonly JobMetric[]): void;
  watchRuns(): () => void;
}

type CurvePointOf = Pick<JobMetric, 'name' | 'step' | 'value'>;

/** `base` with `points` added: the loss and validation-loss ones, one per step (base's kept), in step order. */
function withPoints(base: RunCurves, points: readonly CurvePointOf[]): RunCurves {
  const g = groupMetrics(
    points.filter((p) => p.name === 'loss' || p.name === 'val_loss'),
    { loss: base.loss, val_loss: base.val_loss },
  );
  return { loss: g.loss ?? [], val_loss: g.val_loss ?? [] };
}

const NO_CURVES: RunCurves = { loss: [], val_loss: [] };

/** A job's loss curves from its stored metrics. */
export function curvesFrom(points: readonly JobMetric[]): RunCurves {
  return withPoints(NO_CURVES, points);
}

export const createRunsSlice: SliceCreator<RunsSlice> = (set, get, client) => ({
  stepClock: {},
  compareIds: [],
  compareCurves: {},

  toggleCompare(id) {
    const ids = get().compareIds;
    if (ids.includes(id)) {
      set((s) => {
        const { [id]: _, ...rest } = s.compareCurves;
        return { compareIds: s.compareIds.filter((x) => x !== id), compareCurves: rest };
      });
      return;
    }
    if (ids.length >= MAX_COMPARED) return;
    set({ compareIds: [...ids, id] });
    void get().loadCompareCurves(id);
  },
  clearCompare: () => set({ compareIds: [], compareCurves: {} }),

  async loadCompareCurves(id) {
    try {
      const points = await client.call('jobs:metrics', { id });
      if (!get().compareIds.includes(id)) return;
      // Points pushed while the reply was on its way are merged in, not lost.
      set((s) => {
        const pushed = s.compareCurves[id];
        let curves = curvesFrom(points);
        if (pushed) curves = withPoints(curves, [...pushed.loss.map((p) => ({ ...p, name: 'loss' })), ...pushed.val_loss.map((p) => ({ ...p, name: 'val_loss' }))]);
        return { compareCurves: { ...s.compareCurves, [id]: curves } };
      });
    } catch (err) {
      get().notify(err, 'Loading a run to compare');
    }
  },

  applyRunMetrics(points) {
    const wanted = points.filter((p) => p.name === 'loss' || p.name === 'val_loss');
    if (wanted.length === 0) return;
    set((s) => {
      let stepClock = s.stepClock;
      for (const p of wanted) {
        if (p.name !== 'loss') continue;
        const clock = stepClock[p.jobId] ?? [];
        if (!clock.some((c) => c.step === p.step)) stepClock = { ...stepClock, [p.jobId]: [...clock, { step: p.step, t: p.t }].slice(-STEP_CLOCK_POINTS) };
      }
      let compareCurves = s.compareCurves;
      for (const id of new Set(wanted.map((p) => p.jobId))) {
        if (s.compareIds.includes(id)) compareCurves = { ...compareCurves, [id]: withPoints(compareCurves[id] ?? NO_CURVES, wanted.filter((p) => p.jobId === id)) };
      }
      return { stepClock, compareCurves };
    });
  },

  watchRuns: () => onBatched(client, 'jobs:metric', (points) => get().applyRunMetrics(points)),
});
