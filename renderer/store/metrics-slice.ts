import type { JobMetric } from '../../electron/contract/jobs.js';
import type { SliceCreator } from './slice';

export interface MetricsSlice {
  /** Metric points of the selected job, by name, in arrival order. */
  jobMetrics: Record<string, { step: number; value: number }[]>;
  metricsJobId: string | null;
  applyJobMetric(point: JobMetric): void;
  loadJobMetrics(jobId: string): Promise<void>;
  watchJobMetrics(): () => void;
}

/** Groups points by metric name, keeping one point per step (a pushed point may also come back in a `jobs:metrics` reply). */
export function groupMetrics(points: readonly JobMetric[], into: MetricsSlice['jobMetrics'] = {}): MetricsSlice['jobMetrics'] {
  const out = { ...into };
  for (const p of points) {
    const series = out[p.name] ? [...out[p.name]!] : [];
    if (!series.some((q) => q.step === p.step)) series.push({ step: p.step, value: p.value });
    out[p.name] = series.sort((a, b) => a.step - b.step);
  }
  return out;
}

export const createMetricsSlice: SliceCreator<MetricsSlice> = (set, get, client) => ({
  jobMetrics: {},
  metricsJobId: null,
  applyJobMetric(point) {
    if (point.jobId !== get().selectedJobId) return;
    set((s) => ({ jobMetrics: groupMetrics([point], s.metricsJobId === point.jobId ? s.jobMetrics : {}), metricsJobId: point.jobId }));
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
  watchJobMetrics: () => client.on('jobs:metric', (p) => get().applyJobMetric(p)),
});
