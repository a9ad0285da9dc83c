import type { SystemSample } from '../contract/system.js';
import type { EventHub } from '../events/event-hub.js';

export type SampleReader = () => Promise<SystemSample>;

/**
 * Polls the system at most once per interval (>= 1 s) and only while at least one client listens
 * to `system:sample`; the last sample is kept for late joiners.
 */
export class SystemMonitor {
  private timer: NodeJS.Timeout | null = null;
  private on = false;
  private inFlight = false;
  private last: SystemSample | null = null;
  samplesTaken = 0;

  constructor(
    private readonly hub: EventHub,
    private readonly read: SampleReader,
    private readonly intervalMs: () => number,
  ) {
    hub.onSubscriberCount((event, n) => {
      if (event !== 'system:sample') return;
      if (n > 0) this.start();
      else this.stop();
    });
  }

  get active(): boolean {
    return this.on;
  }

  latest(): SystemSample | null {
    return this.last;
  }

  stop(): void {
    this.on = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private start(): void {
    if (this.on) return;
    this.on = true;
    if (this.last) this.hub.publish('system:sample', this.last);
    // A reading still in flight reschedules itself when it lands.
    if (!this.inFlight) this.schedule(0);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    const t0 = Date.now();
    try {
      this.last = await this.read();
      this.samplesTaken++;
      if (this.on) this.hub.publish('system:sample', this.last);
    } catch {
      // A failed reading (a GPU tool timing out) skips one sample rather than stopping the monitor.
    } finally {
      this.inFlight = false;
    }
    if (this.on) this.schedule(Math.max(0, Math.max(1000, this.intervalMs()) - (Date.now() - t0)));
  }
}
