/**
 * Versioned schema migrations. PRAGMA user_version holds the number of the last one applied.
 * Append only: never edit a migration that has shipped; add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial entities',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE datasets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE dataset_versions (
        id TEXT PRIMARY KEY,
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES dataset_versions(id),
        format TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        rows INTEGER,
        recipe TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        path TEXT NOT NULL UNIQUE,
        architecture TEXT,
        info TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending','queued','running','completed','failed','cancelled','interrupted')),
        spec TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0,
        message TEXT,
        result TEXT,
        error TEXT,
        queue_order INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER
      );
      CREATE INDEX jobs_state ON jobs(state, queue_order);
      CREATE TABLE job_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        t INTEGER NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('log','metric')),
        level TEXT,
        name TEXT,
        step INTEGER,
        value REAL,
        message TEXT
      );
      CREATE INDEX job_events_job ON job_events(job_id, type, id);
      CREATE TABLE checkpoints (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE artifacts (
        id TEXT PRIMARY KEY,
        job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
        kind TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT,
        bytes INTEGER,
        validation TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE registry (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        stage TEXT NOT NULL DEFAULT 'none' CHECK (stage IN ('none','staging','production','archived')),
        artifact_id TEXT REFERENCES artifacts(id) ON DELETE SET NULL,
        job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (name, version)
      );
    `,
  },
  {
    version: 2,
    name: 'dataset versions: detection, mapping, validation',
    sql: `
      ALTER TABLE dataset_versions ADD COLUMN meta TEXT;
      ALTER TABLE dataset_versions ADD COLUMN mapping TEXT;
      ALTER TABLE dataset_versions ADD COLUMN validation TEXT;
      ALTER TABLE dataset_versions ADD COLUMN job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL;
      CREATE INDEX dataset_versions_by_dataset ON dataset_versions(dataset_id, created_at);
    `,
  },
  {
    version: 3,
    name: 'jobs: queue position (reorderable queue), log lookups by time',
    // queue_order stays the creation order; queue_position is where a queued job waits (NULL otherwise).
    sql: `
      ALTER TABLE jobs ADD COLUMN queue_position INTEGER;
      UPDATE jobs SET queue_position = queue_order WHERE state = 'queued';
      CREATE INDEX jobs_queue ON jobs(state, queue_position);
      CREATE INDEX job_events_job_t ON job_events(job_id, type, t);
    `,
  },
  {
    version: 4,
    name: 'playground history: prompts and the answer of each target',
    // One run per Send; one answer per target, keyed by the target's id so history can be listed per model.
    sql: `
      CREATE TABLE playground_runs (
        id TEXT PRIMARY KEY,
        mode TEXT NOT NULL CHECK (mode IN ('chat','raw')),
        system TEXT NOT NULL,
        prompt TEXT NOT NULL,
        params TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX playground_runs_created ON playground_runs(created_at);
      CREATE TABLE playground_answers (
        run_id TEXT NOT NULL REFERENCES playground_runs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        target_id TEXT NOT NULL,
        label TEXT NOT NULL,
        target TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        stats TEXT,
        PRIMARY KEY (run_id, position)
      );
      CREATE INDEX playground_answers_target ON playground_answers(target_id, run_id);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
