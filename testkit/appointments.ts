// Appointment documents for tests and the bench, made by the same shared code the desk uses.
import { randomBytes } from 'node:crypto';
import { bookAppointment, type BookingInput } from '../shared/bookings.ts';
import { uuidv7 } from '../shared/ids.ts';
import type { Appointment } from '../shared/schemas.ts';

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
