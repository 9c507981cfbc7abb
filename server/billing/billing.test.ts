// Payments through the provider webhook (driven by a local fake provider that
// signs events), manual payments, subscription expiry and usage metering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, pushDocs, startTestServer } from '../../testkit/harness.ts';
import { FakePaymentProvider } from '../../testkit/fake-payments.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { expireSubscriptions } from './subscription.ts';
import { meterUsage, readUsage } from './usage.ts';
import { clinicDay } from '../../shared/tickets.ts';
import type { RunningServer } from '../main.ts';

const SECRET = 'a-webhook-secret-of-at-least-32-characters';
let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let provider: FakePaymentProvider;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { PAYMENT_WEBHOOK_SECRET: SECRET });
  provider = new FakePaymentProvider(server.url, SECRET);
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

async function pastDueClinic() {
  const clinic = await createClinic(db);
  await db.query(`UPDATE clinics SET status = 'past_due' WHERE id = $1`, [clinic.id]);
  return clinic;
}
const state = async (clinicId: string) =>
  (
    await db.query<{ status: string; paid_until: Date | null; payments: number; events: number }>(
      `SELECT status, paid_until, (SELECT count(*)::int FROM payments WHERE clinic_id = c.id) AS payments,
          (SELECT count(*)::int FROM billing_events WHERE clinic_id = c.id) AS events FROM clinics c WHERE id = $1`,
      [clinicId],
    )
  )[0]!;

