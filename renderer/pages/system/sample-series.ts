import type { SystemSample } from '../../../electron/contract/system.js';
import type { ChartPoint } from '../../charts/line-chart';

export interface GpuSeries {
  index: number;
  model: string;
  utilization: ChartPoint[];
  vramPercent: ChartPoint[];
}

export interface LiveSeries {
  /** Left edge of the x axis in seconds (negative); at least a minute so the first seconds are not stretched. */
  xMin: number;
  cpu: ChartPoint[];
  ramGb: ChartPoint[];
  ramTotalGb: number;
  gpus: GpuSeries[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The samples since the last gap in the readings. The monitor pauses while nobody watches and
 * re-sends its last (possibly minutes-old) reading to a new subscriber, so the buffer can hold an
 * old run; drawing it would stretch the axis and join the runs with a line that never happened.
 * A gap is more than 3 intervals (at least 5 s); the interval is the lower median spacing, so one
 * long gap among short ones does not count as typical.
 */
export function currentRun(samples: readonly SystemSample[]): readonly SystemSample[] {
  if (samples.length < 3) return samples;
  const spacing = samples.slice(1).map((s, i) => s.t - samples[i]!.t);
  const typical = [...spacing].sort((a, b) => a - b)[Math.floor((spacing.length - 1) / 2)]!;
  const gap = Math.max(5000, 3 * typical);
  let start = 0;
  spacing.forEach((dt, i) => {
    if (dt > gap) start = i + 1;
  });
  return samples.slice(start);
}

/** Turns the sample buffer into chart points, x in seconds before the newest sample. */
export function buildSeries(buffer: readonly SystemSample[]): LiveSeries {
  const samples = currentRun(buffer);
  const newest = samples[samples.length - 1];
  const oldest = samples[0];
  if (!newest || !oldest) return { xMin: -60, cpu: [], ramGb: [], ramTotalGb: 0, gpus: [] };
  const x = (s: SystemSample) => round1((s.t - newest.t) / 1000);
  const span = (newest.t - oldest.t) / 1000;
  const gpus: GpuSeries[] = newest.gpus.map((g) => ({ index: g.index, model: g.model, utilization: [], vramPercent: [] }));
  for (const s of samples) {
    for (const g of s.gpus) {
      const series = gpus.find((v) => v.index === g.index);
      if (!series) continue;
      // A reading nvidia-smi could not give is a gap, not a zero.
      if (g.utilization !== null) series.utilization.push({ x: x(s), y: g.utilization });
      if (g.memoryUsedMb !== null && g.memoryTotalMb) series.vramPercent.push({ x: x(s), y: (100 * g.memoryUsedMb) / g.memoryTotalMb });
    }
  }
  return {
    xMin: -Math.max(60, Math.ceil(span / 30) * 30),
    cpu: samples.map((s) => ({ x: x(s), y: s.cpuPercent })),
    ramGb: samples.map((s) => ({ x: x(s), y: s.memUsedBytes / 1e9 })),
    ramTotalGb: newest.memTotalBytes / 1e9,
    gpus,
  };
}
