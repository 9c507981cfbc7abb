// Numbered SQL files in migrations/, applied in order, each in its own
// transaction, under an advisory lock so instances starting together do not
// race. Landed files are never edited: a change is a new file.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'migrations');
const FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;
const LOCK_KEY = 7_263_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => FILE.test(f)).sort();
  return Promise.all(
    files.map(async (name) => ({ version: Number(name.slice(0, 4)), name, sql: await readFile(join(dir, name), 'utf8') })),
  );
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await loadMigrations(dir);
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}

/** True when every migration file has been applied (readiness). */
export async function migrationsCurrent(db: Database, dir = MIGRATIONS_DIR): Promise<boolean> {
  const migrations = await loadMigrations(dir);
  const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  const have = new Set(rows.map((r) => r.version));
  return migrations.every((m) => have.has(m.version));
}
