import { randomUUID } from 'node:crypto';
import { AppError, type ErrorShape } from '../contract/errors.js';
import { JobState as JobStates, type Job, type JobKind, type JobLog, type JobMetric, type JobState, type JobStats } from '../contract/jobs.js';
import type { Db } from './database.js';

interface JobRow {
  id: string;
  kind: string;
  state: string;
  spec: string;
  progress: number;
  message: string | null;
  result: string | null;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  queue_position: number | null;
}

/** Which transitions the lifecycle allows (DESIGN.md "Jobs"); anything else is a CONFLICT. */
const ALLOWED: Record<JobState, readonly JobState[]> = {
  pending: ['queued', 'cancelled'],
  queued: ['running', 'cancelled'],
  running: ['completed', 'failed', 'cancelled', 'interrupted'],
  interrupted: ['queued', 'failed', 'cancelled'],
  failed: ['queued'],
  completed: [],
  cancelled: [],
};

export interface TransitionFields {
  progress?: number;
  message?: string | null;
  result?: unknown;
  error?: ErrorShape | null;
  /** Replaces the stored spec (a resumed job is queued again with `resume: true`). */
  spec?: unknown;
}

/** What `logs` filters by (the `jobs:logs` call). */
export interface LogQuery {
  /** Tail: entries after this time, oldest first. */
  afterT?: number;
  /** Page back: entries before this time, newest first. */
  beforeT?: number;
  levels?: readonly JobLog['level'][];
  /** Case-insensitive substring of the message (ASCII case folding, as SQLite's LIKE). */
  search?: string;
  limit?: number;
}

/** A job that is waiting or working cannot be deleted; cancel it first. */
const UNDELETABLE: readonly JobState[] = ['pending', 'queued', 'running'];

function rowToJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind as JobKind,
    state: r.state as JobState,
    spec: JSON.parse(r.spec) as unknown,
    progress: r.progress,
    message: r.message,
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    error: r.error === null ? null : (JSON.parse(r.error) as ErrorShape),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    // Only a queued job has a place in the queue; other rows leave the field out.
    ...(r.queue_position === null ? {} : { queuePosition: r.queue_position }),
  };
}

/** Job rows and their events. Every state change is one transaction. */
export class JobsRepo {
  constructor(private readonly db: Db) {}

