// Builds the Express app from its parts; main.ts owns config and listening.
import express from 'express';
import type { Logger } from 'pino';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './db/database.ts';
import { migrationsCurrent } from './db/migrate.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { jsonBody } from './http/json.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security-headers.ts';
import { authRoutes } from './auth/routes.ts';
import { accountRoutes } from './auth/account-routes.ts';
import { ownerRoutes } from './owner/routes.ts';
import { RECEPTION_BASE, receptionRoutes } from './reception/returning-routes.ts';
import type { Revocations } from './auth/revocations.ts';
import type { Sessions } from './auth/sessions.ts';
import type { TokenKeys } from './auth/tokens.ts';
import type { Feed } from './sync/feed.ts';
import type { Documents } from './docs/writes.ts';
import { publicRoutes, type PublicLimits } from './public/routes.ts';
import type { TicketVerifier } from './public/tickets.ts';
import type { Metrics } from './http/metrics.ts';
import { bearer } from './auth/middleware.ts';
import { HttpError } from './http/errors.ts';
import type { StreamRegistry } from './sync/streams.ts';
import type { Notifications } from './notify/index.ts';
import { PUSH_BASE, pushRoutes } from './notify/routes.ts';
import { ticketActionRoutes } from './public/ticket-actions.ts';
import { BOOKING_BASE_PATH, TICKET_BASE_PATH } from '../shared/paths.ts';
import { bookingRoutes } from './public/booking.ts';
import { signupRoutes } from './signup/routes.ts';
import { OPERATOR_BASE, operatorRoutes } from './operator/routes.ts';
import type { OperatorTokens } from './operator/tokens.ts';
import { BILLING_BASE, billingRoutes } from './billing/routes.ts';
import { WHATSAPP_BASE, whatsappWebhookRoutes } from './notify/whatsapp-webhook.ts';
import type { PaymentProvider } from './billing/provider.ts';
import type { LinkBase } from './http/origin.ts';

export interface AppDeps {
  db: Database;
  log: Logger;
  keys: TokenKeys;
  sessions: Sessions;
  revocations: Revocations;
  feed: Feed;
  /** The one write path of documents (post-commit fan-out and notifier wake-up included). */
  documents: Documents;
  streams: StreamRegistry;
  tickets: TicketVerifier;
  metrics: Metrics;
  notifications: Notifications;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  loginPerMinute: number;
  rateLimitNamespace: string;
  allowHttpPushEndpoints: boolean;
  /** Push endpoints on non-public addresses (test push services only). */
  allowPrivatePushEndpoints: boolean;
  limits: PublicLimits;
  trustProxy: string;
  operatorTokens: OperatorTokens;
  paymentProviders: readonly PaymentProvider[];
  /** WhatsApp's webhook: the app secret its signatures are checked with, the handshake's verify token, its rate limit. */
  whatsappWebhook: { appSecret: string | undefined; verifyToken: string | undefined; perMinute: number };
  signupsPerHour: number;
  trialDays: number;
  enrolCodeMinutes: number;
  /** Days a closed clinic's remaining data is kept (CLOSED_CLINIC_GRACE_DAYS). */
  closedGraceDays: number;
  /** Base of the links in mails and QR codes: PUBLIC_URL or the listen address, never the request's Host. */
  linkBase: LinkBase;
  /** Demo mode: print mail links, there being no mail provider. */
  printLinks: boolean;
  /** Built client to serve, if present. */
  clientDir?: string | undefined;
}

export function createApp(d: AppDeps): express.Express {
  const app = express();
  app.set('trust proxy', d.trustProxy);
  app.disable('x-powered-by');
  app.use(d.metrics.middleware());
  // pino-http: one line a request (the replication's push, pull and ping are served before Express).
  app.use(requestLog(d.log));
  app.use(securityHeaders);
  // Before the JSON parser: webhook signatures cover the raw body.
  app.use(BILLING_BASE, billingRoutes({ db: d.db, providers: d.paymentProviders }));
  app.use(WHATSAPP_BASE, whatsappWebhookRoutes({ db: d.db, rateLimitNamespace: d.rateLimitNamespace, ...d.whatsappWebhook }));
  app.use(jsonBody());

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = { database: false, migrations: false, fanout: d.feed.connected };
    try {
      await d.db.query('SELECT 1');
      checks.database = true;
      checks.migrations = await migrationsCurrent(d.db);
    } catch {
      // reported through the checks below
    }
    const ok = checks.database && checks.migrations && checks.fanout;
    res.status(ok ? 200 : 503).json({ ok, checks });
  });

  app.get('/metrics', async (req, res) => {
    if (d.metricsToken && bearer(req.headers.authorization) !== d.metricsToken)
      throw new HttpError(401, 'unauthenticated', 'metrics token required');
    res.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics());
  });

  app.use('/api/auth', authRoutes(d));
  app.use('/api/auth', accountRoutes(d));
  app.use('/api/owner', ownerRoutes(d));
  app.use(RECEPTION_BASE, receptionRoutes({ ...d, limits: { namespace: d.rateLimitNamespace } }));
  app.use(OPERATOR_BASE, operatorRoutes(d));
  app.use('/api', signupRoutes(d));
  app.use(
    PUSH_BASE,
    pushRoutes({
      ...d,
      vapidPublicKey: d.notifications.vapidPublicKey,
      allowHttpEndpoints: d.allowHttpPushEndpoints,
      endpointPolicy: { allowPrivate: d.allowPrivatePushEndpoints },
      onSubscribed: (c) => d.notifications.notifier.changed(c),
    }),
  );
  app.use(TICKET_BASE_PATH, ticketActionRoutes(d));
  app.use(BOOKING_BASE_PATH, bookingRoutes(d));
  app.use('/api', publicRoutes(d));
  app.use('/api', notFound);

  if (d.clientDir && existsSync(d.clientDir)) {
    // Hashed assets are immutable; the HTML and service worker are not.
    app.use('/assets', express.static(join(d.clientDir, 'assets'), { immutable: true, maxAge: '1y' }));
    app.use(express.static(d.clientDir, { index: 'index.html', maxAge: 0 }));
  }
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
