// Booking, moving and cancelling appointments, and the rule that settles two
// bookings of one slot made on two offline tablets. Each function returns the
// documents to write, so the desk (offline) and the public route write the same.
import { z } from 'zod';
import { Correction } from './corrections.ts';
import type { Slot } from './slots.ts';
import {
  type Appointment,
  type AppointmentSource,
  type AppointmentStatus,
  DocId,
  Language,
  type Language as Lang,
  Millis,
  Text,
} from './schemas.ts';
import { clinicDay } from './tickets.ts';

/** The statuses in which a booking keeps its slot from others. */
export const HOLDS_SLOT: readonly AppointmentStatus[] = ['booked', 'arrived'];

const MINUTE = 60_000;

type Timed = Pick<Appointment, 'doctorId' | 'start' | 'minutes'>;

/** Same doctor, and the two times intersect (touching ends do not). */
export function overlaps(a: Timed, b: Timed): boolean {
  return a.doctorId === b.doctorId && a.start < b.start + b.minutes * MINUTE && b.start < a.start + a.minutes * MINUTE;
}

const isLive = (a: Pick<Appointment, 'status'>): boolean => HOLDS_SLOT.includes(a.status);

/**
 * Who keeps a contested slot: a patient already arrived (they are in the
 * queue), then the earlier booking, then the smaller id. A total order on
 * fields every device holds alike, so every device agrees.
 */
function keepsFirst(a: Appointment, b: Appointment): number {
  const arrived = Number(b.status === 'arrived') - Number(a.status === 'arrived');
  return arrived || a.bookedAt - b.bookedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The live booking of the candidate's doctor that overlaps it (the one that
 * keeps its slot when several do), ignoring the candidate itself; null: free.
 */
export function clash(appointments: readonly Appointment[], candidate: Timed & { id?: string }): Appointment | null {
  const hits = appointments.filter((a) => a.id !== candidate.id && isLive(a) && overlaps(a, candidate)).sort(keepsFirst);
  return hits[0] ?? null;
}

/**
 * The live bookings that lost their slot to one that keeps it: the double
 * booking two offline tablets made, flagged for the receptionist to move.
 * Each booking, in keeping order, keeps its slot unless it overlaps one that
 * already kept its own, so the answer does not depend on the order the
 * documents arrived in.
 */
export function displaced(appointments: readonly Appointment[]): Set<string> {
  const kept: Appointment[] = [];
  const lost = new Set<string>();
  for (const a of appointments.filter(isLive).sort(keepsFirst)) {
    if (kept.some((k) => overlaps(k, a))) lost.add(a.id);
    else kept.push(a);
  }
  return lost;
}

export interface BookingInput {
  id: string;
  clinicId: string;
  doctorId: string;
  start: number;
  minutes: number;
  /** The clinic's zone: the booking's day is the clinic day of its start. */
  timeZone: string;
  name: string;
  phone: string | null;
  language: Lang | null;
  whatsapp: boolean;
  source: AppointmentSource;
}

export function bookAppointment(input: BookingInput, now: number): Appointment {
  return {
    id: input.id,
    clinicId: input.clinicId,
    doctorId: input.doctorId,
    day: clinicDay(input.start, input.timeZone),
    start: input.start,
    minutes: input.minutes,
    name: input.name.trim(),
    phone: input.phone,
    language: input.language,
    // Consent to WhatsApp means nothing without a number to write to.
    whatsapp: input.whatsapp && input.phone !== null,
    source: input.source,
    status: 'booked',
    entryId: null,
    movedTo: null,
    bookedAt: now,
    updatedAt: now,
  };
}

/** Only a booking still waiting for its patient can be moved or cancelled. */
export const canChange = (a: Pick<Appointment, 'status'>): boolean => a.status === 'booked';

/**
 * A move is two writes: the old booking marked `rescheduled` and pointing at
 * the new one (so a confirmation link to the old one finds where it went), and
 * a new booking of the same patient, booked now, so on a clash it yields to
 * bookings made before the move. Call it only when canChange(a).
 */
export function moveAppointment(
  a: Appointment,
  to: Pick<Slot, 'doctorId' | 'start' | 'minutes'>,
  newId: string,
  timeZone: string,
  now: number,
): [Appointment, Appointment] {
  if (!canChange(a)) throw new RangeError(`cannot move an appointment that is ${a.status}`);
  const moved: Appointment = { ...a, status: 'rescheduled', movedTo: newId, updatedAt: now };
  const next = bookAppointment({ ...a, ...to, id: newId, timeZone }, now);
  return [moved, next];
}

/** The cancelled booking; null when it is no longer booked (arrived, or already ended). */
export function cancelAppointment(a: Appointment, now: number): Appointment | null {
  return canChange(a) ? { ...a, status: 'cancelled', updatedAt: now } : null;
}

/** What the desk's booking form and the public booking page send; the slot's length comes from the doctor. */
export const BookingForm = z.object({
  name: Text(120, { min: 1 }),
  phone: Correction.shape.phone,
  doctorId: DocId,
  start: Millis,
  language: Language.nullable(),
  whatsapp: z.boolean(),
});
export type BookingForm = z.infer<typeof BookingForm>;
