// The benchmark's own database: created (dropped first) next to the one in
// DATABASE_URL through the `postgres` maintenance database, so a bench run
// never fights the test suite over the `public` schema of the test database.
import pg from 'pg';
import type { Database, Queryable } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { SEED_SCHEMA } from '../seed-baseline.ts';

/** Named after DATABASE_URL's database, so runs from several checkouts (each with its own database) never drop each other's. */
export const benchDbName = (databaseUrl: string) => `${new URL(databaseUrl).pathname.slice(1) || 'doctorq'}_bench`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Recreates `<database>_bench`, migrates it (DoctorQ's schema and the seed baseline's table); returns its URL. */
export async function prepareBenchDatabase(databaseUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(benchDbName(databaseUrl))} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(benchDbName(databaseUrl))}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(databaseUrl, benchDbName(databaseUrl));
  const db = await openDatabase({ databaseUrl: url, poolSize: 2, dataDir: '' });
  try {
    await migrate(db);
    await db.exec(SEED_SCHEMA);
  } finally {
    await db.close();
  }
  return url;
}

export interface Counts {
  roundTrips: number;
}

/**
 * Counts database round trips as the server code makes them: with `pg` every
 * query is one round trip (it never pipelines on a connection), and a
 * transaction adds BEGIN and COMMIT. LISTEN connections are not counted:
 * notifications are not on a request's path.
 */
export function countingDatabase(db: Database): { db: Database; counts: Counts } {
  const counts: Counts = { roundTrips: 0 };
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      counts.roundTrips++;
      return q.query(sql, params);
    },
    exec: (sql) => {
      counts.roundTrips++;
      return q.exec(sql);
    },
  });
  const counted: Database = {
    ...wrap(db),
    kind: db.kind,
    transaction: (fn) => {
      counts.roundTrips += 2;
      return db.transaction((tx) => fn(wrap(tx)));
    },
    listen: (...args) => db.listen(...args),
    stats: () => db.stats(),
    close: () => db.close(),
  };
  return { db: counted, counts };
}

/**
 * Refreshes the planner's statistics after seeding. A clinic's year of visits
 * accumulates over a year, analysed by autovacuum many times; the bench writes
 * it in seconds, and a first query before any ANALYZE is planned blind (the
 * window's pull chose the day index for its updatedAt clause: 47 ms instead of 2).
 */
export async function analyze(db: Queryable): Promise<void> {
  await db.query('ANALYZE');
}
