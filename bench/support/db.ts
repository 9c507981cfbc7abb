// The benchmark's own database: created (dropped first) next to the one in
// DATABASE_URL through the `postgres` maintenance database, so a bench run
// never fights the test suite over the `public` schema of the test database.
import pg from 'pg';
import type { Database, Queryable } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { SEED_SCHEMA } from '../seed-baseline.ts';

/** Several people benching on one Postgres each name their own (`BENCH_DATABASE`): the bench drops it first. */
export function benchDatabaseName(env: NodeJS.ProcessEnv = process.env): string {
  const name = env.BENCH_DATABASE || 'doctorq_bench';
  // Interpolated into DROP/CREATE DATABASE: a plain identifier only.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`BENCH_DATABASE must be a lower-case identifier, got ${JSON.stringify(name)}`);
  return name;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Recreates the bench database, migrates it (DoctorQ's schema and the seed baseline's table); returns its URL. */
export async function prepareBenchDatabase(databaseUrl: string): Promise<string> {
  const name = benchDatabaseName();
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(databaseUrl, name);
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