describe('payment webhook', () => {
  it('when a signed payment arrives, then it is recorded once, the clinic is active and paid a month ahead; a replay changes nothing', async () => {
    const clinic = await pastDueClinic();
    const delivery = provider.sign(provider.paymentSucceeded(clinic.id, { months: 1, amountMillimes: 50_000 }));
    const first = await provider.deliver(delivery);
    expect(first).toEqual({ status: 200, body: { received: true, duplicate: false } });
    const after = await state(clinic.id);
    expect(after).toMatchObject({ status: 'active', payments: 1, events: 1 });
    const ahead = (after.paid_until!.getTime() - Date.now()) / 86_400_000;
    expect(ahead).toBeGreaterThan(27);
    expect(ahead).toBeLessThan(32);
    expect(await provider.deliver(delivery)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(await state(clinic.id)).toEqual(after);
  });

  it('when the same event is re-delivered with a fresh signature, then it still has no second effect', async () => {
    const clinic = await pastDueClinic();
    const event = provider.paymentSucceeded(clinic.id, { months: 3 });
    await provider.deliver(provider.sign(event));
    const once = await state(clinic.id);
    const again = await provider.deliver(provider.sign(event, { atSeconds: Math.floor(Date.now() / 1000) + 5 }));
    expect(again.body.duplicate).toBe(true);
    expect(await state(clinic.id)).toEqual(once);
  });

  it('when the signature is wrong, stale, missing or the body was altered, then 400 and nothing is recorded', async () => {
    const clinic = await pastDueClinic();
    const event = provider.paymentSucceeded(clinic.id);
    const good = provider.sign(event);
    const cases = [
      provider.sign(event, { secret: 'an-impostor-secret-of-at-least-32-chars' }),
      provider.sign(event, { atSeconds: Math.floor(Date.now() / 1000) - 301 }),
      { body: good.body.replace('50000', '90000'), signature: good.signature },
      { body: good.body, signature: 'v1=deadbeef' },
    ];
    for (const d of cases) {
      const r = await provider.deliver(d);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_signature');
    }
    expect(await state(clinic.id)).toMatchObject({ status: 'past_due', payments: 0, events: 0 });
  });

  it('when a signed body is not a billing event, or the provider is unknown, then it is refused', async () => {
    const clinic = await pastDueClinic();
    expect((await provider.deliver(provider.sign({ id: 'x', type: 'refund.created', clinicId: clinic.id }))).body.error.code).toBe(
      'invalid_event',
    );
    expect((await provider.deliver(provider.sign(provider.paymentSucceeded(clinic.id)), 'stripe')).status).toBe(404);
    expect((await state(clinic.id)).events).toBe(0);
  });

  it('when a charge fails, then an active clinic becomes past due and a suspended one stays suspended', async () => {
    const active = await createClinic(db);
    await provider.deliver(provider.sign(provider.paymentFailed(active.id)));
    expect((await state(active.id)).status).toBe('past_due');
    const suspended = await createClinic(db);
    await db.query(`UPDATE clinics SET status = 'suspended' WHERE id = $1`, [suspended.id]);
    await provider.deliver(provider.sign(provider.paymentFailed(suspended.id)));
    expect((await state(suspended.id)).status).toBe('suspended');
    const [audit] = await db.query<{ details: { status: string[]; by: string } }>(
      `SELECT details FROM audit_log WHERE clinic_id = $1 AND action = 'subscription.status'`,
      [active.id],
    );
    expect(audit!.details).toMatchObject({ status: ['active', 'past_due'], by: 'provider' });
  });

  it('when no webhook secret is configured, then there is no provider to call', async () => {
    const bare = await startTestServer(db);
    try {
      const r = await new FakePaymentProvider(bare.url, SECRET).deliver(
        provider.sign(provider.paymentSucceeded((await createClinic(db)).id)),
      );
      expect(r.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('subscription periods', () => {
  it('when a trial or a paid period ends, then the clinic becomes past due, with an audit entry; a paid one is left alone', async () => {
    const [trial, lapsed, paid] = await Promise.all([createClinic(db), createClinic(db), createClinic(db)]);
    await db.query(`UPDATE clinics SET status = 'trial', trial_ends_at = now() - interval '1 minute' WHERE id = $1`, [trial.id]);
    await db.query(`UPDATE clinics SET status = 'active', paid_until = now() - interval '1 minute' WHERE id = $1`, [lapsed.id]);
    await db.query(`UPDATE clinics SET status = 'active', paid_until = now() + interval '1 day' WHERE id = $1`, [paid.id]);
    await expireSubscriptions(db);
    expect((await state(trial.id)).status).toBe('past_due');
    expect((await state(lapsed.id)).status).toBe('past_due');
    expect((await state(paid.id)).status).toBe('active');
    expect(await db.query(`SELECT 1 FROM audit_log WHERE clinic_id = $1 AND action = 'subscription.status'`, [trial.id])).toHaveLength(1);
  });
});

describe('usage metering', () => {
  it("when a clinic has visits this month and before, devices, sent messages and deleted entries, then usage counts this month's figures from the data", async () => {
    const clinic = await createClinic(db);
    const now = Date.now();
    const today = clinicDay(now, 'Africa/Tunis');
    const lastMonth = clinicDay(now - 40 * 86_400_000, 'Africa/Tunis');
    const entries = [
      { ...walkIn([], clinic.id, 'A'), day: today },
      { ...walkIn([], clinic.id, 'B'), day: today },
      { ...walkIn([], clinic.id, 'C'), day: lastMonth },
    ];
    await pushDocs(db, clinic.id, 'entries', [
      ...entries.map((e) => ({ newDocumentState: wire(e) })),
      { newDocumentState: { ...wire({ ...walkIn([], clinic.id, 'D'), day: today }), _deleted: true } },
    ]);
    await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    for (const [i, channel] of ['push', 'push', 'sms'].entries()) {
      await db.query(
        `INSERT INTO outbox (clinic_id, id, entry_id, kind, channel, target, body, status, sent_at) VALUES ($1, gen_random_uuid(), $2, 'next', $3, '{}', 'x', 'sent', now())`,
        [clinic.id, `e${i}`, channel],
      );
    }
    await meterUsage(db, clinic.id);
    const usage = await readUsage(db, clinic.id);
    expect(usage).toMatchObject({ month: today.slice(0, 7), visits: 2, activeDevices: 1, doctors: 2, pushes: 2, sms: 1 });
    expect(usage!.storageBytes).toBeGreaterThan(500);
    expect(usage!.lastSyncAt).not.toBeNull();
    expect(usage!.lastActivityAt).not.toBeNull();
    // Unchanged data: the next run skips the clinic.
    expect((await meterUsage(db, clinic.id)).done).toBe(0);
    await pushDocs(db, clinic.id, 'entries', [{ newDocumentState: wire({ ...walkIn([], clinic.id, 'E'), day: today }) }]);
    expect((await meterUsage(db, clinic.id)).done).toBe(1);
    expect((await readUsage(db, clinic.id))!.visits).toBe(3);
  });

  it('when the owner asks, then the subscription shows the plan and the metered usage', async () => {
    const clinic = await createClinic(db);
    await meterUsage(db, clinic.id);
    const owner = await login(server.url, clinic.emails.owner);
    const r = await api(server.url, `/api/owner/clinics/${clinic.id}/subscription`, { token: owner.accessToken });
    expect(r.body).toMatchObject({
      status: 'active',
      plan: { id: 'essential', monthlyPriceMillimes: 50_000 },
      usage: { visits: 0, doctors: 2 },
    });
  });
});
