// Reads of appointment documents that are not the replication pull: the free
// slots of the booking page and the bench read a range of days through the
// docs_appointments_day index (migrations/0020_schema_3.sql), the day's close
// the bookings still waiting for their patient (0021_appointments_booked.sql).
import type { Queryable } from '../db/database.ts';
import type { Appointment } from '../../shared/schemas.ts';
import type { WireDoc } from '../../shared/protocol.ts';

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

/** Bookings still `booked` of days up to `throughDay`, deleted ones left out (the day's close makes them no-shows). */
export async function bookedThrough(db: Queryable, clinicId: string, throughDay: string): Promise<WireDoc<Appointment>[]> {
  const rows = await db.query<{ data: WireDoc<Appointment> }>(
    `SELECT data FROM docs
      WHERE clinic_id = $1 AND collection = 'appointments' AND data ->> 'status' = 'booked' AND data ->> 'day' <= $2
        AND NOT coalesce((data ->> '_deleted')::boolean, false)`,
    [clinicId, throughDay],
  );
  return rows.map((r) => r.data);
}
