// The usage statement of the metering job (server/billing/usage.ts): per
// clinic whose data changed, the month's visits, active doctors and storage
// from its documents, with devices and messages, into clinic_usage. One
// statement for up to `limit` clinics.
import type { Queryable } from '../db/database.ts';

/**
 * Clinics (`c`, usage `u`) among $1 (null: all) whose usage is older than their data, or than $2 seconds.
 * Not a closed clinic: its last usage stays as it was at the close, once its documents are purged too.
 */
const STALE = `($1::uuid[] IS NULL OR c.id = ANY($1))
     AND c.closed_at IS NULL
     AND (u.clinic_id IS NULL OR u.seq <> c.seq OR u.computed_at < now() - make_interval(secs => $2)
          -- A device enrolled or revoked changes no document.
          OR EXISTS (SELECT 1 FROM devices v WHERE v.clinic_id = c.id AND greatest(v.created_at, v.revoked_at) > u.computed_at))`;

const COMPUTE = `
WITH stale AS (
  SELECT c.id, c.seq, c.time_zone, date_trunc('month', now() AT TIME ZONE c.time_zone) AS month_start
    FROM clinics c LEFT JOIN clinic_usage u ON u.clinic_id = c.id
   WHERE ${STALE}
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
  dq_active_doctors(s.id),
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

export interface UsageQuery {
  /** null: every clinic. */
  clinicIds: readonly string[] | null;
  refreshUnchangedSeconds: number;
  limit: number;
}

/** Computes and stores the usage of stale clinics (among `clinicIds`); returns how many. */
export async function computeUsage(tx: Queryable, q: UsageQuery): Promise<number> {
  return (await tx.query(COMPUTE, [q.clinicIds, q.refreshUnchangedSeconds, q.limit])).length;
}

/** The clinics `computeUsage` would compute, in its order, without computing anything (no time zone is read). */
export async function staleClinics(tx: Queryable, q: UsageQuery): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `SELECT c.id FROM clinics c LEFT JOIN clinic_usage u ON u.clinic_id = c.id WHERE ${STALE} ORDER BY u.computed_at NULLS FIRST LIMIT $3`,
    [q.clinicIds, q.refreshUnchangedSeconds, q.limit],
  );
  return rows.map((r) => r.id);
}
