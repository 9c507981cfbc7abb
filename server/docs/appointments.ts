// Reads of appointment documents that are not the replication pull: the free
// slots of the booking page and the bench read a range of days through the
// docs_appointments_day index (migrations/0020_schema_3.sql).
import type { Queryable } from '../db/database.ts';
import type { Appointment } from '../../shared/schemas.ts';

/**
 * The clinic's bookings of days `fromDay` to `toDay` inclusive, whatever
 * their status (freeSlots keeps those that hold their slot), deleted ones left
 * out, in start order.
 */
export async function bookingsBetween(db: Queryable, clinicId: string, fromDay: string, toDay: string): Promise<Appointment[]> {
  const rows = await db.query<{ data: Appointment }>(
    `SELECT data - '_deleted' AS data FROM docs
      WHERE clinic_id = $1 AND collection = 'appointments' AND data ->> 'day' BETWEEN $2 AND $3
        AND NOT coalesce((data ->> '_deleted')::boolean, false)
      ORDER BY (data ->> 'start')::bigint, id`,
    [clinicId, fromDay, toDay],
  );
  return rows.map((r) => r.data);
}
