import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { migrate, migrationsCurrent, MIGRATIONS_DIR } from './migrate.ts';
import { openTestDb } from '../../testkit/harness.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => db.dispose());

describe('migrations', () => {
  it('when applied again, then nothing is re-applied and the schema is current', async () => {
    expect(await migrate(db)).toEqual([]);
    expect(await migrationsCurrent(db)).toBe(true);
  });

  it('when listed, then files are numbered NNNN_name.sql without gaps', async () => {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
    files.forEach((f, i) => {
      expect(f).toMatch(new RegExp(`^${String(i + 1).padStart(4, '0')}_[a-z0-9_]+\\.sql$`));
    });
  });

  it('when instances migrate at the same time, then each migration is applied once', async () => {
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(results.flat()).toEqual([]);
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]!.n).toBe((await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).length);
  });
});
