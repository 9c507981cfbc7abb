// Usage per clinic, computed from the data itself (documents, devices, the
// outbox, the audit log) by a periodic job, never counted in the request
// path: a push costs the same whatever is metered.
import type { Database, Queryable } from '../db/database.ts';
import type { Usage } from '../../shared/saas.ts';
import { computeUsage } from '../docs/usage.ts';

/** Clinics whose documents and devices did not change are computed again after this long (messages, sign-ins, a new month). */
const REFRESH_UNCHANGED_SECONDS = 900;
/** Bounds one run (about a second on 2 cores, bench --only=saas); the stalest clinics go first, the rest wait for the next run. */
const CLINICS_PER_RUN = 1000;
const METERING_LOCK_KEY = 7_263_005;

/**
 * Computes the usage of clinics that changed (or of `clinicId` only); one
 * instance at a time, the others skip. Returns how many clinics were computed.
 */
export async function meterUsage(db: Database, clinicId: string | null = null): Promise<number> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [METERING_LOCK_KEY]);
    if (!lock?.ok) return 0;
    // The planner prices the per-clinic subqueries as if every clinic were stale and
    // JIT-compiles the statement: half a second even when no clinic is (bench --only=saas).
    await tx.query('SET LOCAL jit = off');
    return computeUsage(tx, { clinicId, refreshUnchangedSeconds: REFRESH_UNCHANGED_SECONDS, limit: CLINICS_PER_RUN });
  });
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
