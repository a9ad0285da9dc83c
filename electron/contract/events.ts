import { z } from 'zod';
import { Job, JobLog, JobMetric } from './jobs.js';
import { SystemSample } from './system.js';
import { TokenEvent, WorkerStatus } from './playground.js';

/** Every event main pushes to the renderer; a client receives only those it subscribed to. */
export const events = {
  'system:sample': SystemSample,
  'jobs:changed': Job,
  'jobs:log': JobLog,
  'jobs:metric': JobMetric,
  'playground:token': TokenEvent,
  'playground:status': WorkerStatus,
} as const;

export type Events = typeof events;
export const EventName = z.enum(Object.keys(events) as [keyof Events, ...(keyof Events)[]]);
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
