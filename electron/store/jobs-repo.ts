import { randomUUID } from 'node:crypto';
import { AppError, type ErrorShape } from '../contract/errors.js';
import type { Job, JobKind, JobLog, JobMetric, JobState } from '../contract/jobs.js';
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
}

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

  /** Jobs waiting to run, in queue order. */
  queued(): Job[] {
    return (this.db.prepare(`SELECT * FROM jobs WHERE state = 'queued' ORDER BY queue_order`).all() as JobRow[]).map(rowToJob);
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

  logs(jobId: string, afterT = -1, limit = 200): JobLog[] {
    this.get(jobId);
    const rows = this.db
      .prepare(`SELECT job_id, t, level, message FROM job_events WHERE job_id = ? AND type = 'log' AND t > ? ORDER BY id LIMIT ?`)
      .all(jobId, afterT, limit) as { job_id: string; t: number; level: JobLog['level']; message: string }[];
    return rows.map((r) => ({ jobId: r.job_id, t: r.t, level: r.level, message: r.message }));
  }
}
