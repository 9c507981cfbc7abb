// Reads behind the online booking page's abuse bounds (server/public/booking.ts):
// how many bookings a phone holds, how many the page took lately. Both go
// through the docs_appointments_day index: bookings are never in the past.
import type { Queryable } from '../db/database.ts';

/** Live bookings (status booked) from `fromDay` on whose phone is `phone` once reduced to digits and `+`. */
export async function liveBookingsOfPhone(db: Queryable, clinicId: string, phone: string, fromDay: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM docs
      WHERE clinic_id = $1 AND collection = 'appointments' AND data ->> 'day' >= $2
        AND data ->> 'status' = 'booked' AND NOT (data ->> '_deleted')::boolean
        AND regexp_replace(data ->> 'phone', '[^0-9+]', '', 'g') = $3`,
    [clinicId, fromDay, phone],
  );
  return row?.n ?? 0;
}

/** Bookings the public page made since `since` (epoch ms), whatever became of them, for days from `fromDay` on. */
export async function onlineBookingsSince(db: Queryable, clinicId: string, fromDay: string, since: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM docs
      WHERE clinic_id = $1 AND collection = 'appointments' AND data ->> 'day' >= $2
        AND data ->> 'source' = 'online' AND (data ->> 'bookedAt')::bigint >= $3`,
    [clinicId, fromDay, since],
  );
  return row?.n ?? 0;
}
