// WhatsApp's webhook: Meta checks the endpoint once with a GET handshake,
// then POSTs status updates (sent, delivered, read, failed) of the messages
// we sent. Mounted before the JSON body parser: the signature
// (X-Hub-Signature-256, HMAC-SHA256 of the raw body with the app secret)
// covers the bytes as they arrived. The signature is the only credential; a
// recipient's number, which every status carries, is never kept or logged.
import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { HttpError, parseBody } from '../http/errors.ts';
import { jsonDepth, MAX_JSON_DEPTH } from '../http/json.ts';
import { perMinute } from '../http/rate-limit.ts';
import { Uuid } from '../../shared/schemas.ts';

export const WHATSAPP_BASE = '/api/whatsapp';
export const SIGNATURE_HEADER = 'x-hub-signature-256';
/** A status update is a few hundred bytes; Meta batches a few. */
const WEBHOOK_LIMIT = '64kb';

/** `sha256=<hex>`: what Meta sends (and the tests' fake Cloud API). */
export function signWebhook(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function signatureValid(appSecret: string | undefined, rawBody: Buffer, header: unknown): boolean {
  if (!appSecret || typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  return timingSafeEqual(Buffer.from(signWebhook(appSecret, rawBody)), Buffer.from(header));
}

/**
 * What we record, in the order receipts go forward; a status Meta adds
 * later is skipped, not refused (Meta would retry it for days).
 */
const RECEIPTS = ['sent', 'delivered', 'read', 'failed'] as const;
type Receipt = (typeof RECEIPTS)[number];

const Status = z.object({
  id: z.string().min(1).max(256),
  status: z.string().max(40),
  timestamp: z.string().regex(/^\d{1,12}$/),
  biz_opaque_callback_data: z.string().max(512).optional(),
  errors: z
    .array(z.object({ code: z.number().int() }).loose())
    .max(20)
    .optional(),
});

/** The parts of a notification we read; anything else Meta sends (incoming messages, pricing) passes unread. */
export const WebhookBody = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z
        .object({
          changes: z
            .array(
              z.object({ field: z.string().max(100), value: z.object({ statuses: z.array(Status).max(1000).optional() }).loose() }).loose(),
            )
            .max(100),
        })
        .loose(),
    )
    .max(100),
});
type Status = z.infer<typeof Status>;

/** `<clinic id>/<outbox id>`, as the sender wrote it. */
const CallbackData = z
  .string()
  .transform((s) => s.split('/'))
  .pipe(z.tuple([Uuid, Uuid]));

/**
 * Records one status on its outbox row, found by our own id (echoed in
 * biz_opaque_callback_data) or else by the wamid. Receipts only go forward:
 * a "delivered" arriving after "read" changes nothing. Returns whether a
 * row took it.
 */
export async function recordReceipt(db: Database, s: Status & { status: Receipt }): Promise<boolean> {
  const at = new Date(Number(s.timestamp) * 1000).toISOString();
  const failure = s.status === 'failed' ? `whatsapp failed${s.errors?.[0] ? ` (code ${s.errors[0].code})` : ''}` : null;
  const ours = CallbackData.safeParse(s.biz_opaque_callback_data);
  const [where, ids] = ours.success ? ['clinic_id = $6 AND id = $7', ours.data] : ['provider_id = $1', []];
  const rows = await db.query(
    `UPDATE outbox SET
        receipt = $2,
        provider_id = coalesce(provider_id, $1),
        delivered_at = CASE WHEN $2 IN ('delivered', 'read') THEN coalesce(delivered_at, $3::timestamptz) ELSE delivered_at END,
        read_at = CASE WHEN $2 = 'read' THEN coalesce(read_at, $3::timestamptz) ELSE read_at END,
        last_error = coalesce($4, last_error)
      WHERE ${where} AND channel = 'whatsapp'
        AND coalesce(array_position($5::text[], receipt), 0) < array_position($5::text[], $2::text)
      RETURNING 1`,
    [s.id, s.status, at, failure, RECEIPTS, ...ids],
  );
  return rows.length > 0;
}

export function whatsappWebhookRoutes(deps: {
  db: Database;
  /** Unset: no signature is valid (WhatsApp is not configured). */
  appSecret: string | undefined;
  /** Unset: the handshake is refused. */
  verifyToken: string | undefined;
  rateLimitNamespace: string;
  perMinute: number;
}): Router {
  const r = Router();
  const limited = perMinute(deps.db, `${deps.rateLimitNamespace}:whatsapp-ip`, deps.perMinute, 'too many requests, try again in a minute');

  r.get('/webhook', limited, (req, res) => {
    const token = req.query['hub.verify_token'];
    const given = Buffer.from(typeof token === 'string' ? token : '');
    const expected = Buffer.from(deps.verifyToken ?? '');
    if (!deps.verifyToken || given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new HttpError(403, 'forbidden', 'verify token does not match');
    const q = z
      .object({ 'hub.mode': z.literal('subscribe'), 'hub.challenge': z.string().regex(/^[A-Za-z0-9_-]{1,128}$/) })
      .safeParse(req.query);
    if (!q.success) throw new HttpError(400, 'invalid_query', 'expected hub.mode=subscribe and a hub.challenge');
    // Echoed as plain text, as Meta expects; the pattern above keeps it inert.
    res.type('text/plain').send(q.data['hub.challenge']);
  });

  r.post('/webhook', express.raw({ type: () => true, limit: WEBHOOK_LIMIT }), limited, async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!signatureValid(deps.appSecret, raw, req.headers[SIGNATURE_HEADER]))
      throw new HttpError(401, 'invalid_signature', `missing or wrong ${SIGNATURE_HEADER} signature`);
    if (jsonDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new HttpError(400, 'invalid_body', 'body nests too deep');
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_body', 'body is not JSON');
    }
    const body = parseBody(WebhookBody, json);
    const statuses = body.entry.flatMap((e) => e.changes.flatMap((c) => (c.field === 'messages' ? (c.value.statuses ?? []) : [])));
    let recorded = 0;
    for (const s of statuses) {
      if (!(RECEIPTS as readonly string[]).includes(s.status)) continue;
      if (await recordReceipt(deps.db, s as Status & { status: Receipt })) recorded++;
    }
    req.log.info({ statuses: statuses.length, recorded }, 'whatsapp receipts');
    res.json({ received: statuses.length, recorded });
  });
  return r;
}
