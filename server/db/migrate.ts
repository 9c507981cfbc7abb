// Schema changes, applied at start (npm start, npm run migrate, the tests'
// global setup, the bench), under an advisory lock so instances starting
// together do not race.
// - Numbered files in migrations/ (NNNN_name.sql), applied once, in order,
//   each in its own transaction. Landed files are never edited: a change is
//   a new file. Each one's sha256 is recorded when applied, and a file
//   edited after it was applied stops the start with an error naming it.
// - Repeatable files in migrations/functions/ (NN_name.sql), each a
//   `CREATE OR REPLACE FUNCTION`: the current definition of a function lives
//   in exactly one file. They are applied after the numbered files, in name
//   order, and again whenever their content changes (name and sha256 are
//   recorded in schema_functions). A signature change needs a numbered
//   migration that drops the old function first.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, Queryable } from './database.ts';

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'migrations');
/** The repeatable function files of a migrations folder. */
export const FUNCTIONS_SUBDIR = 'functions';
const FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;
const FUNCTION_FILE = /^\d{2}_[a-z0-9_]+\.sql$/;
const LOCK_KEY = 7_263_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface FunctionFile {
  name: string;
  sql: string;
  checksum: string;
}

/** sha256 of the text with line endings normalised (a checkout with CRLF is the same file). */
const checksumOf = (sql: string) => createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');

async function sqlFiles(dir: string, pattern: RegExp): Promise<{ name: string; sql: string; checksum: string }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => pattern.test(f)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  return (await sqlFiles(dir, FILE)).map((f) => ({ ...f, version: Number(f.name.slice(0, 4)) }));
}

export async function loadFunctions(dir = MIGRATIONS_DIR): Promise<FunctionFile[]> {
  return sqlFiles(join(dir, FUNCTIONS_SUBDIR), FUNCTION_FILE);
}

export class MigrationEditedError extends Error {}

async function lock(tx: Queryable) {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
}

/** Throws when an applied migration's file no longer has the checksum recorded when it was applied. */
function assertUnedited(m: Migration, recorded: string | null | undefined) {
  if (recorded && recorded !== m.checksum) {
    throw new MigrationEditedError(
      `migration ${m.name} was edited after it was applied: sha256 ${recorded} in schema_migrations, ${m.checksum} on disk. ` +
        'Landed migrations are never edited: restore the file and put the change in a new numbered migration ' +
        '(or, for a function body, in migrations/functions/).',
    );
  }
}

/**
 * Applies pending migrations, then function files whose content changed;
 * returns the names applied (numbered files first). Throws, before applying
 * anything, when an applied migration was edited.
 */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await loadMigrations(dir);
  const functions = await loadFunctions(dir);
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text;
      CREATE TABLE IF NOT EXISTS schema_functions (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());`);
    // Every applied migration checked first; rows from before checksums were recorded get theirs now.
    const rows = await tx.query<{ version: number; checksum: string | null }>('SELECT version, checksum FROM schema_migrations');
    const recorded = new Map(rows.map((r) => [r.version, r.checksum]));
    for (const m of migrations) {
      if (!recorded.has(m.version)) continue;
      assertUnedited(m, recorded.get(m.version));
      if (recorded.get(m.version) === null)
        await tx.query('UPDATE schema_migrations SET checksum = $2 WHERE version = $1', [m.version, m.checksum]);
    }
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await lock(tx);
      const [seen] = await tx.query<{ checksum: string | null }>('SELECT checksum FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen) {
        assertUnedited(m, seen.checksum);
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  for (const f of functions) {
    const done = await db.transaction(async (tx) => {
      await lock(tx);
      const [seen] = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_functions WHERE name = $1', [f.name]);
      if (seen?.checksum === f.checksum) return false;
      await tx.exec(f.sql);
      await tx.query(
        `INSERT INTO schema_functions (name, checksum) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()`,
        [f.name, f.checksum],
      );
      return true;
    });
    if (done) applied.push(`${FUNCTIONS_SUBDIR}/${f.name}`);
  }
  return applied;
}

/** True when every migration file has been applied and every function file is current (readiness). */
export async function migrationsCurrent(db: Database, dir = MIGRATIONS_DIR): Promise<boolean> {
  const [migrations, functions] = await Promise.all([loadMigrations(dir), loadFunctions(dir)]);
  const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  const have = new Set(rows.map((r) => r.version));
  const fns = await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_functions');
  const current = new Map(fns.map((r) => [r.name, r.checksum]));
  return migrations.every((m) => have.has(m.version)) && functions.every((f) => current.get(f.name) === f.checksum);
}
