import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobMetric } from '../../../electron/contract/jobs.js';
import { LIVE_BATCH_MS, onBatched } from '../../../renderer/store/batched-feed';
import { fakeClient } from '../fakes';

const point = (step: number): JobMetric => ({ jobId: 'j', t: step, name: 'loss', step, value: 1 / step });

describe('batched live feed', () => {
  afterEach(() => vi.useRealTimers());

  it('applies the pushes of one interval together, in arrival order', () => {
    vi.useFakeTimers();
    const { transport, client } = fakeClient();
    const batches: number[][] = [];
    const stop = onBatched(client, 'jobs:metric', (points) => batches.push(points.map((p) => p.step)));
    for (const step of [1, 2, 3]) transport.emit('jobs:metric', point(step));
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(LIVE_BATCH_MS);
    expect(batches).toEqual([[1, 2, 3]]);
    transport.emit('jobs:metric', point(4));
    vi.advanceTimersByTime(LIVE_BATCH_MS);
    expect(batches).toEqual([[1, 2, 3], [4]]);
    // Quiet intervals apply nothing.
    vi.advanceTimersByTime(LIVE_BATCH_MS * 4);
    expect(batches).toHaveLength(2);
    stop();
  });

  it('applies what is waiting when unsubscribed, and nothing after', () => {
    vi.useFakeTimers();
    const { transport, client } = fakeClient();
    const batches: number[][] = [];
    const stop = onBatched(client, 'jobs:metric', (points) => batches.push(points.map((p) => p.step)));
    transport.emit('jobs:metric', point(7));
    stop();
    expect(batches).toEqual([[7]]);
    transport.emit('jobs:metric', point(8));
    vi.advanceTimersByTime(LIVE_BATCH_MS * 2);
    expect(batches).toEqual([[7]]);
  });
});
