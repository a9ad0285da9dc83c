import { describe, expect, it } from 'vitest';
import { scientificTick } from '../../../renderer/charts/scientific-ticks';

describe('scientific tick labels', () => {
  it('keeps neighbouring ticks of a slowly decaying learning rate apart', () => {
    const ticks = [1.9999e-4, 1.99992e-4, 1.99994e-4, 1.99996e-4, 1.99998e-4, 2e-4];
    const labels = ticks.map((t) => scientificTick(t, 2e-9));
    expect(new Set(labels).size).toBe(ticks.length);
    expect(labels.at(-1)).toBe('2.00000e-4');
  });

  it('uses few digits where ticks are far apart, and says 0 plainly', () => {
    expect(scientificTick(1e-3, 5e-4)).toBe('1.0e-3');
    expect(scientificTick(0, 1e-4)).toBe('0');
  });
});
