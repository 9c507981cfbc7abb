// Starts a server under test (DoctorQ or the seed baseline): a child process
// over Postgres, or in this process over PGlite. Same handle either way.
import { fork, type ChildProcess } from 'node:child_process';
import cluster from 'node:cluster';
import { join } from 'node:path';
import type { Database } from '../../server/db/database.ts';
import { withTimeout } from './bounded.ts';
import { launchTarget, type ChildMessage, type ChildStats, type TargetKind } from './target-child.ts';

export interface Target {
  kind: TargetKind;
  url: string;
  /** The server's process id (this process for PGlite). */
  pid: number;
  stats(opts?: { gc?: boolean }): Promise<ChildStats>;
  /** Writes a V8 heap snapshot of the server process (child processes only). */
  heapSnapshot(path: string): Promise<void>;
  /** Starts the server's CPU profiler (child processes only); `stop` writes the .cpuprofile. */
  startProfile(): Promise<{ stop(path: string): Promise<void> }>;
  close(): Promise<void>;
}

export interface TargetOptions {
  jwtSecret: string;
  /** Postgres: the server runs in a child process on this URL. */
  databaseUrl?: string;
  /** PGlite: the server runs in this process over this database. */
  db?: Database;
  poolSize?: number;
  /** DoctorQ fans out through Redis pub/sub instead of Postgres NOTIFY. */
  redisUrl?: string;
  /** Extra node flags for the child, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

// Several servers compiling at once on a loaded 2-core machine take their time.
const START_TIMEOUT_MS = 120_000;

export async function startTarget(kind: TargetKind, opts: TargetOptions): Promise<Target> {
  if (opts.db) {
    const t = await launchTarget(kind, { db: opts.db, ownsDb: false, secret: opts.jwtSecret });
    return {
      kind,
      url: t.url,
      pid: process.pid,
      stats: async (o = {}) => t.stats(o.gc ?? false),
      close: () => t.close(),
      heapSnapshot: () => Promise.reject(new Error('heap snapshots need a child process')),
      startProfile: () => Promise.reject(new Error('CPU profiles need a child process')),
    };
  }
  const child: ChildProcess = fork(join(import.meta.dirname, 'target-child.ts'), [], {
    execArgv: execArgvOf(opts),
    env: childEnv(kind, opts),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return attach(kind, child);
}

/**
 * A deployment of `n` worker processes sharing one port, as `WORKERS=n npm
 * start` runs (server/start.ts): node:cluster, this process as the primary
 * handing each new connection to the next worker. One Target per worker, all
 * with the same url.
 */
export async function startWorkers(kind: TargetKind, n: number, opts: TargetOptions): Promise<Target[]> {
  cluster.setupPrimary({ exec: join(import.meta.dirname, 'target-child.ts'), execArgv: execArgvOf(opts), silent: false });
  return Promise.all(Array.from({ length: n }, () => attach(kind, cluster.fork(childEnv(kind, opts)).process)));
}

/**
 * The server runs as `npm start` runs it (package.json: no V8 flags), plus
 * what the bench asks for, plus BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/prof`; a later V8 flag overrides an earlier one).
 */
function execArgvOf(opts: TargetOptions): string[] {
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return ['--import', 'tsx', '--expose-gc', ...(opts.nodeArgs ?? []), ...extra];
}

function childEnv(kind: TargetKind, opts: TargetOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    BENCH_TARGET: kind,
    BENCH_DATABASE_URL: opts.databaseUrl,
    BENCH_JWT_SECRET: opts.jwtSecret,
    ...(opts.poolSize ? { BENCH_POOL_SIZE: String(opts.poolSize) } : {}),
    BENCH_REDIS_URL: opts.redisUrl ?? '',
  };
}

async function attach(kind: TargetKind, child: ChildProcess): Promise<Target> {
  const waiting = new Map<number, (s: ChildStats) => void>();
  let nextId = 1;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const ready = new Promise<string>((resolve, reject) => {
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') resolve(m.url);
      else if (m.type === 'error') reject(new Error(`${kind} server failed: ${m.message}`));
      else if (m.type === 'stats') {
        const { type: _t, id, ...stats } = m;
        waiting.get(id)?.(stats);
        waiting.delete(id);
      }
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  const url = await withTimeout(ready, START_TIMEOUT_MS, `starting ${kind}`);
  /** Sends a request answered by a stats message. */
  const ask = (m: { type: 'profile'; stopTo?: string }, what: string) =>
    withTimeout(
      new Promise<void>((resolve) => {
        const id = nextId++;
        waiting.set(id, () => resolve());
        child.send({ ...m, id });
      }),
      60_000,
      `${kind} ${what}`,
    );
  return {
    kind,
    url,
    pid: child.pid!,
    stats: (o = {}) =>
      withTimeout(
        new Promise<ChildStats>((resolve) => {
          const id = nextId++;
          waiting.set(id, resolve);
          child.send({ type: 'stats', id, gc: o.gc ?? false });
        }),
        10_000,
        `${kind} stats`,
      ),
    heapSnapshot: (path) =>
      withTimeout(
        new Promise<void>((resolve) => {
          const id = nextId++;
          waiting.set(id, () => resolve());
          child.send({ type: 'heapSnapshot', id, path });
        }),
        120_000,
        `${kind} heap snapshot`,
      ),
    async startProfile() {
      await ask({ type: 'profile' }, 'profile start');
      return { stop: (path: string) => ask({ type: 'profile', stopTo: path }, 'profile stop') };
    },
    async close() {
      if (child.exitCode !== null) return;
      child.send({ type: 'close' });
      await withTimeout(exited, 20_000, `closing ${kind}`).catch(() => {
        child.kill('SIGKILL');
      });
    },
  };
}
