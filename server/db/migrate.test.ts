import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTIONS_SUBDIR, loadMigrations, migrate, migrationsCurrent, MIGRATIONS_DIR } from './migrate.ts';
import { openTestDb } from '../../testkit/harness.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
const copies: string[] = [];
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.dispose();
  await Promise.all(copies.map((d) => rm(d, { recursive: true, force: true })));
});

/** A copy of the migrations folder to edit (the database is the tests' shared one: only harmless changes). */
async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'doctorq-migrations-'));
  copies.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

/** A function file of its own (a unique name), so the shared database's real functions are never touched. */
function probe(dir: string) {
  const tag = randomUUID().replace(/-/g, '').slice(0, 12);
  const fn = `dq_migrate_probe_${tag}`;
  const name = `99_probe_${tag}.sql`;
  return {
    fn,
    name,
    write: (value: number) =>
      writeFile(
        join(dir, FUNCTIONS_SUBDIR, name),
        `CREATE OR REPLACE FUNCTION ${fn}() RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT ${value} $$;\n`,
      ),
    value: async () => (await db.query<{ v: number }>(`SELECT ${fn}() AS v`))[0]!.v,
    drop: async () => {
      await db.query(`DROP FUNCTION IF EXISTS ${fn}()`);
      await db.query('DELETE FROM schema_functions WHERE name = $1', [name]);
    },
  };
}

describe('migrations', () => {
  it('when applied again, then nothing is re-applied and the schema is current', async () => {
    expect(await migrate(db)).toEqual([]);
    expect(await migrationsCurrent(db)).toBe(true);
  });

  // Numbers are reserved ahead by work landing in parallel, so a branch may
  // skip one; the runner applies each number once, whatever the gaps.
  it('when listed, then files are numbered NNNN_name.sql, each number once', async () => {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
    for (const f of files) expect(f).toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
    const numbers = files.map((f) => Number(f.slice(0, 4)));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers[0]).toBe(1);
  });

  it('when instances migrate at the same time, then each migration is applied once', async () => {
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(results.flat()).toEqual([]);
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]!.n).toBe((await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).length);
  });

  it('when applied, then each migration has the sha256 of its file recorded', async () => {
    const files = await loadMigrations();
    const rows = await db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(files.map((m) => ({ version: m.version, checksum: m.checksum })));
  });

  it('when a migration applied before checksums existed has none, then the next run records it', async () => {
    const [m] = (await loadMigrations()).filter((f) => f.name.startsWith('0004_'));
    await db.query('UPDATE schema_migrations SET checksum = NULL WHERE version = $1', [m!.version]);
    expect(await migrate(db)).toEqual([]);
    const [row] = await db.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [m!.version]);
    expect(row!.checksum).toBe(m!.checksum);
  });

  it('when an applied migration was edited, then migrate throws naming it and applies nothing', async () => {
    const dir = await copyOfMigrations();
    const p = probe(dir);
    await p.write(1);
    const file = join(dir, '0003_row_security.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- an edit after landing\n`);
    await expect(migrate(db, dir)).rejects.toThrow(/migration 0003_row_security\.sql was edited after it was applied/);
    // Checked before anything is applied: the new function file was not.
    expect(await db.query('SELECT 1 FROM schema_functions WHERE name = $1', [p.name])).toHaveLength(0);
  });

  it('when a function file changes, then it is re-applied; when unchanged, it is not', async () => {
    const dir = await copyOfMigrations();
    const p = probe(dir);
    try {
      await p.write(1);
      expect(await migrate(db, dir)).toEqual([`${FUNCTIONS_SUBDIR}/${p.name}`]);
      expect(await p.value()).toBe(1);
      expect(await migrate(db, dir)).toEqual([]);
      await p.write(2);
      expect(await migrate(db, dir)).toEqual([`${FUNCTIONS_SUBDIR}/${p.name}`]);
      expect(await p.value()).toBe(2);
      expect(await migrate(db, dir)).toEqual([]);
    } finally {
      await p.drop();
    }
  });

  it('when instances apply a new function file at the same time, then it is applied once', async () => {
    const dir = await copyOfMigrations();
    const p = probe(dir);
    try {
      await p.write(3);
      const results = await Promise.all([migrate(db, dir), migrate(db, dir), migrate(db, dir)]);
      expect(results.flat()).toEqual([`${FUNCTIONS_SUBDIR}/${p.name}`]);
      expect(await p.value()).toBe(3);
    } finally {
      await p.drop();
    }
  });

  it('when read, then dq_push and each policy is defined in exactly one function file and in no later numbered migration', async () => {
    const dir = join(MIGRATIONS_DIR, FUNCTIONS_SUBDIR);
    const bodies = await Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f), 'utf8')));
    for (const fn of [
      'dq_push',
      'dq_refuse_if_suspended',
      'dq_check_doctor_limit',
      'dq_audit_write',
      'dq_apply_settings',
      'dq_doctor_active',
    ]) {
      expect(
        bodies.filter((b) => new RegExp(`CREATE OR REPLACE FUNCTION ${fn}\\(`).test(b)),
        fn,
      ).toHaveLength(1);
    }
    const later = (await loadMigrations()).filter((m) => m.version > 5);
    for (const m of later) expect(m.sql, m.name).not.toMatch(/CREATE (OR REPLACE )?FUNCTION dq_push/);
  });
});
