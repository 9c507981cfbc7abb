// Web Push opt-in from the ticket page. The ticket link (capability token, as
// Bearer) is the only credential: it names the clinic and the entry, so a
// patient can only subscribe or unsubscribe their own visit.
import { Router } from 'express';
import { z } from 'zod';
import { Language } from '../../shared/schemas.ts';
import type { Database } from '../db/database.ts';
import { HttpError, parseBody } from '../http/errors.ts';
import { perMinute } from '../http/rate-limit.ts';
import { ticketAuth, ticketOf, type TicketVerifier } from '../public/tickets.ts';
import type { PublicLimits } from '../public/routes.ts';
import { deleteSubscription, saveSubscription } from './subscriptions.ts';
import { checkEndpoint, EndpointRefused, type EndpointPolicy } from './endpoint-guard.ts';
import { PUSH_BASE_PATH } from '../../shared/paths.ts';

/** Where app.ts mounts these routes: the path the patient page calls. */
export const PUSH_BASE = PUSH_BASE_PATH;

/** Push service URLs are a few hundred characters; this leaves room without storing essays. */
const MAX_ENDPOINT_LENGTH = 2048;

/** base64url (padding tolerated) that decodes to `bytes` bytes. */
const base64urlOf = (bytes: number, what: string) =>
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url`)
    .refine((s) => Buffer.from(s, 'base64url').length === bytes, `${what} must be ${bytes} bytes`);

export const SubscriptionBody = z.object({
  // What the browser's PushSubscription.toJSON() gives (expirationTime is ignored).
  subscription: z.object({
    endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(MAX_ENDPOINT_LENGTH),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({
      // An uncompressed P-256 point: 65 bytes starting with 4.
      p256dh: base64urlOf(65, 'p256dh').refine((s) => Buffer.from(s, 'base64url')[0] === 4, 'p256dh must be an uncompressed P-256 key'),
      auth: base64urlOf(16, 'auth'),
    }),
  }),
  lang: Language,
});

export function pushRoutes(deps: {
  db: Database;
  tickets: TicketVerifier;
  limits: PublicLimits;
  vapidPublicKey: string;
  /** Plain-http push endpoints (local test push services only: otherwise a patient could make the server call any address). */
  allowHttpEndpoints: boolean;
  /** Whether endpoints on loopback, private and link-local addresses are accepted (test push services only). */
  endpointPolicy: EndpointPolicy;
  /** A subscription arrived: the patient may already be next or called. */
  onSubscribed(clinicId: string): void;
}): Router {
  const r = Router();

  const ticket = ticketAuth(deps.tickets);
  // Like check-in, counted across instances: per IP before the token is
  // checked (a flood costs no verification), per clinic after.
  const ns = deps.limits.namespace;
  const message = 'too many requests, try again in a minute';
  const limited = [
    perMinute(deps.db, `${ns}:push-ip`, deps.limits.checkinPerIpPerMinute, message),
    ticket,
    perMinute(deps.db, `${ns}:push-clinic`, deps.limits.checkinPerClinicPerMinute, message, (req) => ticketOf(req.res!).clinicId),
  ];

  r.get('/key', ticket, (_req, res) => {
    res.json({ publicKey: deps.vapidPublicKey });
  });

  r.post('/subscription', ...limited, async (req, res) => {
    const { clinicId, entryId } = ticketOf(res);
    const body = parseBody(SubscriptionBody, req.body);
    if (!deps.allowHttpEndpoints && new URL(body.subscription.endpoint).protocol !== 'https:') {
      throw new HttpError(400, 'invalid_body', 'invalid request body', [
        { path: ['subscription', 'endpoint'], message: 'must be an https URL' },
      ]);
    }
    await checkEndpoint(body.subscription.endpoint, deps.endpointPolicy).catch((err: unknown) => {
      if (!(err instanceof EndpointRefused)) throw err;
      // Not the URL in the message or the log: it identifies the patient's browser.
      req.log.warn({ clinicId, entryId, reason: err.reason }, 'push subscription refused: endpoint not public');
      throw new HttpError(422, 'push_endpoint_refused', `${err.message}: push endpoints must be public push services`, [
        { path: ['subscription', 'endpoint'], message: err.message },
      ]);
    });
    await saveSubscription(deps.db, clinicId, entryId, { endpoint: body.subscription.endpoint, keys: body.subscription.keys }, body.lang);
    req.log.info({ clinicId, entryId }, 'push subscription stored');
    res.status(201).json({ entryId, lang: body.lang });
    deps.onSubscribed(clinicId);
  });

  r.delete('/subscription', ...limited, async (req, res) => {
    const { clinicId, entryId } = ticketOf(res);
    await deleteSubscription(deps.db, clinicId, entryId);
    req.log.info({ clinicId, entryId }, 'push subscription removed');
    res.status(204).end();
  });

  return r;
}
