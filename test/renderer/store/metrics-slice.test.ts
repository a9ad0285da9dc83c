import { describe, expect, it } from 'vitest';
import { groupMetrics } from '../../../renderer/store/metrics-slice';

const point = (name: string, step: number, value: number) => ({ jobId: 'j', t: step, name, step, value });

describe('groupMetrics', () => {
  it('groups by name, orders by step, and keeps one point per step when a push and a reply overlap', () => {
    const pushed = groupMetrics([point('loss', 3, 0.3), point('lr', 1, 1e-3)]);
    const merged = groupMetrics([point('loss', 1, 0.9), point('loss', 2, 0.5), point('loss', 3, 0.3)], pushed);
    expect(merged.loss).toEqual([
      { step: 1, value: 0.9 },
      { step: 2, value: 0.5 },
      { step: 3, value: 0.3 },
    ]);
    expect(merged.lr).toEqual([{ step: 1, value: 1e-3 }]);
    expect(pushed.loss).toEqual([{ step: 3, value: 0.3 }]); // inputs are not mutated
  });
});
