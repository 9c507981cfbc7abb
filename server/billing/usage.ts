// Usage per clinic, computed from the data itself (documents, devices, the
// outbox, the audit log) by a periodic job, never counted in the request
// path: a push costs the same whatever is metered.
import type { Database, Queryable } from '../db/database.ts';
import type { Usage } from '../../shared/saas.ts';

/** Clinics whose documents and devices did not change are computed again after this long (messages, sign-ins, a new month). */
const REFRESH_UNCHANGED_SECONDS = 900;
/** Bounds one run (about a second on 2 cores, bench --only=saas); the stalest clinics go first, the rest wait for the next run. */
const CLINICS_PER_RUN = 1000;
const METERING_LOCK_KEY = 7_263_005;

const COMPUTE = `
WITH stale AS (
  SELECT c.id, c.seq, c.time_zone, date_trunc('month', now() AT TIME ZONE c.time_zone) AS month_start
    FROM clinics c LEFT JOIN clinic_usage u ON u.clinic_id = c.id
   WHERE ($1::uuid IS NULL OR c.id = $1)
     AND (u.clinic_id IS NULL OR u.seq <> c.seq OR u.computed_at < now() - make_interval(secs => $2)
          -- A device enrolled or revoked changes no document.
          OR EXISTS (SELECT 1 FROM devices v WHERE v.clinic_id = c.id AND greatest(v.created_at, v.revoked_at) > u.computed_at))
   ORDER BY u.computed_at NULLS FIRST
   LIMIT $3
)
INSERT INTO clinic_usage (clinic_id, month, visits, active_devices, doctors, sms, pushes, storage_bytes, last_sync_at, last_activity_at, seq, computed_at)
SELECT s.id, to_char(s.month_start, 'YYYY-MM'),
  (SELECT count(*) FROM docs d WHERE d.clinic_id = s.id AND d.collection = 'entries'
      AND d.data ->> 'day' >= to_char(s.month_start, 'YYYY-MM-DD')
      AND d.data ->> 'day' < to_char(s.month_start + interval '1 month', 'YYYY-MM-DD')
      AND NOT (d.data ->> '_deleted')::boolean),
  (SELECT count(*) FROM devices v WHERE v.clinic_id = s.id AND v.revoked_at IS NULL),
  (SELECT count(*) FROM docs d WHERE d.clinic_id = s.id AND d.collection = 'doctors'
      AND (d.data ->> 'active')::boolean AND NOT (d.data ->> '_deleted')::boolean),
  (SELECT count(*) FROM outbox o WHERE o.clinic_id = s.id AND o.channel = 'sms' AND o.status = 'sent'
      AND o.sent_at >= s.month_start AT TIME ZONE s.time_zone),
  (SELECT count(*) FROM outbox o WHERE o.clinic_id = s.id AND o.channel = 'push' AND o.status = 'sent'
      AND o.sent_at >= s.month_start AT TIME ZONE s.time_zone),
  (SELECT coalesce(sum(pg_column_size(d.data)), 0) FROM docs d WHERE d.clinic_id = s.id),
  (SELECT max(v.last_seen_at) FROM devices v WHERE v.clinic_id = s.id),
  -- The clinic's own activity: an operator looking at it is not.
  (SELECT max(a.at) FROM audit_log a WHERE a.clinic_id = s.id AND a.actor_operator IS NULL),
  s.seq, now()
FROM stale s
ON CONFLICT (clinic_id) DO UPDATE SET
  month = EXCLUDED.month, visits = EXCLUDED.visits, active_devices = EXCLUDED.active_devices, doctors = EXCLUDED.doctors,
  sms = EXCLUDED.sms, pushes = EXCLUDED.pushes, storage_bytes = EXCLUDED.storage_bytes, last_sync_at = EXCLUDED.last_sync_at,
  last_activity_at = EXCLUDED.last_activity_at, seq = EXCLUDED.seq, computed_at = EXCLUDED.computed_at
RETURNING clinic_id`;

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
    return (await tx.query(COMPUTE, [clinicId, REFRESH_UNCHANGED_SECONDS, CLINICS_PER_RUN])).length;
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
