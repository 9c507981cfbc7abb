// Server instances a fault injector can kill and start again on the same port:
// real `npm start` processes on Postgres (SIGKILL: no shutdown, no goodbye to
// the streams, in-flight transactions cut), or in-process instances sharing
// one PGlite (whose "kill" can only be a close: PGlite lives in this process).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../server/db/database.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import type { RunningServer } from '../server/main.ts';
import { startTestServer } from '../testkit/harness.ts';
import { sleep } from './prng.ts';

export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly alive: boolean;
  /** Started and answering /readyz (a killed or still starting instance is not). */
  readonly ready: boolean;
  start(): Promise<void>;
  /** As abrupt as the kind allows (SIGKILL for a process). */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** The last lines it printed (for a failure report). */
  tail(): string;
}

/**
 * Linux hands out 32768–60999 for outgoing connections; an instance killed
 * and started again on its port could find it taken by one of them (a
 * tablet's, or another test process's), so ports are chosen below that range.
 */
const PORTS = { from: 20_000, to: 32_767 };

/** A port free now, from PORTS, that nothing else is likely to take meanwhile. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = PORTS.from + Math.floor(Math.random() * (PORTS.to - PORTS.from + 1));
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

async function waitReady(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) throw new Error(`${url} exited while starting`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** `node --import tsx server/start.ts`, as `npm start` runs it. */
export class ChildInstance implements Instance {
  private child: ChildProcess | null = null;
  private log: string[] = [];
  private readyChild: ChildProcess | null = null;
  readonly url: string;

  constructor(
    readonly name: string,
    private readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get ready(): boolean {
    return this.alive && this.readyChild === this.child;
  }

  async start(): Promise<void> {
    if (this.alive) return;
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...this.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      WORKERS: '1',
    };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'server', 'start.ts')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (c: Buffer) => {
      this.log.push(...c.toString().split('\n').filter(Boolean));
      if (this.log.length > 200) this.log = this.log.slice(-100);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('exit', (code, signal) => this.log.push(`[exited: ${code ?? signal}]`));
    await waitReady(this.url, 60_000, () => this.child === child && this.alive);
    this.readyChild = child;
  }

  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  tail(): string {
    return this.log.slice(-30).join('\n');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(sig);
    await exited;
  }
}

/** startServer in this process over a shared database; kill = close (PGlite cannot be cut from under a live process). */
export class InProcessInstance implements Instance {
  private running: RunningServer | null = null;
  readonly url: string;

  constructor(
    readonly name: string,
    private readonly port: number,
    private readonly db: Database,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get alive(): boolean {
    return this.running !== null;
  }

  get ready(): boolean {
    return this.running !== null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = await startTestServer(this.db, { PORT: String(this.port) });
  }

  async kill(): Promise<void> {
    const r = this.running;
    this.running = null;
    await r?.close();
  }

  stop(): Promise<void> {
    return this.kill();
  }

  tail(): string {
    return '';
  }
}

/**
 * A database of its own on the Postgres of DATABASE_URL, so terminating "every
 * connection of the current database" hits only this test's instances, never
 * the other test files sharing the test database.
 */
export async function scratchDatabase(baseUrl: string): Promise<{ url: string; db: Database; drop(): Promise<void> }> {
  const name = `doctorq_chaos_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = await openDatabase({ databaseUrl: url, poolSize: 4, dataDir: '' });
  await migrate(db);
  return {
    url,
    db,
    async drop() {
      await db.close().catch(() => {});
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A client directory with a stub page, so `npm start` never builds the real client. */
export async function stubClientDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'doctorq-stub-client-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>stub</title>');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export const CHILD_ENV = (databaseUrl: string, clientDir: string, jwtSecret: string): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  CLIENT_DIR: clientDir,
  DEMO: 'false',
  // Required with DEMO=false; no link these runs make is followed.
  PUBLIC_URL: 'http://127.0.0.1',
  LOG_LEVEL: 'warn',
  JWT_SECRET: jwtSecret,
  DATABASE_POOL_SIZE: '5',
  LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
  CHECKIN_RATE_LIMIT_PER_IP: '10000',
  CHECKIN_RATE_LIMIT_PER_CLINIC: '10000',
});
