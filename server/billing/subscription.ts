// Each clinic's subscription: status with its dates, plan, payments. Every
// change here is written to the clinic's audit log in the same transaction.
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import type { BillingEvent, ClinicStatus, Payment, Subscription } from '../../shared/saas.ts';
import { planOf } from './plans.ts';
import { readUsage } from './usage.ts';
import { eachClinic, type ClinicRun } from '../clinic-run.ts';

/** Every instance hears a clinic's new status (clinicId:status) and tells that clinic's tablets at once. */
export const CLINIC_STATUS_CHANNEL = 'dq_clinic_status';

/** Who changed a subscription: an operator, a payment provider, or the billing job. */
export type BillingActor = { operatorId: string } | { provider: string } | 'system';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function readSubscription(db: Queryable, clinicId: string): Promise<Subscription> {
  const [c] = await db.query<{ status: ClinicStatus; status_since: Date; trial_ends_at: Date | null; paid_until: Date | null }>(
    'SELECT status, status_since, trial_ends_at, paid_until FROM clinics WHERE id = $1',
    [clinicId],
  );
  if (!c) throw new HttpError(404, 'not_found', 'no such clinic');
  return {
    status: c.status,
    statusSince: iso(c.status_since)!,
    trialEndsAt: iso(c.trial_ends_at),
    paidUntil: iso(c.paid_until),
    plan: await planOf(db, clinicId),
    usage: await readUsage(db, clinicId),
  };
}

async function billingAudit(
  tx: Queryable,
  clinicId: string,
  actor: BillingActor,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  const operator = typeof actor === 'object' && 'operatorId' in actor ? actor.operatorId : null;
  const by = actor === 'system' ? { by: 'system' } : 'provider' in actor ? { by: 'provider', provider: actor.provider } : {};
  await tx.query('INSERT INTO audit_log (clinic_id, actor_operator, action, target, details) VALUES ($1, $2, $3, $4, $5)', [
    clinicId,
    operator,
    action,
    clinicId,
    JSON.stringify({ ...details, ...by }),
  ]);
}

/** Delivered at commit, to every instance. */
async function announceStatus(tx: Queryable, clinicId: string, status: ClinicStatus): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [CLINIC_STATUS_CHANNEL, `${clinicId}:${status}`]);
}

/** Locks the clinic row: subscription changes and pushes of that clinic are serialised. */
async function lockClinic(tx: Queryable, clinicId: string) {
  const [c] = await tx.query<{ status: ClinicStatus; plan_id: string }>('SELECT status, plan_id FROM clinics WHERE id = $1 FOR UPDATE', [
    clinicId,
  ]);
  if (!c) throw new HttpError(404, 'not_found', 'no such clinic');
  return c;
}

export async function setStatus(
  tx: Queryable,
  clinicId: string,
  status: ClinicStatus,
  actor: BillingActor,
  note?: string,
): Promise<boolean> {
  const cur = await lockClinic(tx, clinicId);
  if (cur.status === status) return false;
  await tx.query('UPDATE clinics SET status = $2, status_since = now() WHERE id = $1', [clinicId, status]);
  await announceStatus(tx, clinicId, status);
  await billingAudit(tx, clinicId, actor, 'subscription.status', { status: [cur.status, status], ...(note ? { note } : {}) });
  return true;
}

export async function setPlan(tx: Queryable, clinicId: string, planId: string, actor: BillingActor, note?: string): Promise<boolean> {
  const cur = await lockClinic(tx, clinicId);
  if (cur.plan_id === planId) return false;
  const [plan] = await tx.query('SELECT 1 FROM plans WHERE id = $1', [planId]);
  if (!plan) throw new HttpError(400, 'unknown_plan', `no plan "${planId}"`);
  await tx.query('UPDATE clinics SET plan_id = $2 WHERE id = $1', [clinicId, planId]);
  await billingAudit(tx, clinicId, actor, 'subscription.plan', { plan: [cur.plan_id, planId], ...(note ? { note } : {}) });
  return true;
}

export interface NewPayment {
  amountMillimes: number;
  months: number;
  reference: string;
  method: Payment['method'];
  provider: string | null;
}

/**
 * Records a payment and extends the paid period by its months, from the end of
 * the period already paid (or from now); the clinic becomes active.
 */
