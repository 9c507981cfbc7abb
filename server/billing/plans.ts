// Plans and the limits they put on a clinic. Devices are checked where they
// are enrolled and doctors in dq_push (migrations/0005_saas.sql), both under
// the clinic's row lock so two additions at once cannot both pass; visits
// are shown against the plan, never refused.
import type { Queryable } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { PLAN_LIMIT_CODE, type Plan } from '../../shared/saas.ts';

const PLAN_COLUMNS = `p.id, p.name, p.monthly_price_millimes AS "monthlyPriceMillimes", p.max_devices AS "maxDevices",
  p.max_doctors AS "maxDoctors", p.max_monthly_visits AS "maxMonthlyVisits", p.sms_per_month AS "smsPerMonth"`;

export function listPlans(db: Queryable): Promise<Plan[]> {
  return db.query<Plan>(`SELECT ${PLAN_COLUMNS} FROM plans p ORDER BY p.sort, p.id`);
}

export async function planOf(db: Queryable, clinicId: string): Promise<Plan> {
  const [plan] = await db.query<Plan>(`SELECT ${PLAN_COLUMNS} FROM plans p JOIN clinics c ON c.plan_id = p.id WHERE c.id = $1`, [clinicId]);
  if (!plan) throw new HttpError(404, 'not_found', 'no such clinic');
  return plan;
}

const limitError = (plan: Plan, what: string, max: number) =>
  new HttpError(403, PLAN_LIMIT_CODE, `the ${plan.name} plan allows ${max} ${what}: revoke one or change plan`);

/** Call inside the transaction that adds the device, after locking the clinic row. */
export async function assertDeviceAllowed(tx: Queryable, clinicId: string): Promise<void> {
  const plan = await planOf(tx, clinicId);
  const [{ n }] = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM devices WHERE clinic_id = $1 AND revoked_at IS NULL', [
    clinicId,
  ])) as [{ n: number }];
  if (n >= plan.maxDevices) throw limitError(plan, plan.maxDevices === 1 ? 'device' : 'devices', plan.maxDevices);
}

/** Whether the clinic has SMS left this month (counted from the outbox: what was enqueued and not failed). */
export async function smsAllowanceLeft(db: Queryable, clinicId: string): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>(
    `SELECT (SELECT count(*) FROM outbox o WHERE o.clinic_id = c.id AND o.channel = 'sms' AND o.status <> 'failed'
               AND o.created_at >= date_trunc('month', now() AT TIME ZONE c.time_zone) AT TIME ZONE c.time_zone) < p.sms_per_month AS ok
       FROM clinics c JOIN plans p ON p.id = c.plan_id WHERE c.id = $1`,
    [clinicId],
  );
  return row?.ok ?? false;
}
