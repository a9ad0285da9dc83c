import type { JobMetric } from '../../electron/contract/jobs.js';
import { onBatched } from './batched-feed';
import type { SliceCreator } from './slice';

export interface MetricsSlice {
  /** Metric points of the selected job, by name, in arrival order. */
  jobMetrics: Record<string, { step: number; value: number }[]>;
  metricsJobId: string | null;
  /** Pushed points (any job's; only the selected job's are kept). */
  applyJobMetrics(points: readonly JobMetric[]): void;
  loadJobMetrics(jobId: string): Promise<void>;
  watchJobMetrics(): () => void;
}

/** Groups points by metric name, keeping one point per step (a pushed point may also come back in a `jobs:metrics` reply). */
export function groupMetrics(points: readonly Pick<JobMetric, 'name' | 'step' | 'value'>[], into: MetricsSlice['jobMetrics'] = {}): MetricsSlice['jobMetrics'] {
  const out = { ...into };
  // Each series touched is copied and sorted once per call, not once per point.
  const touched = new Map<string, { series: { step: number; value: number }[]; steps: Set<number> }>();
  for (const p of points) {
    let t = touched.get(p.name);
    if (!t) {
      const series = [...(out[p.name] ?? [])];
      t = { series, steps: new Set(series.map((q) => q.step)) };
      touched.set(p.name, t);
    }
    if (t.steps.has(p.step)) continue;
    t.steps.add(p.step);
    t.series.push({ step: p.step, value: p.value });
  }
  for (const [name, t] of touched) out[name] = t.series.sort((a, b) => a.step - b.step);
  return out;
}

export const createMetricsSlice: SliceCreator<MetricsSlice> = (set, get, client) => ({
  jobMetrics: {},
  metricsJobId: null,
  applyJobMetrics(points) {
    const jobId = get().selectedJobId;
    const mine = points.filter((p) => p.jobId === jobId);
    if (!jobId || mine.length === 0) return;
    set((s) => ({ jobMetrics: groupMetrics(mine, s.metricsJobId === jobId ? s.jobMetrics : {}), metricsJobId: jobId }));
  },
  async loadJobMetrics(jobId) {
    try {
      const points = await client.call('jobs:metrics', { id: jobId });
      if (jobId !== get().selectedJobId) return;
      set((s) => ({ jobMetrics: groupMetrics(points, s.metricsJobId === jobId ? s.jobMetrics : {}), metricsJobId: jobId }));
    } catch (err) {
      get().notify(err, 'Loading the job metrics');
    }
  },
  watchJobMetrics: () => onBatched(client, 'jobs:metric', (points) => get().applyJobMetrics(points)),
});
