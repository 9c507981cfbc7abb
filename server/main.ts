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
import { answerClientErrors } from './http/client-errors.ts';
import { startNotifications, type Notifications } from './notify/index.ts';
import { startJobs } from './jobs.ts';
import { analyzeGrown, needsOwnAutovacuum } from './db/embedded-autovacuum.ts';
import { bookingLinkKey } from './public/booking-auth.ts';
import { OperatorTokens } from './operator/tokens.ts';
import { SignedWebhookProvider } from './billing/provider.ts';
import { capConnectionsPerAddress } from './http/connections.ts';
import { linkBaseOf } from './http/origin.ts';
import { clientAddress } from './http/client-address.ts';
import { streamRoutes } from './sync/stream-routes.ts';
import { syncRoutes } from './sync/routes.ts';
import { BareRoutes } from './http/bare-routes.ts';
import { MailWorker, mailDepth } from './mail/worker.ts';
import { SmtpMailer } from './mail/smtp.ts';

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
  /** This instance's mail worker, when SMTP_URL is set (tests wait on it). */
  mail: MailWorker | null;
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
  const streams = new StreamRegistry(db, feed, {
    onError: (err) => log.error({ err }, 'stream hub read failed'),
    onDelivered: (ms) => metrics?.fanoutLag.observe(ms / 1000),
    onReplaced: () => metrics?.streamsReplaced.inc(),
    maxPerHolder: config.MAX_STREAMS_PER_SESSION,
    receptionSilentMs: config.RECEPTION_SILENT_SECONDS * 1000,
  });
  const tickets = new TicketVerifier(db, keys);
  // Set once listening; no request is served (and no message sent with a link) before, so no link is built before.
  let listenUrl = '';
  const linkBase = linkBaseOf(config.PUBLIC_URL, () => listenUrl);
  const notifications = await startNotifications(
    db,
    config,
    { serverKey: tickets.serverKey, bookingKey: bookingLinkKey(keys), linkBase },
    log,
  );
  // Every document write goes through this one: fan-out announce (Redis) and notifier wake-up after each commit.
  const documents = new Documents(db, { fanout: feed, notifier: notifications.notifier, log });
  const demoClinicId = config.DEMO ? await seedDemo(documents, config.DEMO_TIME_ZONE) : null;
  if (needsOwnAutovacuum(db)) await analyzeGrown(db);
  metrics = new Metrics(db, () => streams.counts(), { outboxDepth: () => notifications.depth(), mailDepth: () => mailDepth(db) });
  const mailMetrics = metrics;
  const mail = config.SMTP_URL
    ? new MailWorker(db, new SmtpMailer(config.SMTP_URL, config.MAIL_FROM!), log, {
        from: config.MAIL_FROM!,
        maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
        retryBaseMs: config.OUTBOX_RETRY_BASE_MS,
        onOutcome: (kind, outcome) => mailMetrics.mails.inc({ kind, outcome }),
      })
    : null;
  mail?.start();
  if (!mail && !config.DEMO) log.warn('SMTP_URL is not set: verification, invitation and reset mails wait in mail_outbox unsent');

  const limits = {
    checkinPerIpPerMinute: config.CHECKIN_RATE_LIMIT_PER_IP,
    checkinPerClinicPerMinute: config.CHECKIN_RATE_LIMIT_PER_CLINIC,
    publicReadsPerIpPerMinute: config.PUBLIC_READ_RATE_LIMIT_PER_IP,
    bookingsPerClinicPerDay: config.ONLINE_BOOKINGS_PER_CLINIC_PER_DAY,
    namespace: config.RATE_LIMIT_NAMESPACE,
  };
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
    tickets,
    loginPerMinute: config.LOGIN_RATE_LIMIT_PER_MINUTE,
    rateLimitNamespace: config.RATE_LIMIT_NAMESPACE,
    allowHttpPushEndpoints: config.PUSH_ALLOW_HTTP_ENDPOINTS,
    allowPrivatePushEndpoints: config.PUSH_ALLOW_PRIVATE_ENDPOINTS,
    limits,
    trustProxy: config.TRUST_PROXY,
    clientDir: opts.clientDir,
    operatorTokens: new OperatorTokens(keys, config.OPERATOR_SESSION_MINUTES * 60),
    paymentProviders: config.PAYMENT_WEBHOOK_SECRET ? [new SignedWebhookProvider(config.PAYMENT_WEBHOOK_SECRET)] : [],
    whatsappWebhook: {
      appSecret: config.WHATSAPP_APP_SECRET,
      verifyToken: config.WHATSAPP_VERIFY_TOKEN,
      perMinute: config.WHATSAPP_WEBHOOK_RATE_LIMIT_PER_MINUTE,
    },
    signupsPerHour: config.SIGNUP_RATE_LIMIT_PER_HOUR,
    trialDays: config.TRIAL_DAYS,
    enrolCodeMinutes: config.ENROL_CODE_MINUTES,
    closedGraceDays: config.CLOSED_CLINIC_GRACE_DAYS,
    linkBase,
    printLinks: config.DEMO,
  });
  const stopJobs = startJobs(
    { db, documents, log, metrics, notifications },
    {
      housekeepingMs: config.HOUSEKEEPING_INTERVAL_MINUTES * 60_000,
      usageMs: config.USAGE_INTERVAL_SECONDS * 1000,
    },
  );
  if (config.PUSH_ALLOW_PRIVATE_ENDPOINTS)
    log.warn('PUSH_ALLOW_PRIVATE_ENDPOINTS is set: push endpoints on loopback and private addresses are accepted (tests only)');
  const headersMs = config.HEADERS_TIMEOUT_SECONDS * 1000;
  const requestMs = config.REQUEST_TIMEOUT_SECONDS * 1000;
  const trusted = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  // The streams are answered before Express; everything else is the app's.
  const bare = new BareRoutes(log);
  streamRoutes(bare, { db, keys, revocations, streams, tickets, limits, clientAddress: (req) => clientAddress(req, trusted) });
  syncRoutes(bare, { db, log, keys, revocations, metrics, documents, streams });
  const server: Server = createServer(
    {
      // Node enforces both timeouts only while a request is still arriving: a
      // stream's GET is complete at once, so its hours-long response is not
      // cut. The check runs at this interval, so it follows the shorter one.
      headersTimeout: headersMs,
      requestTimeout: requestMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, headersMs / 4)),
    },
    (req, res) => {
      if (!bare.handle(req, res)) app(req, res);
    },
  );
  server.keepAliveTimeout = config.KEEP_ALIVE_TIMEOUT_SECONDS * 1000;
  answerClientErrors(server);
  // Refused unanswered, before the file descriptors run out (a refused socket costs nothing after that).
  server.maxConnections = config.MAX_CONNECTIONS;
  server.on('drop', () => metrics?.connectionsRefused.inc({ reason: 'process' }));
  capConnectionsPerAddress(server, {
    perAddress: config.MAX_CONNECTIONS_PER_IP,
    exempt: (address) => trusted(address, 0),
    onRefused: () => metrics?.connectionsRefused.inc({ reason: 'address' }),
  });
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
      await mail?.stop();
      revocations.stop();
      await feed.stop();
      if (ownsDb) await db.close();
    })());

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    // A port already taken fails the start, and what was started for it stops.
    await close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  listenUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return { url: listenUrl, port, db, log, streams, metrics, notifications, documents, demoClinicId, mail, close };
}
