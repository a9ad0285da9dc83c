import { describe, expect, it } from 'vitest';
import { Rng } from '../../../native/engine/rng.js';

describe('Rng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('continues exactly from a saved state', () => {
    const a = new Rng(7);
    for (let i = 0; i < 100; i++) a.next();
    const resumed = new Rng(a.state());
    expect(Array.from({ length: 10 }, () => resumed.next())).toEqual(Array.from({ length: 10 }, () => a.next()));
  });

  it('draws uniformly in [0, 1)', () => {
    const r = new Rng(1);
    const buckets = new Array(10).fill(0);
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.next();
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      buckets[Math.floor(x * 10)]++;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });

  it('shuffles to a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Rng(3).shuffle([...items]);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
  });
});
