// Personal data of finished visits is erased once the clinic's retention
// period has passed; the anonymised visit stays for reports. The erasure is
// an ordinary replicated write, so the tablets' copies are erased too. A
// visit's push subscription (a way to reach the patient's phone) goes with it.
import { ERASED_NAME } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { allSettings, visitsToErase } from '../docs/reads.ts';
import type { Documents } from '../docs/writes.ts';
import type { Queryable } from '../db/database.ts';

const BATCH = 500;
const FINISHED = ['done', 'no_show', 'cancelled'];

/** Erases what is due in every clinic; returns how many visits were erased. */
export async function eraseExpiredVisits(db: Queryable, documents: Documents, now = Date.now()): Promise<number> {
  let erased = 0;
  for (const { clinicId, settings: s } of await allSettings(db)) {
    const cutoff = clinicDay(now - s.retentionDays * 86_400_000, s.timeZone);
    for (;;) {
      const rows = await visitsToErase(db, clinicId, { beforeDay: cutoff, statuses: FINISHED, erasedName: ERASED_NAME, limit: BATCH });
      if (rows.length === 0) break;
      // Compare-and-write: a visit edited meanwhile is left for the next run. The system's
      // duty goes on while the clinic is suspended (personal data must not outlive its period).
      const result = await documents.push(
        clinicId,
        'entries',
        rows.map((data) => ({
          assumedMasterState: data,
          newDocumentState: { ...data, name: ERASED_NAME, phone: null, updatedAt: Math.max(now, data.updatedAt + 1) },
        })),
        { whileSuspended: true },
      );
      erased += result.written;
      if (result.written === 0) break;
    }
    await purgePushSubscriptions(db, clinicId, { beforeDay: cutoff, before: new Date(now - s.retentionDays * 86_400_000) });
  }
  return erased;
}

/**
 * Deletes the push subscriptions whose visit is finished and past the period
 * (as its name and phone are), and those whose visit is gone or never reached
 * the server once the period has passed since their last use. Returns how many.
 */
export async function purgePushSubscriptions(db: Queryable, clinicId: string, due: { beforeDay: string; before: Date }): Promise<number> {
  const rows = await db.query(
    `DELETE FROM push_subscriptions p
      WHERE p.clinic_id = $1
        AND coalesce(
          (SELECT d.data ->> 'day' < $2 AND d.data ->> 'status' = ANY($3)
             FROM docs d
            WHERE d.clinic_id = p.clinic_id AND d.collection = 'entries' AND d.id = p.entry_id
              AND NOT coalesce((d.data ->> '_deleted')::boolean, false)),
          p.updated_at < $4)
      RETURNING 1`,
    [clinicId, due.beforeDay, FINISHED, due.before.toISOString()],
  );
  return rows.length;
}
