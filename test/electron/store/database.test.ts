import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { DB_FILE_NAME, openDatabase, schemaVersion } from '../../../electron/store/database.js';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from '../../../electron/store/migrations.js';
import { tempDir } from '../../helpers/temp-dir.js';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('openDatabase', () => {
  it('creates a WAL database with foreign keys and every DESIGN.md table', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as { name: string }[]).map((t) => t.name);
    for (const t of ['datasets', 'dataset_versions', 'models', 'jobs', 'job_events', 'checkpoints', 'artifacts', 'registry', 'settings']) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it('enforces foreign keys', () => {
    const db = openDatabase(tempDir());
    expect(() => db.prepare(`INSERT INTO job_events (job_id, t, type) VALUES ('missing', 1, 'log')`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('is idempotent on reopen and keeps data', () => {
    const dir = tempDir();
    const a = openDatabase(dir);
    a.prepare(`INSERT INTO settings (key, value) VALUES ('theme', '"dark"')`).run();
    a.close();
    const b = openDatabase(dir);
    expect(b.prepare(`SELECT value FROM settings WHERE key='theme'`).get()).toEqual({ value: '"dark"' });
    b.close();
  });

  it('upgrades an older database step by step, keeping its rows', () => {
    const dir = tempDir();
    const v1 = openDatabase(dir, migrations.slice(0, 1));
    v1.prepare(`INSERT INTO settings (key, value) VALUES ('k', '1')`).run();
    v1.close();
    const extra: Migration = { version: 2, name: 'add notes', sql: `ALTER TABLE jobs ADD COLUMN notes TEXT; CREATE TABLE t2 (x INTEGER);` };
    const v2 = openDatabase(dir, [...migrations.slice(0, 1), extra]);
    expect(schemaVersion(v2)).toBe(2);
    expect(v2.prepare(`SELECT value FROM settings WHERE key='k'`).get()).toEqual({ value: '1' });
    expect((v2.prepare(`PRAGMA table_info(jobs)`).all() as { name: string }[]).map((c) => c.name)).toContain('notes');
    v2.close();
  });

  it('rolls back a failing migration whole: no partial table, version unchanged', () => {
    const dir = tempDir();
    openDatabase(dir, migrations.slice(0, 1)).close();
    const broken: Migration = { version: 2, name: 'broken', sql: `CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);` };
    expect(() => openDatabase(dir, [...migrations.slice(0, 1), broken])).toThrow(/nowhere/);
    const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name='half'`).get()).toBeUndefined();
    db.close();
  });

  it('refuses a database from a newer schema with a clear message and leaves it byte-for-byte untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE_NAME);
    // A database as a future version would leave it: rollback journal, higher user_version.
    const future = new Database(file);
    future.exec(`CREATE TABLE future_thing (x INTEGER); INSERT INTO future_thing VALUES (42);`);
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    future.close();
    const before = sha(file);
    const filesBefore = fs.readdirSync(dir).sort();

    let caught: unknown;
    try {
      openDatabase(dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('CONFLICT');
    expect((caught as AppError).message).toMatch(/newer version of Finetune Studio/);
    expect((caught as AppError).message).toMatch(/left untouched/);
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(filesBefore);
  });
});
