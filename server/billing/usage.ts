// Usage per clinic, computed from the data itself (documents, devices, the
// outbox, the audit log) by a periodic job, never counted in the request
// path: a push costs the same whatever is metered.
import type { Database, Queryable } from '../db/database.ts';
import type { Usage } from '../../shared/saas.ts';
import { computeUsage, staleClinics, type UsageQuery } from '../docs/usage.ts';
import type { ClinicRun } from '../clinic-run.ts';

/** Clinics whose documents and devices did not change are computed again after this long (messages, sign-ins, a new month). */
const REFRESH_UNCHANGED_SECONDS = 900;
/** Bounds one run (about a second on 2 cores, bench --only=saas); the stalest clinics go first, the rest wait for the next run. */
const CLINICS_PER_RUN = 1000;
const METERING_LOCK_KEY = 7_263_005;

/**
 * Computes the usage of clinics that changed (or of `clinicId` only); one
 * instance at a time, the others skip. `done` counts the clinics computed.
 */
export async function meterUsage(db: Database, clinicId: string | null = null): Promise<ClinicRun> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [METERING_LOCK_KEY]);
    if (!lock?.ok) return { done: 0, failed: [] };
    // The planner prices the per-clinic subqueries as if every clinic were stale and
    // JIT-compiles the statement: half a second even when no clinic is (bench --only=saas).
    await tx.query('SET LOCAL jit = off');
    const q: UsageQuery = {
      clinicIds: clinicId === null ? null : [clinicId],
      refreshUnchangedSeconds: REFRESH_UNCHANGED_SECONDS,
      limit: CLINICS_PER_RUN,
    };
    const whole = await attempt(tx, () => computeUsage(tx, q));
    if (whole.ok) return { done: whole.value, failed: [] };
    // One clinic's data made the statement fail (its time zone, say): halve the
    // batch until each failing clinic is alone, so the others are still computed,
    // in about 2·log2(n) statements per failing clinic rather than n.
    const run: ClinicRun = { done: 0, failed: [] };
    const bisect = async (ids: string[], error: unknown): Promise<void> => {
      if (ids.length === 1) {
        run.failed.push({ clinicId: ids[0]!, error });
        return;
      }
      for (const half of [ids.slice(0, ids.length >> 1), ids.slice(ids.length >> 1)]) {
        const r = await attempt(tx, () => computeUsage(tx, { ...q, clinicIds: half }));
        if (r.ok) run.done += r.value;
        else await bisect(half, r.error);
      }
    };
    const ids = await staleClinics(tx, q);
    if (ids.length === 0) throw whole.error;
    await bisect(ids, whole.error);
    return run;
  });
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `work` inside a savepoint: its failure is rolled back alone and the transaction goes on. */
async function attempt<T>(tx: Queryable, work: () => Promise<T>): Promise<Attempt<T>> {
  await tx.query('SAVEPOINT usage_attempt');
  try {
    const value = await work();
    await tx.query('RELEASE SAVEPOINT usage_attempt');
    return { ok: true, value };
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT usage_attempt');
    return { ok: false, error };
  }
}

/** The Usage of the clinic_usage row aliased `u`, as one JSON value (null when not computed yet). */
export const usageJson = (u: string) => `CASE WHEN ${u}.clinic_id IS NULL THEN NULL ELSE json_build_object(
  'month', ${u}.month, 'visits', ${u}.visits, 'activeDevices', ${u}.active_devices, 'doctors', ${u}.doctors,
  'sms', ${u}.sms, 'pushes', ${u}.pushes, 'storageBytes', ${u}.storage_bytes, 'lastSyncAt', ${u}.last_sync_at,
  'lastActivityAt', ${u}.last_activity_at, 'computedAt', ${u}.computed_at) END`;

export async function readUsage(db: Queryable, clinicId: string): Promise<Usage | null> {
  const [row] = await db.query<{ usage: Usage }>(`SELECT ${usageJson('u')} AS usage FROM clinic_usage u WHERE u.clinic_id = $1`, [
    clinicId,
  ]);
  return row?.usage ?? null;
}
