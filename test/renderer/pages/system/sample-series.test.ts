import { describe, expect, it } from 'vitest';
import { buildSeries, currentRun } from '../../../../renderer/pages/system/sample-series';
import { sample } from '../../fakes';

const gpu = (index: number, utilization: number | null, used: number | null) => ({
  index,
  model: `GPU${index}`,
  utilization,
  memoryUsedMb: used,
  memoryTotalMb: 1000,
  temperatureC: null,
});

describe('buildSeries', () => {
  it('places samples in seconds before the newest, with at least a minute of axis', () => {
    const s = buildSeries([sample(10_000, { cpuPercent: 5 }), sample(11_000, { cpuPercent: 7, memUsedBytes: 8e9 })]);
    expect(s.cpu).toEqual([
      { x: -1, y: 5 },
      { x: 0, y: 7 },
    ]);
    expect(s.ramGb[1]).toEqual({ x: 0, y: 8 });
    expect(s.ramTotalGb).toBe(16);
    expect(s.xMin).toBe(-60);
    expect(buildSeries([sample(0), sample(100_000)]).xMin).toBe(-120);
  });

  it('builds one series per GPU of the newest sample, leaving gaps for missing readings', () => {
    const s = buildSeries([sample(0, { gpus: [gpu(0, 50, 250)] }), sample(1000, { gpus: [gpu(0, null, 500), gpu(1, 10, null)] })]);
    expect(s.gpus.map((g) => g.index)).toEqual([0, 1]);
    expect(s.gpus[0]!.utilization).toEqual([{ x: -1, y: 50 }]);
    expect(s.gpus[0]!.vramPercent).toEqual([
      { x: -1, y: 25 },
      { x: 0, y: 50 },
    ]);
    expect(s.gpus[1]!.vramPercent).toEqual([]);
  });

  it('is empty without samples', () => {
    expect(buildSeries([])).toEqual({ xMin: -60, cpu: [], ramGb: [], ramTotalGb: 0, gpus: [] });
  });
});

describe('currentRun', () => {
  it('drops readings before the last gap (an earlier visit, or the re-sent stale reading)', () => {
    const ts = [0, 1000, 2000, 300_000, 301_000, 302_000];
    expect(currentRun(ts.map((t) => sample(t))).map((s) => s.t)).toEqual([300_000, 301_000, 302_000]);
    expect(buildSeries(ts.map((t) => sample(t))).xMin).toBe(-60);
  });

  it('keeps everything when the spacing is even, however long the interval', () => {
    const ts = [0, 30_000, 60_000, 90_000];
    expect(currentRun(ts.map((t) => sample(t)))).toHaveLength(4);
  });
});
