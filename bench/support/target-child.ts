// A server under test: DoctorQ's real server or the seed baseline. With
// Postgres it runs in a child process of its own, as in production (the load
// generator does not share its event loop), started by target.ts and answering
// counts and memory over IPC. With PGlite (one embedded session) it runs in
// the bench process over the same database object.
import { createServer } from 'node:http';
import { writeHeapSnapshot } from 'node:v8';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/main.ts';
import { countingDatabase } from './db.ts';
import { createSeedApp } from '../seed-baseline.ts';

export type TargetKind = 'doctorq' | 'seed';
export const RAW_STREAM_PATH = '/floor/raw-stream';
export type ChildRequest =
  | { type: 'stats'; id: number; gc?: boolean }
  | { type: 'heapSnapshot'; id: number; path: string }
  /** CPU profile of a measurement window: start, then stop with the file to write. */
  | { type: 'profile'; id: number; stopTo?: string }
  | { type: 'close' };
export interface ChildStats {
  roundTrips: number;
  rss: number;
  heapUsed: number;
  /** V8's committed heap (live objects, free space, the young generation's reserve). */
  heapTotal: number;
  external: number;
  streams: number;
}
export type ChildMessage =
  | { type: 'ready'; url: string }
  | ({ type: 'stats'; id: number } & ChildStats)
  | { type: 'error'; message: string };

export interface Launched {
  url: string;
  stats(gc: boolean): ChildStats;
  close(): Promise<void>;
}

export async function launchTarget(
  kind: TargetKind,
  opts: { db: Database; ownsDb: boolean; secret: string; databaseUrl?: string; redisUrl?: string },
): Promise<Launched> {
  const { db, counts } = countingDatabase(opts.db);
  let close: () => Promise<void>;
  let streams = () => 0;
  let url: string;
  if (kind === 'doctorq') {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'false',
      LOG_LEVEL: 'silent',
      DATABASE_URL: opts.databaseUrl,
      JWT_SECRET: opts.secret,
      ACCESS_TOKEN_TTL_SECONDS: '3600',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
      // The default (10,000) keeps a process well inside its open files; the fan-out bench fills this machine's 20,000.
      MAX_CONNECTIONS: '19800',
      // Redis pub/sub fan-out instead of NOTIFY, when asked for (bench/README.md: NOTIFY's commit lock).
      REDIS_URL: opts.redisUrl,
    });
    const server = await startServer({ config, db, log: pino({ level: 'silent' }) });
    url = server.url;
    streams = () => server.streams.size;
    close = async () => {
      await server.close();
    };
  } else {
    const app = createSeedApp(db, opts.secret);
    const server = createServer((req, res) => {
      // The lowest memory floor of a stream: Node's HTTP server alone, before any framework.
      if (req.url === RAW_STREAM_PATH) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write('event: resync\ndata: {"type":"resync"}\n\n');
        return;
      }
      app(req, res);
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    };
  }
  return {
    url,
    stats(gc) {
      // --expose-gc is passed by target.ts: memory per stream is read after a full collection.
      if (gc) (globalThis as { gc?: () => void }).gc?.();
      const mem = process.memoryUsage();
      return {
        roundTrips: counts.roundTrips,
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        heapTotal: mem.heapTotal,
        external: mem.external,
        streams: streams(),
      };
    },
    async close() {
      await close();
      if (opts.ownsDb) await opts.db.close();
    },
  };
}

async function childMain(): Promise<void> {
  const send = (m: ChildMessage) => process.send?.(m);
  try {
    const kind = process.env.BENCH_TARGET as TargetKind;
    const databaseUrl = process.env.BENCH_DATABASE_URL!;
    const poolSize = Number(process.env.BENCH_POOL_SIZE ?? (kind === 'seed' ? 5 : 20));
    const db = await openDatabase({ databaseUrl, poolSize, dataDir: '' });
    const redisUrl = process.env.BENCH_REDIS_URL || undefined;
    const t = await launchTarget(kind, {
      db,
      ownsDb: true,
      secret: process.env.BENCH_JWT_SECRET!,
      databaseUrl,
      ...(redisUrl ? { redisUrl } : {}),
    });
    // The inspector's profiler, not --cpu-prof: only the window being measured, not start-up and seeding.
    let profiler: Session | null = null;
    process.on('message', async (m: ChildRequest) => {
      if (m.type === 'stats') send({ type: 'stats', id: m.id, ...t.stats(m.gc ?? false) });
      // For finding what an open stream holds (see bench/README.md, memory per stream).
      else if (m.type === 'heapSnapshot') {
        writeHeapSnapshot(m.path);
        send({ type: 'stats', id: m.id, ...t.stats(false) });
      } else if (m.type === 'profile') {
        if (!m.stopTo) {
          profiler = new Session();
          profiler.connect();
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.start');
        } else if (profiler) {
          const { profile } = await profiler.post('Profiler.stop');
          profiler.disconnect();
          profiler = null;
          await writeFile(m.stopTo, JSON.stringify(profile));
        }
        send({ type: 'stats', id: m.id, ...t.stats(false) });
      } else if (m.type === 'close') {
        await t.close().catch(() => {});
        process.exit(0);
      }
    });
    process.on('disconnect', () => process.exit(0));
    send({ type: 'ready', url: t.url });
  } catch (err) {
    send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  }
}

if (process.send && process.env.BENCH_TARGET) void childMain();
