// Plans and the limits they put on a clinic. Devices are checked where they
// are enrolled and doctors in dq_push (dq_check_doctor_limit, migrations/functions/), both under
// the clinic's row lock so two additions at once cannot both pass; visits
// are shown against the plan, never refused.
import type { Queryable } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { PLAN_LIMIT_CODE, SUSPENDED_CODE, type Plan } from '../../shared/saas.ts';
import { ACCOUNT_CLOSED_CODE } from '../../shared/errors.ts';
import { UNSEEN_DEVICE_DAYS } from '../../shared/auth.ts';

const PLAN_COLUMNS = `p.id, p.name, p.monthly_price_millimes AS "monthlyPriceMillimes", p.max_devices AS "maxDevices",
  p.max_doctors AS "maxDoctors", p.max_monthly_visits AS "maxMonthlyVisits", p.sms_per_month AS "smsPerMonth",
  p.max_storage_bytes::float8 AS "maxStorageBytes"`;

export function listPlans(db: Queryable): Promise<Plan[]> {
  return db.query<Plan>(`SELECT ${PLAN_COLUMNS} FROM plans p ORDER BY p.sort, p.id`);
}

export async function planOf(db: Queryable, clinicId: string): Promise<Plan> {
  const [plan] = await db.query<Plan>(`SELECT ${PLAN_COLUMNS} FROM plans p JOIN clinics c ON c.plan_id = p.id WHERE c.id = $1`, [clinicId]);
  if (!plan) throw new HttpError(404, 'not_found', 'no such clinic');
  return plan;
}

/** A suspended clinic keeps reading; its new changes wait on the devices until it is reactivated. */
export const suspendedError = () =>
  new HttpError(
    403,
    SUSPENDED_CODE,
    "this clinic's subscription is suspended: changes stay on this device and sync once it is reactivated",
  );

/** Its owner closed the clinic (server/owner/closing.ts): nothing of it is written again, nor signed in to. */
export const closedError = () =>
  new HttpError(403, ACCOUNT_CLOSED_CODE, 'this clinic was closed by its owner: its data is being deleted and nothing can be changed');

/** The one definition of "suspended" for TypeScript; dq_refuse_if_suspended is SQL's (migrations/functions/). */
export const isSuspended = (status: string | null | undefined): boolean => status === 'suspended';

/**
 * Refuses a write of a suspended clinic from inside the write's transaction,
 * holding the clinic row (as a status change does: setStatus locks it FOR
 * UPDATE) until the write commits: a suspension either commits first and is
 * seen here, or waits for this write. A status read before the transaction
 * could let a write slip in beside a suspension. dq_push does the same in SQL.
 * A closed clinic's writes are refused the same way (the close locks the row too).
 */
export async function lockWritableClinic(tx: Queryable, clinicId: string): Promise<void> {
  const [clinic] = await tx.query<{ status: string; closed: boolean }>(
    'SELECT status, closed_at IS NOT NULL AS closed FROM clinics WHERE id = $1 FOR UPDATE',
    [clinicId],
  );
  if (!clinic) throw new HttpError(404, 'not_found', 'no such clinic');
  if (clinic.closed) throw closedError();
  if (isSuspended(clinic.status)) throw suspendedError();
}

/**
 * Whether a device may be added: locks the clinic row (two enrolments at once
 * cannot both pass), refuses a suspended clinic, then the plan's device limit.
 * Call inside the transaction that adds the device.
 */
export async function assertDeviceAllowed(tx: Queryable, clinicId: string): Promise<void> {
  await lockWritableClinic(tx, clinicId);
  const plan = await planOf(tx, clinicId);
  const [{ n }] = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM devices WHERE clinic_id = $1 AND revoked_at IS NULL', [
    clinicId,
  ])) as [{ n: number }];
  if (n >= plan.maxDevices)
    throw new HttpError(
      403,
      PLAN_LIMIT_CODE,
      `the ${plan.name} plan allows ${plan.maxDevices} ${plan.maxDevices === 1 ? 'device' : 'devices'}, all in use: ` +
        `the owner can revoke a device no longer used (owner area, Administration, Devices: each device shows when it was last seen, ` +
        `and devices unseen for ${UNSEEN_DEVICE_DAYS} days can be revoked at once), or change plan`,
    );
}

/**
 * Whether the clinic has SMS left this month (counted from the outbox: what
 * was enqueued and not failed). The month is the clinic's, in `timeZone` (its
 * usable zone: usableTimeZone), not the stored column, which could be unknown.
 */
export async function smsAllowanceLeft(db: Queryable, clinicId: string, timeZone: string): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>(
    `SELECT (SELECT count(*) FROM outbox o WHERE o.clinic_id = c.id AND o.channel = 'sms' AND o.status <> 'failed'
               AND o.created_at >= date_trunc('month', now() AT TIME ZONE $2) AT TIME ZONE $2) < p.sms_per_month AS ok
       FROM clinics c JOIN plans p ON p.id = c.plan_id WHERE c.id = $1`,
    [clinicId, timeZone],
  );
  return row?.ok ?? false;
}