export async function recordPayment(tx: Queryable, clinicId: string, p: NewPayment, actor: BillingActor): Promise<Payment> {
  const cur = await lockClinic(tx, clinicId);
  const id = randomUUID();
  const [row] = await tx.query<{ paid_at: Date }>(
    `INSERT INTO payments (clinic_id, id, amount_millimes, months, method, provider, reference, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING paid_at`,
    [
      clinicId,
      id,
      p.amountMillimes,
      p.months,
      p.method,
      p.provider,
      p.reference,
      typeof actor === 'object' && 'operatorId' in actor ? actor.operatorId : null,
    ],
  );
  if (!row) throw new HttpError(409, 'duplicate_reference', 'a payment with this reference is already recorded');
  await tx.query(
    `UPDATE clinics SET paid_until = greatest(coalesce(paid_until, now()), now()) + make_interval(months => $2),
            status = 'active', status_since = CASE WHEN status = 'active' THEN status_since ELSE now() END
      WHERE id = $1`,
    [clinicId, p.months],
  );
  if (cur.status !== 'active') await announceStatus(tx, clinicId, 'active');
  await billingAudit(tx, clinicId, actor, 'subscription.payment', {
    amountMillimes: p.amountMillimes,
    months: p.months,
    method: p.method,
    ...(cur.status !== 'active' ? { status: [cur.status, 'active'] } : {}),
  });
  return {
    id,
    amountMillimes: p.amountMillimes,
    months: p.months,
    method: p.method,
    provider: p.provider,
    reference: p.reference,
    paidAt: iso(row.paid_at)!,
  };
}

export function listPayments(db: Queryable, clinicId: string): Promise<Payment[]> {
  return db.query<Payment>(
    `SELECT id, amount_millimes AS "amountMillimes", months, method, provider, reference, to_json(paid_at) #>> '{}' AS "paidAt"
       FROM payments WHERE clinic_id = $1 ORDER BY paid_at DESC`,
    [clinicId],
  );
}

/**
 * Applies a verified provider event once: its id is recorded in the same
 * transaction as its effect, so a replay finds the row and changes nothing.
 */
export async function applyBillingEvent(db: Database, provider: string, e: BillingEvent): Promise<{ duplicate: boolean }> {
  return db.transaction(async (tx) => {
    const [clinic] = await tx.query('SELECT 1 FROM clinics WHERE id = $1', [e.clinicId]);
    if (!clinic) throw new HttpError(400, 'invalid_event', 'the event names no known clinic');
    const fresh = await tx.query(
      'INSERT INTO billing_events (provider, event_id, type, clinic_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1',
      [provider, e.id, e.type, e.clinicId],
    );
    if (fresh.length === 0) return { duplicate: true };
    if (e.type === 'payment.succeeded') {
      await recordPayment(
        tx,
        e.clinicId,
        { amountMillimes: e.amountMillimes, months: e.months, reference: e.reference, method: 'provider', provider },
        { provider },
      );
    } else {
      const cur = await lockClinic(tx, e.clinicId);
      // A failed charge never lifts a suspension nor ends a trial early.
      if (cur.status === 'active') await setStatus(tx, e.clinicId, 'past_due', { provider }, `payment ${e.reference} failed`);
    }
    return { duplicate: false };
  });
}

/** Ended trials and paid periods become past due (suspension is an operator's decision); `done` counts them. */
export async function expireSubscriptions(db: Database): Promise<ClinicRun> {
  // A closed clinic has no subscription left to end.
  const ended = `closed_at IS NULL AND ((status = 'trial' AND trial_ends_at < now()) OR (status = 'active' AND paid_until < now()))`;
  const due = await db.query<{ id: string }>(`SELECT id FROM clinics WHERE ${ended}`);
  return eachClinic(
    due.map((c) => c.id),
    (id) =>
      db.transaction(async (tx) => {
        // Checked again under the lock: a payment may have landed meanwhile.
        const [still] = await tx.query(`SELECT 1 FROM clinics WHERE id = $1 AND (${ended}) FOR UPDATE`, [id]);
        return still && (await setStatus(tx, id, 'past_due', 'system', 'period ended')) ? 1 : 0;
      }),
  );
}
