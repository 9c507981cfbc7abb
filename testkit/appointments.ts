// Appointment documents for tests and the bench, made by the same shared code the desk uses.
import { randomBytes } from 'node:crypto';
import { bookAppointment, type BookingInput } from '../shared/bookings.ts';
import { uuidv7 } from '../shared/ids.ts';
import type { Appointment } from '../shared/schemas.ts';
import { clinicDay } from '../shared/tickets.ts';
import { zonedTime } from '../shared/time.ts';

/** A desk booking of `doctorId` at `start`, booked at `now` (default: its start less a day). */
export function booking(
  clinicId: string,
  doctorId: string,
  start: number,
  opts: Partial<Omit<BookingInput, 'clinicId' | 'doctorId' | 'start'>> & { now?: number } = {},
): Appointment {
  const { now = start - 86_400_000, ...over } = opts;
  return bookAppointment(
    {
      id: uuidv7(now, randomBytes(10)),
      clinicId,
      doctorId,
      start,
      minutes: 20,
      timeZone: 'Africa/Tunis',
      name: 'Booked Patient',
      phone: '+216 20 000 000',
      language: null,
      whatsapp: false,
      source: 'desk',
      ...over,
    },
    now,
  );
}

/**
 * A day of bookings as a clinic's diary holds them: `perDoctor` 20-minute
 * bookings for each doctor from 08:00 local time, booked three days ahead (or
 * at `now` when that is later). A day before `now`'s is over, as its close
 * left it: most arrived, every 10th a no-show, every 15th cancelled; later
 * days are booked.
 */
export function dayOfBookings(
  clinicId: string,
  doctorIds: readonly string[],
  day: string,
  perDoctor: number,
  opts: { now: number; timeZone?: string },
): Appointment[] {
  const timeZone = opts.timeZone ?? 'Africa/Tunis';
  const past = day < clinicDay(opts.now, timeZone);
  return doctorIds.flatMap((doctorId) =>
    Array.from({ length: perDoctor }, (_, i) => {
      const start = zonedTime(day, 8, i * 20, timeZone);
      const a = booking(clinicId, doctorId, start, { timeZone, now: Math.min(start - 3 * 86_400_000, opts.now) });
      if (!past) return a;
      const status = i % 10 === 9 ? 'no_show' : i % 15 === 14 ? 'cancelled' : 'arrived';
      return { ...a, status, updatedAt: start + 30 * 60_000 } as Appointment;
    }),
  );
}
