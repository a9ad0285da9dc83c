import type { JobMetric } from '../../electron/contract/jobs.js';
import { onBatched } from './batched-feed';
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

function addPoint(series: readonly CurvePoint[], p: CurvePoint): CurvePoint[] {
  if (series.some((q) => q.step === p.step)) return series as CurvePoint[];
  const out = [...series, p];
  return out[out.length - 2] && out[out.length - 2]!.step > p.step ? out.sort((a, b) => a.step - b.step) : out;
}

/** A job's loss curves from its stored metrics. */
export function curvesFrom(points: readonly JobMetric[]): RunCurves {
  let curves: RunCurves = { loss: [], val_loss: [] };
  for (const p of points) if (p.name === 'loss' || p.name === 'val_loss') curves = { ...curves, [p.name]: addPoint(curves[p.name], { step: p.step, value: p.value }) };
  return curves;
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
        if (pushed) for (const name of ['loss', 'val_loss'] as const) for (const p of pushed[name]) curves = { ...curves, [name]: addPoint(curves[name], p) };
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
      let compareCurves = s.compareCurves;
      for (const p of wanted) {
        if (p.name === 'loss') {
          const clock = stepClock[p.jobId] ?? [];
          if (!clock.some((c) => c.step === p.step)) stepClock = { ...stepClock, [p.jobId]: [...clock, { step: p.step, t: p.t }].slice(-STEP_CLOCK_POINTS) };
        }
        if (s.compareIds.includes(p.jobId)) {
          const base = compareCurves[p.jobId] ?? { loss: [], val_loss: [] };
          const name = p.name as 'loss' | 'val_loss';
          compareCurves = { ...compareCurves, [p.jobId]: { ...base, [name]: addPoint(base[name], { step: p.step, value: p.value }) } };
        }
      }
      return { stepClock, compareCurves };
    });
  },

  watchRuns: () => onBatched(client, 'jobs:metric', (points) => get().applyRunMetrics(points)),
});
