import type { EventName, EventPayload } from '../../electron/contract/events.js';
import type { StudioClient } from '../client/client';

/**
 * How long pushes of a high-rate feed (metrics, log lines) wait to be applied together. A training run
 * sends several points a step, many steps a second: applied one by one, each redraws every chart and
 * the log, and the page stops answering clicks on a busy 2-core machine. Well inside the 1 s that live
 * updates are promised in.
 */
export const LIVE_BATCH_MS = 250;

/**
 * Subscribes to `event`, handing its pushes to `apply` in arrival order, at most once per `ms`.
 * Unsubscribing applies what is still waiting, so nothing pushed is dropped.
 */
export function onBatched<E extends EventName>(
  client: StudioClient,
  event: E,
  apply: (items: EventPayload<E>[]) => void,
  ms = LIVE_BATCH_MS,
): () => void {
  let waiting: EventPayload<E>[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (waiting.length === 0) return;
    const items = waiting;
    waiting = [];
    apply(items);
  };
  const off = client.on(event, (item) => {
    waiting.push(item);
    timer ??= setTimeout(flush, ms);
  });
  return () => {
    off();
    flush();
  };
}
