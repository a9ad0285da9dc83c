import { describe, expect, it } from 'vitest';
import type { SystemSample } from '../../../electron/contract/system.js';
import { EventHub, type ClientSession } from '../../../electron/events/event-hub.js';
import { SystemMonitor } from '../../../electron/system/monitor.js';
import { readSample } from '../../../electron/system/sampler.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const sample = (t: number): SystemSample => ({ t, cpuPercent: 10, memUsedBytes: 1, memTotalBytes: 2, gpus: [], diskFreeBytes: 3, diskTotalBytes: 4 });

function listener(id: string) {
  const got: SystemSample[] = [];
  const session: ClientSession = { id, send: (e, p) => e === 'system:sample' && got.push(p as SystemSample) };
  return { session, got };
}

describe('system monitor', () => {
  it('reads nothing while nobody listens, polls once subscribed, and stops when the last listener leaves', async () => {
    const hub = new EventHub();
    let reads = 0;
    const monitor = new SystemMonitor(hub, async () => sample(++reads), () => 1000);
    await new Promise((r) => setTimeout(r, 150));
    expect(reads).toBe(0);
    expect(monitor.active).toBe(false);

    const a = listener('a');
    const b = listener('b');
    hub.subscribe(a.session, 'system:sample');
    hub.subscribe(b.session, 'system:sample');
    await waitFor(() => a.got.length >= 1, 3000, 'first sample');
    expect(b.got).toHaveLength(a.got.length);
    expect(monitor.active).toBe(true);

    hub.unsubscribe('a', 'system:sample');
    expect(monitor.active).toBe(true);
    hub.dropSession('b');
    expect(monitor.active).toBe(false);
    const readsAtStop = reads;
    await new Promise((r) => setTimeout(r, 1300));
    expect(reads).toBe(readsAtStop);
  });

  it('never polls faster than once a second, whatever the setting says', async () => {
    const hub = new EventHub();
    const times: number[] = [];
    const monitor = new SystemMonitor(hub, async () => { times.push(Date.now()); return sample(Date.now()); }, () => 10);
    hub.subscribe(listener('a').session, 'system:sample');
    await waitFor(() => times.length >= 3, 5000, 'three samples');
    monitor.stop();
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(990);
  });

  it('keeps polling after a failed reading', async () => {
    const hub = new EventHub();
    let n = 0;
    const monitor = new SystemMonitor(hub, async () => { if (++n === 1) throw new Error('nvidia-smi timed out'); return sample(n); }, () => 1000);
    const a = listener('a');
    hub.subscribe(a.session, 'system:sample');
    await waitFor(() => a.got.length >= 1, 4000, 'a sample after the failure');
    monitor.stop();
    expect(n).toBeGreaterThanOrEqual(2);
  });

  it('reads a real sample of this machine: CPU, memory and the data directory\'s disk', async () => {
    const s = await readSample(tempDir());
    expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(s.memTotalBytes).toBeGreaterThan(s.memUsedBytes);
    expect(s.diskTotalBytes).toBeGreaterThan(s.diskFreeBytes);
    expect(s.diskFreeBytes).toBeGreaterThan(0);
    expect(Array.isArray(s.gpus)).toBe(true);
  });
});
