import type { EventName, EventPayload } from '../contract/events.js';

/** One connected client (an Electron window, a browser tab's WebSocket): how to push to it. */
export interface ClientSession {
  id: string;
  send<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

type CountListener = (event: EventName, subscribers: number) => void;

/**
 * Routes pushed events to the sessions that subscribed to them, and tells producers (the system
 * monitor) how many listen, so nothing is polled while nobody watches.
 */
export class EventHub {
  private readonly subs = new Map<EventName, Map<string, ClientSession>>();
  private readonly countListeners: CountListener[] = [];

  subscribe(session: ClientSession, event: EventName): void {
    let set = this.subs.get(event);
    if (!set) this.subs.set(event, (set = new Map()));
    if (set.has(session.id)) return;
    set.set(session.id, session);
    this.notify(event);
  }

  unsubscribe(sessionId: string, event: EventName): void {
    if (this.subs.get(event)?.delete(sessionId)) this.notify(event);
  }

  /** Drops every subscription of a session that went away (socket closed, window destroyed). */
  dropSession(sessionId: string): void {
    for (const event of [...this.subs.keys()]) this.unsubscribe(sessionId, event);
  }

  subscribers(event: EventName): number {
    return this.subs.get(event)?.size ?? 0;
  }

  publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const s of this.subs.get(event)?.values() ?? []) {
      try {
        s.send(event, payload);
      } catch {
        // A session that cannot receive is dropped by its transport's close handler.
      }
    }
  }

  onSubscriberCount(listener: CountListener): void {
    this.countListeners.push(listener);
  }

  private notify(event: EventName): void {
    const n = this.subscribers(event);
    for (const l of this.countListeners) l(event, n);
  }
}
