import { z } from 'zod';
import { Job, JobLog, JobMetric, JobStats, StartableJobSpec, TrainEstimate, TrainEstimateRequest, TrainRequest } from './jobs.js';
import { Settings, SettingsPatch } from './settings.js';
import { SystemInfo } from './system.js';
import { Model, ScanResult } from './models.js';
import { EventName } from './events.js';
import { ExportEstimate, ExportRequest, ExportSource } from './exports.js';
import { ColumnMapping, Dataset, DatasetVersion, ImportDataSpec, PrepareRecipe, Preview, PreviewRequest, ValidateDataSpec } from './datasets.js';
import { HistoryEntry, HistoryQuery, SendReply, SendRequest, TargetOption, WorkerStatus } from './playground.js';

const Empty = z.object({}).strict();
const JobId = z.object({ id: z.string().min(1).max(64) }).strict();

/**
 * Every call the renderer can make: name -> request schema and response schema.
 * Main validates `req` at the boundary (router.ts); `res` documents the shape and types the client.
 */
export const calls = {
  'app:health': { req: Empty, res: z.object({ version: z.string(), uptimeS: z.number(), mode: z.enum(['electron', 'web']) }) },
  'system:info': { req: Empty, res: SystemInfo },
  'settings:get': { req: Empty, res: Settings },
  'settings:set': { req: SettingsPatch, res: Settings },
  'events:subscribe': { req: z.object({ event: EventName }).strict(), res: z.object({ subscribed: z.literal(true) }) },
  'events:unsubscribe': { req: z.object({ event: EventName }).strict(), res: z.object({ subscribed: z.literal(false) }) },
  'jobs:list': {
    req: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    res: z.array(Job),
  },
  'jobs:get': { req: JobId, res: Job },
  'jobs:start': { req: StartableJobSpec, res: Job },
  'jobs:cancel': { req: JobId, res: Job },
  'jobs:metrics': {
    req: z.object({ id: z.string().min(1).max(64), limit: z.number().int().min(1).max(100_000).default(20_000) }).strict(),
    res: z.array(JobMetric),
  },
  'models:list': { req: Empty, res: z.array(Model) },
  'models:add': { req: z.object({ path: z.string().min(1).max(4096) }).strict(), res: Model },
  'models:remove': { req: z.object({ id: z.string().min(1).max(64) }).strict(), res: z.object({ removed: z.literal(true) }) },
  'models:scanCache': { req: Empty, res: ScanResult },
  /** The platform's folder picker (Electron); browser mode answers null and the user types a path. */
  'dialog:pickFolder': { req: z.object({ title: z.string().max(200).optional() }).strict(), res: z.object({ path: z.string().nullable() }) },
  'datasets:list': { req: Empty, res: z.array(Dataset) },
  'datasets:get': { req: JobId, res: Dataset },
  /** Starts an import job; the new version appears when it completes. */
  'datasets:import': { req: ImportDataSpec, res: Job },
  'datasets:preview': { req: PreviewRequest, res: Preview },
  'datasets:setMapping': { req: z.object({ versionId: z.string().min(1).max(64), mapping: ColumnMapping }).strict(), res: DatasetVersion },
  'datasets:validate': { req: ValidateDataSpec, res: Job },
  'datasets:prepare': { req: PrepareRecipe, res: Job },
  /** The data report as one standalone HTML document, for saving. */
  'datasets:report': { req: z.object({ versionId: z.string().min(1).max(64) }).strict(), res: z.object({ fileName: z.string(), html: z.string() }) },
  /** Refused (CONFLICT) while a job uses one of its versions. */
  'datasets:delete': { req: JobId, res: z.object({ removed: z.literal(true) }) },
  /** The platform's file picker (Electron); browser mode answers null and uploads instead. */
  'dialog:pickFile': {
    req: z.object({ title: z.string().max(200).optional(), extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(20).optional() }).strict(),
    res: z.object({ path: z.string().nullable() }),
  },
  'jobs:logs': {
    req: z
      .object({
        id: z.string().min(1).max(64),
        /** Tail: entries after this time. Page back: entries before this time (newest first within the page). */
        afterT: z.number().optional(),
        beforeT: z.number().optional(),
        levels: z.array(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'METRIC'])).max(5).optional(),
        search: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    res: z.array(JobLog),
  },
  /** Continues an interrupted or failed training job from its last checkpoint (the same job, queued again). */
  'jobs:resume': { req: JobId, res: Job },
  /** A new job with the same spec, from the start. */
  'jobs:retry': { req: JobId, res: Job },
  /** Moves a queued job to `position` in the queue (0 = next); answers the queue in order. */
  'jobs:reorder': { req: z.object({ id: z.string().min(1).max(64), position: z.number().int().min(0) }).strict(), res: z.array(Job) },
  /** Deletes a finished job, its logs and metrics, and (by default) its run folder inside the data directory. */
  'jobs:delete': { req: z.object({ id: z.string().min(1).max(64), deleteArtifacts: z.boolean().default(true) }).strict(), res: z.object({ removed: z.literal(true) }) },
  'jobs:stats': { req: Empty, res: JobStats },
  /** Predicted file size and inference RAM of each export format and type. */
  'exports:estimate': { req: z.object({ source: ExportSource }).strict(), res: ExportEstimate },
  /** Queues an export job (write, prove with an independent runtime, move into place). */
  'exports:start': { req: ExportRequest, res: Job },
  'exports:list': { req: Empty, res: z.array(Job) },
  /** Electron: asks where to save and writes the zip (path, or null if cancelled). Browser mode: the URL to download it from. */
  'exports:zip': { req: JobId, res: z.object({ path: z.string().nullable(), url: z.string().nullable() }) },
  /** Electron: shows the export in the file manager. Browser mode answers opened: false (the page shows the path). */
  'exports:reveal': { req: JobId, res: z.object({ opened: z.boolean(), path: z.string() }) },
  /** Memory a training run would need, against what the machine has free now. */
  'train:estimate': { req: TrainEstimateRequest, res: TrainEstimate },
  /** Checks everything (dataset prepared, model, memory, template) and queues a training job. */
  'train:start': { req: TrainRequest, res: Job },
  /** Playground (issue 7): models, fine-tunes and exports a prompt can be sent to. */
  'playground:targets': { req: Empty, res: z.array(TargetOption) },
  /** Sends one prompt to 1-4 targets; answers stream as `playground:token` events. */
  'playground:send': { req: SendRequest, res: SendReply },
  'playground:stop': { req: z.object({ requestId: z.string().min(1).max(64) }).strict(), res: z.object({ stopped: z.boolean() }) },
  /** The warm playground workers. */
  'playground:workers': { req: Empty, res: z.array(WorkerStatus) },
  /** Unloads one target's worker, or all of them. */
  'playground:unload': { req: z.object({ targetId: z.string().max(10_000).optional() }).strict(), res: z.object({ unloaded: z.number() }) },
  'playground:history': { req: HistoryQuery, res: z.array(HistoryEntry) },
  'playground:deleteHistory': { req: JobId, res: z.object({ removed: z.literal(true) }) },
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export const CALL_NAMES = Object.keys(calls) as CallName[];

/** What a caller passes (defaults optional) and what a handler receives (defaults applied). */
export type CallInput<N extends CallName> = z.input<Calls[N]['req']>;
export type CallRequest<N extends CallName> = z.output<Calls[N]['req']>;
export type CallResponse<N extends CallName> = z.output<Calls[N]['res']>;
