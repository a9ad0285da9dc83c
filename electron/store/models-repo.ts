import { randomUUID } from 'node:crypto';
import { AppError } from '../contract/errors.js';
import type { Model, ModelInfo } from '../contract/models.js';
import type { Db } from './database.js';

interface ModelRow {
  id: string;
  path: string;
  info: string;
  created_at: number;
}

function toModel(r: ModelRow, bundledPath: string | null): Model {
  return { ...(JSON.parse(r.info) as ModelInfo), id: r.id, bundled: r.path === bundledPath, addedAt: r.created_at };
}

/** Base models the user added (their folders are referenced, never copied or modified). */
export class ModelsRepo {
  bundledPath: string | null = null;

  constructor(private readonly db: Db) {}

  list(): Model[] {
    return (this.db.prepare('SELECT id, path, info, created_at FROM models ORDER BY created_at').all() as ModelRow[]).map((r) => toModel(r, this.bundledPath));
  }

  byPath(p: string): Model | null {
    const r = this.db.prepare('SELECT id, path, info, created_at FROM models WHERE path = ?').get(p) as ModelRow | undefined;
    return r ? toModel(r, this.bundledPath) : null;
  }

  /** Adds or refreshes (same path) a model. */
  upsert(info: ModelInfo, now = Date.now()): Model {
    this.db
      .prepare(
        `INSERT INTO models (id, name, path, architecture, info, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(path) DO UPDATE SET name = excluded.name, architecture = excluded.architecture, info = excluded.info`,
      )
      .run(randomUUID(), info.name, info.path, info.architecture, JSON.stringify(info), now);
    return this.byPath(info.path)!;
  }

  remove(id: string): void {
    if (this.db.prepare('DELETE FROM models WHERE id = ?').run(id).changes === 0) throw new AppError('NOT_FOUND', `No model with id ${id}`, { id });
  }
}
