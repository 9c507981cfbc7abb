// Runs once before all test files: a migrated database for them to share.
// Real Postgres (DATABASE_URL): the schema is reset and migrated; each test
// file then works in clinics of its own, so files run in parallel.
// PGlite: a migrated template data folder that each file copies (initdb once).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const db = await openDatabase({ databaseUrl: url, poolSize: 2, dataDir: '' });
    await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    await migrate(db);
    await db.close();
    project.provide('pgliteTemplate', '');
    return async () => {};
  }
  const dir = await mkdtemp(join(tmpdir(), 'doctorq-template-'));
  const db = await openDatabase({ poolSize: 1, dataDir: dir });
  await migrate(db);
  await db.close();
  project.provide('pgliteTemplate', dir);
  return async () => rm(dir, { recursive: true, force: true });
}
