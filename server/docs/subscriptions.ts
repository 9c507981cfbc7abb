// Push subscriptions reach a patient's phone: they go when their visit's
// personal data does (owner/retention.ts). Here because it reads the visit.
import type { Queryable } from '../db/database.ts';

/**
 * Deletes the push subscriptions whose visit's day is past the period (as its
 * name and phone are), whatever the visit's status, and those whose visit is gone or never reached
 * the server once the period has passed since their last use. Returns how many.
 */
export async function purgePushSubscriptions(db: Queryable, clinicId: string, due: { beforeDay: string; before: Date }): Promise<number> {
  const rows = await db.query(
    `DELETE FROM push_subscriptions p
      WHERE p.clinic_id = $1
        AND coalesce(
          (SELECT d.data ->> 'day' < $2
             FROM docs d
            WHERE d.clinic_id = p.clinic_id AND d.collection = 'entries' AND d.id = p.entry_id
              AND NOT coalesce((d.data ->> '_deleted')::boolean, false)),
          p.updated_at < $3)
      RETURNING 1`,
    [clinicId, due.beforeDay, due.before.toISOString()],
  );
  return rows.length;
}
