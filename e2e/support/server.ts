// The real server with the built client (npm run build first), on a fresh
// PGlite folder, or on DATABASE_URL when set, with the demo clinic.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { openDatabase } from '../../server/db/database.ts';

export const CLIENT_DIR = join(import.meta.dirname, '..', '..', 'dist');

export interface E2eServer extends RunningServer {
  /** The demo clinic's zone: one where the suite starts mid-morning. */
  zone: string;
  stop(): Promise<void>;
}

/**
 * A fixed-offset zone where it is about ten in the morning at `now`: the
 * suites book today's slots, count today's visits and check in within opening
 * hours, which a run late in the evening in Tunis would see fall on tomorrow.
 * Whole hours from UTC, so the zone's quarter-hour slots are UTC's too.
 */
function morningZone(now = Date.now()): string {
  const offset = Math.max(-12, Math.min(14, 10 - new Date(now).getUTCHours()));
  // POSIX signs: Etc/GMT-3 is three hours ahead of UTC.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** `env`: settings a test needs beside the usual ones (e.g. a looser rate limit). */
export async function startE2eServer(env: Record<string, string> = {}): Promise<E2eServer> {
  if (!existsSync(join(CLIENT_DIR, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does)');
  const zone = morningZone();
  const dataDir = await mkdtemp(join(tmpdir(), 'doctorq-e2e-'));
  const url = process.env.DATABASE_URL;
  if (url) {
    // A clean schema so the demo clinic is created for this run.
    const db = await openDatabase({ databaseUrl: url, poolSize: 1, dataDir: '' });
    await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    await db.close();
  }
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'true',
    DEMO_TIME_ZONE: zone,
    DATA_DIR: join(dataDir, 'pglite'),
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    SIGNUP_RATE_LIMIT_PER_HOUR: '100',
    // The operator sees a new visit in its usage within seconds, not a minute.
    USAGE_INTERVAL_SECONDS: '2',
    ...(url ? { DATABASE_URL: url } : {}),
    ...env,
  });
  const server = await startServer({ config, clientDir: CLIENT_DIR, log: pino({ level: 'silent' }) });
  return Object.assign(server, {
    zone,
    async stop() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}
