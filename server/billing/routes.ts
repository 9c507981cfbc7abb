// Payment-provider webhooks. Mounted before the JSON body parser: the
// signature covers the raw bytes.
import express, { Router } from 'express';
import type { Database } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import type { PaymentProvider } from './provider.ts';
import { applyBillingEvent } from './subscription.ts';

export const BILLING_BASE = '/api/billing';
const WEBHOOK_LIMIT = '64kb';

export function billingRoutes(deps: { db: Database; providers: readonly PaymentProvider[] }): Router {
  const r = Router();
  const byName = new Map(deps.providers.map((p) => [p.name, p]));
  r.post('/webhook/:provider', express.raw({ type: () => true, limit: WEBHOOK_LIMIT }), async (req, res) => {
    const provider = byName.get(String(req.params.provider));
    if (!provider) throw new HttpError(404, 'not_found', 'no such payment provider');
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const v = provider.verify(body, req.headers);
    if (!v.ok) throw new HttpError(400, v.code, v.message);
    const { duplicate } = await applyBillingEvent(deps.db, provider.name, v.event);
    req.log.info({ provider: provider.name, event: v.event.id, type: v.event.type, duplicate }, 'billing event');
    res.json({ received: true, duplicate });
  });
  return r;
}