  create(kind: JobKind, spec: unknown, now = Date.now()): Job {
    const id = randomUUID();
    const order = (this.db.prepare('SELECT COALESCE(MAX(queue_order), 0) + 1 AS n FROM jobs').get() as { n: number }).n;
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, state, spec, progress, queue_order, created_at) VALUES (?, ?, 'pending', ?, 0, ?, ?)`,
      )
      .run(id, kind, JSON.stringify(spec), order, now);
    return this.get(id);
  }

  get(id: string): Job {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No job with id ${id}`, { id });
    return rowToJob(row);
  }

  list(limit = 100): Job[] {
    const rows = this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, queue_order DESC LIMIT ?').all(limit) as JobRow[];
    return rows.map(rowToJob);
  }

  /** Jobs waiting to run, in queue order (queue_position, which `reorder` rewrites). */
  queued(): Job[] {
    return (this.db.prepare(`SELECT * FROM jobs WHERE state = 'queued' ORDER BY queue_position, queue_order`).all() as JobRow[]).map(rowToJob);
  }

  /** Moves a queued job to `position` (0 = next; past the end = last) and answers the queue in its new order. */
  reorder(id: string, position: number): Job[] {
    const tx = this.db.transaction(() => {
      const job = this.get(id);
      if (job.state !== 'queued') throw new AppError('CONFLICT', `Job ${id} is ${job.state}; only queued jobs can be reordered`, { id, state: job.state });
      const others = this.queued().filter((j) => j.id !== id);
      others.splice(Math.min(position, others.length), 0, job);
      const set = this.db.prepare('UPDATE jobs SET queue_position = ? WHERE id = ?');
      others.forEach((j, i) => set.run(i + 1, j.id));
      return this.queued();
    });
    return tx.immediate();
  }

  inState(state: JobState): Job[] {
    return (this.db.prepare('SELECT * FROM jobs WHERE state = ? ORDER BY queue_order').all(state) as JobRow[]).map(rowToJob);
  }

  /** Moves a job to `to`, checking the lifecycle inside the same transaction as the write. */
  transition(id: string, to: JobState, fields: TransitionFields = {}, now = Date.now()): Job {
    const tx = this.db.transaction(() => {
      const job = this.get(id);
      if (!ALLOWED[job.state].includes(to)) {
        throw new AppError('CONFLICT', `Job ${id} is ${job.state} and cannot become ${to}`, { id, from: job.state, to });
      }
      const terminal = to === 'completed' || to === 'failed' || to === 'cancelled' || to === 'interrupted';
      this.db
        .prepare(
          `UPDATE jobs SET state = ?,
             progress = COALESCE(?, progress),
             message = CASE WHEN ? THEN ? ELSE message END,
             result = CASE WHEN ? THEN ? ELSE result END,
             error = CASE WHEN ? THEN ? ELSE error END,
             spec = COALESCE(?, spec),
             queue_position = CASE WHEN ? = 'queued' THEN (SELECT COALESCE(MAX(queue_position), 0) + 1 FROM jobs WHERE state = 'queued') ELSE NULL END,
             started_at = CASE WHEN ? = 'running' THEN ? ELSE started_at END,
             finished_at = CASE WHEN ? THEN ? WHEN ? = 'queued' THEN NULL ELSE finished_at END
           WHERE id = ?`,
        )
        .run(
          to,
          fields.progress ?? null,
          fields.message !== undefined ? 1 : 0,
          fields.message ?? null,
          fields.result !== undefined ? 1 : 0,
          fields.result === undefined ? null : JSON.stringify(fields.result),
          fields.error !== undefined ? 1 : 0,
          fields.error ? JSON.stringify(fields.error) : null,
          fields.spec === undefined ? null : JSON.stringify(fields.spec),
          to,
          to,
          now,
          terminal ? 1 : 0,
          now,
          to,
          id,
        );
      return this.get(id);
    });
    return tx.immediate();
  }

  /** Progress updates are not state changes: no lifecycle check, only for running jobs. */
  setProgress(id: string, progress: number, message?: string): Job {
    this.db
      .prepare(`UPDATE jobs SET progress = ?, message = COALESCE(?, message) WHERE id = ? AND state = 'running'`)
      .run(progress, message ?? null, id);
    return this.get(id);
  }

  /** Marks every job left `running` by a previous process as interrupted (called once at start). */
  markInterrupted(now = Date.now()): Job[] {
    const tx = this.db.transaction(() => {
      const running = this.inState('running');
      for (const j of running) {
        this.transition(j.id, 'interrupted', { message: 'The app stopped while this job was running' }, now);
      }
      return running.map((j) => this.get(j.id));
    });
    return tx.immediate();
  }

  /** Appends log lines in one transaction (callers batch them). */
  appendLogs(logs: readonly JobLog[]): void {
    if (logs.length === 0) return;
    const insert = this.db.prepare(`INSERT INTO job_events (job_id, t, type, level, message) VALUES (?, ?, 'log', ?, ?)`);
    this.db.transaction(() => {
      for (const l of logs) insert.run(l.jobId, l.t, l.level, l.message);
    })();
  }

  /** Appends metric points in one transaction (callers batch them). */
  appendMetrics(points: readonly JobMetric[]): void {
    if (points.length === 0) return;
    const insert = this.db.prepare(`INSERT INTO job_events (job_id, t, type, name, step, value) VALUES (?, ?, 'metric', ?, ?, ?)`);
    this.db.transaction(() => {
      for (const p of points) insert.run(p.jobId, p.t, p.name, p.step, p.value);
    })();
  }

  metrics(jobId: string, limit = 20_000): JobMetric[] {
    this.get(jobId);
    const rows = this.db
      .prepare(`SELECT job_id, t, name, step, value FROM job_events WHERE job_id = ? AND type = 'metric' ORDER BY id LIMIT ?`)
      .all(jobId, limit) as { job_id: string; t: number; name: string; step: number; value: number }[];
    return rows.map((r) => ({ jobId: r.job_id, t: r.t, name: r.name, step: r.step, value: r.value }));
  }

  /**
   * A job's log lines, filtered by level and text. Without `beforeT`: oldest first (after `afterT`,
   * for tailing); with it: the page of entries just before it, newest first (for scrolling back).
   */
  logs(jobId: string, q: LogQuery = {}): JobLog[] {
    this.get(jobId);
    const where = [`job_id = ?`, `type = 'log'`];
    const args: (string | number)[] = [jobId];
    const add = (clause: string, ...values: (string | number)[]) => {
      where.push(clause);
      args.push(...values);
    };
    if (q.afterT !== undefined) add('t > ?', q.afterT);
    if (q.beforeT !== undefined) add('t < ?', q.beforeT);
    if (q.levels) add(`level IN (${q.levels.map(() => '?').join(', ') || 'NULL'})`, ...q.levels);
    // LIKE's wildcards in the user's text are matched literally.
    if (q.search) add(`message LIKE ? ESCAPE '\\'`, `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const order = q.beforeT !== undefined ? 'DESC' : 'ASC';
    const rows = this.db
      .prepare(`SELECT job_id, t, level, message FROM job_events WHERE ${where.join(' AND ')} ORDER BY t ${order}, id ${order} LIMIT ?`)
      .all(...args, q.limit ?? 200) as { job_id: string; t: number; level: JobLog['level']; message: string }[];
    return rows.map((r) => ({ jobId: r.job_id, t: r.t, level: r.level, message: r.message }));
  }

  /** Counts for the Jobs page: per state, and the share of finished jobs that completed. */
  stats(): JobStats {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as { state: JobState; n: number }[];
    const byState = Object.fromEntries(JobStates.options.map((s) => [s, 0])) as Record<JobState, number>;
    for (const r of rows) byState[r.state] = r.n;
    const finished = byState.completed + byState.failed;
    return {
      total: rows.reduce((a, r) => a + r.n, 0),
      byState,
      running: byState.running,
      queued: byState.queued,
      completed: byState.completed,
      failed: byState.failed,
      successRate: finished ? byState.completed / finished : null,
    };
  }

  /** Deletes a job that is not waiting or working, with its logs and metrics (one transaction). */
  remove(id: string): Job {
    const tx = this.db.transaction(() => {
      const job = this.get(id);
      if (UNDELETABLE.includes(job.state)) throw new AppError('CONFLICT', `Job ${id} is ${job.state}; cancel it before deleting it`, { id, state: job.state });
      this.db.prepare('DELETE FROM job_events WHERE job_id = ?').run(id);
      this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
      return job;
    });
    return tx.immediate();
  }
}
