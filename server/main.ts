// Wires config, database, auth and sync into a listening server. Used by
// `npm start`, by the tests (port 0, one call per instance) and the benchmarks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorSerializers } from './http/log-errors.ts';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { seedDemo } from './demo.ts';
import { Revocations } from './auth/revocations.ts';
import { Sessions } from './auth/sessions.ts';
import { TokenKeys } from './auth/tokens.ts';
import { Feed } from './sync/feed.ts';
import { Documents } from './docs/writes.ts';
import { StreamRegistry } from './sync/streams.ts';
import { createApp } from './app.ts';
import { TicketVerifier } from './public/tickets.ts';
import { Metrics } from './http/metrics.ts';
import { startNotifications, type Notifications } from './notify/index.ts';
import { startJobs } from './jobs.ts';
import { OperatorTokens } from './operator/tokens.ts';
import { SignedWebhookProvider } from './billing/provider.ts';

/** In-flight requests get this long to finish on shutdown. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  log: Logger;
  streams: StreamRegistry;
  metrics: Metrics;
  /** This instance's notifier and outbox worker (tests wait on them). */
  notifications: Notifications;
  /** The one write path of documents (server/docs/). */
  documents: Documents;
  /** The demo clinic id when this start created it. */
  demoClinicId: string | null;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  /** Share an open database (tests running two instances on one PGlite). */
  db?: Database;
  clientDir?: string;
  log?: Logger;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { config } = opts;
  const base = opts.log ?? pino({ level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] });
  // Every log line of the server (a given logger included) serialises errors without the values they quote.
  const log = base.child({}, { serializers: errorSerializers });
  const ownsDb = !opts.db;
  const db =
    opts.db ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, dataDir: config.DATA_DIR }));
  const applied = await migrate(db);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');

  const keys = await TokenKeys.load(db, config.JWT_SECRET, config.ACCESS_TOKEN_TTL_SECONDS);
  const sessions = new Sessions(db, keys, { deviceDays: config.DEVICE_SESSION_DAYS, userHours: config.USER_SESSION_HOURS });
  const feed = new Feed(db, { redisUrl: config.REDIS_URL });
  await feed.start();
  const revocations = new Revocations(config.ACCESS_TOKEN_TTL_SECONDS * 1000);
  await revocations.start(sessions, feed);
  let metrics: Metrics | undefined;
  const streams = new StreamRegistry(
    db,
    feed,
    (err) => log.error({ err }, 'stream hub read failed'),
    (ms) => metrics?.fanoutLag.observe(ms / 1000),
  );
  const notifications = await startNotifications(db, config, log);
  // Every document write goes through this one: fan-out announce (Redis) and notifier wake-up after each commit.
  const documents = new Documents(db, { fanout: feed, notifier: notifications.notifier, log });
  const demoClinicId = config.DEMO ? await seedDemo(documents) : null;
  metrics = new Metrics(db, () => streams.counts(), { outboxDepth: () => notifications.depth() });

  const app = createApp({
    db,
    log,
    keys,
    sessions,
    revocations,
    feed,
    documents,
    streams,
    metrics,
    notifications,
    metricsToken: config.METRICS_TOKEN,
    tickets: new TicketVerifier(db, keys),
    loginPerMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE,
    rateLimitNamespace: config.RATE_LIMIT_NAMESPACE,
    allowHttpPushEndpoints: config.PUSH_ALLOW_HTTP_ENDPOINTS,
    limits: {
      checkinPerIpPerMinute: config.CHECKIN_RATE_LIMIT_PER_IP,
      checkinPerClinicPerMinute: config.CHECKIN_RATE_LIMIT_PER_CLINIC,
      publicReadsPerIpPerMinute: config.PUBLIC_READ_RATE_LIMIT_PER_IP,
      namespace: config.RATE_LIMIT_NAMESPACE,
    },
    trustProxy: config.TRUST_PROXY,
    clientDir: opts.clientDir,
    operatorTokens: new OperatorTokens(keys, config.OPERATOR_SESSION_MINUTES * 60),
    paymentProviders: config.PAYMENT_WEBHOOK_SECRET ? [new SignedWebhookProvider(config.PAYMENT_WEBHOOK_SECRET)] : [],
    signupsPerHour: config.SIGNUP_RATE_LIMIT_PER_HOUR,
    trialDays: config.TRIAL_DAYS,
    enrolCodeMinutes: config.ENROL_CODE_MINUTES,
    publicUrl: config.PUBLIC_URL,
    printLinks: config.DEMO,
  });
  const stopJobs = startJobs(db, documents, log, {
    housekeepingMs: config.HOUSEKEEPING_INTERVAL_MINUTES * 60_000,
    usageMs: config.USAGE_INTERVAL_SECONDS * 1000,
  });
  const server: Server = createServer(app);
  // Streams are long-lived; the defaults would cut idle ones.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, tell devices to reconnect elsewhere, let in-flight
      // requests finish; connections close as they fall idle, and whatever
      // is still open after the grace period is cut.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      streams.closeAll();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await stopped;
      clearInterval(sweep);
      clearTimeout(deadline);
      stopJobs();
      await notifications.stop();
      revocations.stop();
      await feed.stop();
      if (ownsDb) await db.close();
    })());

  return { url: `http://${host}:${port}`, port, db, log, streams, metrics, notifications, documents, demoClinicId, close };
}
