import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../contract/errors.js';
import { migrations as defaultMigrations, type Migration } from './migrations.js';

export type Db = Database.Database;

export const DB_FILE_NAME = 'studio.db';

/**
 * Opens (creating if needed) the app database: WAL, foreign keys on, migrations applied in one
 * transaction. A database written by a newer app is refused before anything is written to it.
 */
export function openDatabase(dataDir: string, migrations: readonly Migration[] = defaultMigrations): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DB_FILE_NAME);
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;

  // Check the version on a read-only handle first: switching to WAL or migrating would modify the file.
  if (fs.existsSync(file)) {
    const probe = new Database(file, { readonly: true, fileMustExist: true });
    let found: number;
    try {
      found = probe.pragma('user_version', { simple: true }) as number;
    } finally {
      probe.close();
    }
    if (found > latest) {
      throw new AppError(
        'CONFLICT',
        `The database at ${file} was written by a newer version of Finetune Studio (schema ${found}; this version knows up to ${latest}). ` +
          'Update the app, or point FINETUNE_STUDIO_HOME at another folder. The database was left untouched.',
        { file, found, latest },
      );
    }
  }

  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function applyMigrations(db: Db, migrations: readonly Migration[]): void {
  const run = db.transaction(() => {
    // Read inside the transaction so two processes cannot both apply the same step.
    const current = schemaVersion(db);
    for (const m of migrations) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  });
  run.immediate();
}
