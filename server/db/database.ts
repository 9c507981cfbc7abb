// One small interface over `pg` (a real Postgres) and PGlite (embedded
// Postgres in a data folder), so everything above it runs on either.
import { mkdir } from 'node:fs/promises';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import { backoffDelay, type BackoffPolicy } from '../../shared/backoff.ts';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pg' | 'pglite';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onMessage` for every NOTIFY on `channel`. `onDisconnect` when the
   * listening connection is lost; `onReconnect` once it is back (messages may
   * have been missed meanwhile).
   */
  listen(channel: string, onMessage: (payload: string) => void, events?: ListenEvents): Promise<() => Promise<void>>;
  /** Pool usage, for metrics. */
  stats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface ListenEvents {
  onDisconnect?(): void;
  onReconnect?(): void;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  poolSize: number;
  dataDir: string;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.databaseUrl ? openPg(opts.databaseUrl, opts.poolSize) : openPglite(opts.dataDir);
}

// pg returns int8 as a string, PGlite as a number: sequences and counts stay
// far below 2^53, so both sides agree on numbers here.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * Statements run as named prepared statements on `pg` (parsed and planned once
 * per connection, not on every call): the hot ones only, registered by their
 * text with prepared(). PGlite runs them as any other.
 */
const preparedNames = new Map<string, string>();
export function prepared(sql: string): string {
  if (!preparedNames.has(sql)) preparedNames.set(sql, `dq_prepared_${preparedNames.size + 1}`);
  return sql;
}

/** A lost LISTEN connection is re-opened after 100 ms, then longer waits up to 5 s (shared/backoff.ts). */
const LISTEN_RETRY: BackoffPolicy = { baseMs: 100, capMs: 5000, jitter: 0.25 };

function openPg(connectionString: string, max: number): Database {
  const pool = new pg.Pool({ connectionString, max, types: pgTypes, idleTimeoutMillis: 30_000 });
  // An idle client that loses its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  const run = async <T>(q: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) => {
    const name = preparedNames.get(sql);
    const r = name ? await q.query({ name, text: sql, values: params as unknown[] }) : await q.query(sql, params as unknown[]);
    return r.rows as T[];
  };
  const listeners = new Set<pg.Client>();
  let closed = false;

  return {
    kind: 'pg',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      // pg-pool listens for errors only on idle clients: if the database ends
      // the connection while a transaction is open (restart, failover, killed
      // backend), the error must fail this transaction, not crash the process.
      const onError = () => {};
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.removeListener('error', onError);
        client.release();
      }
    },
    async listen(channel, onMessage, events = {}) {
      // A dedicated connection, re-opened after a database restart or a
      // terminated backend: listeners are the fan-out, they must come back.
      let client: pg.Client | undefined;
      let stopped = false;
      let attempt = 0;
      const connect = async (isRetry: boolean): Promise<void> => {
        const c = new pg.Client({ connectionString, types: pgTypes, application_name: 'doctorq-listener', keepAlive: true });
        c.on('notification', (m) => {
          if (m.channel === channel) onMessage(m.payload ?? '');
        });
        c.on('error', () => {});
        c.on('end', () => {
          listeners.delete(c);
          if (stopped || closed) return;
          if (client === c) events.onDisconnect?.();
          scheduleRetry();
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        } catch (err) {
          c.removeAllListeners('end');
          await c.end().catch(() => {});
          if (!isRetry) throw err;
          scheduleRetry();
          return;
        }
        client = c;
        listeners.add(c);
        attempt = 0;
        if (isRetry) events.onReconnect?.();
      };
      const scheduleRetry = () => {
        const delay = backoffDelay(LISTEN_RETRY, attempt++);
        setTimeout(() => {
          if (!stopped && !closed) void connect(true);
        }, delay).unref();
      };
      await connect(false);
      return async () => {
        stopped = true;
        await client?.end().catch(() => {});
      };
    },
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      closed = true;
      await Promise.all([...listeners].map((c) => c.end().catch(() => {})));
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  await mkdir(dataDir, { recursive: true });
  const release = await lockDataDir(dataDir);
  const db = await PGlite.create(dataDir).catch(async (err: unknown) => {
    await release();
    throw err;
  });
  // PGlite is a single session: queries queue inside it, so the "pool" is one.
  const q: Queryable = {
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    exec: async (sql) => {
      await db.exec(sql);
    },
  };
  return {
    kind: 'pglite',
    ...q,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
          exec: async (sql) => {
            await tx.exec(sql);
          },
        }),
      ),
    async listen(channel, onMessage) {
      const unlisten = await db.listen(channel, onMessage);
      return async () => {
        await unlisten();
      };
    },
    stats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: async () => {
      await db.close();
      await release();
    },
  };
}
