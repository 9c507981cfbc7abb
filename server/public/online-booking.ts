// The writes of the public booking page, each in one transaction under the
// clinic's lock (as self check-in): the slot is checked free, and the abuse
// bounds counted, on what no other writer can change meanwhile. The rules
// themselves are shared/ (bookings.ts, online-booking.ts).
import type { z } from 'zod';
import { bookAppointment, cancelAppointment, clash, moveAppointment, type BookingForm } from '../../shared/bookings.ts';
import { bookableSlot, MAX_LIVE_BOOKINGS_PER_PHONE } from '../../shared/online-booking.ts';
import { bookableDays } from '../../shared/slots.ts';
import { addDays } from '../../shared/day.ts';
import type { Appointment } from '../../shared/schemas.ts';
import { bookingsBetween } from '../docs/appointments.ts';
import { liveBookingsOfPhone, onlineBookingsSince } from '../docs/online-bookings.ts';
import { readClinicSetup, readDoc } from '../docs/reads.ts';
import { SYSTEM, type DocumentTx, type Documents } from '../docs/writes.ts';
import { HttpError } from '../http/errors.ts';
import { isSuspended } from '../billing/plans.ts';
import { audit } from '../owner/audit.ts';
import { normalizePhone } from '../notify/outbox.ts';
import { checkInEntryId } from './checkin.ts';
import type { PublicLimits } from './routes.ts';

export type BookingCaps = Pick<PublicLimits, 'bookingsPerClinicPerDay'>;

type Form = z.infer<typeof BookingForm>;
const DAY_MS = 86_400_000;

/** The clinic locked and its setup read; refused when it takes no online bookings (turned off, or suspended). */
async function openClinic(tx: DocumentTx, clinicId: string) {
  const [clinic] = await tx.query<{ status: string }>('SELECT status FROM clinics WHERE id = $1 FOR UPDATE', [clinicId]);
  const setup = await readClinicSetup(tx, clinicId);
  if (!clinic || !setup.settings) throw new HttpError(404, 'not_found', 'no such clinic');
  if (!setup.settings.booking.online || isSuspended(clinic.status))
    throw new HttpError(403, 'booking_closed', 'this clinic takes no bookings online');
  return { settings: setup.settings, doctors: setup.doctors };
}

/** The slot asked for, still free: refused otherwise (422 no such slot, 409 taken or passed). */
async function freeSlot(
  tx: DocumentTx,
  clinicId: string,
  setup: Awaited<ReturnType<typeof openClinic>>,
  to: { doctorId: string; start: number },
  now: number,
  self?: string,
) {
  const slot = bookableSlot(setup.doctors, setup.settings, now, to.doctorId, to.start);
  if (!slot) throw new HttpError(422, 'not_a_slot', 'no bookable slot of this doctor starts then');
  const held = await bookingsBetween(tx, clinicId, slot.day, slot.day);
  if (clash(held, { ...slot, ...(self ? { id: self } : {}) })) throw new HttpError(409, 'slot_taken', 'this slot was just taken');
  return slot;
}

/** The booking a link names, as stored; 404 when it is gone (erased, never synced). */
async function linked(tx: DocumentTx, clinicId: string, appointmentId: string) {
  const a = await readDoc<Appointment>(tx, clinicId, 'appointments', appointmentId);
  if (!a || a._deleted) throw new HttpError(404, 'not_found', 'no such booking');
  return a;
}

export function bookOnline(
  documents: Documents,
  clinicId: string,
  form: Form,
  requestId: string,
  idKey: Uint8Array,
  caps: BookingCaps,
  now = Date.now(),
): Promise<{ appointment: Appointment; created: boolean }> {
  // Derived from the request id, never the id itself: a request id equal to another booking's id must not answer its link.
  const id = checkInEntryId(idKey, clinicId, requestId);
  return documents.transaction(async (tx) => {
    const setup = await openClinic(tx, clinicId);
    // A double submit carries the same request id: answer with the booking it made.
    const same = await readDoc<Appointment>(tx, clinicId, 'appointments', id);
    if (same && !same._deleted) {
      const { _deleted, ...appointment } = same;
      return { appointment, created: false };
    }
    if (!form.phone) throw new HttpError(422, 'invalid_body', 'a phone number is required', [{ path: ['phone'], message: 'required' }]);
    const slot = await freeSlot(tx, clinicId, setup, form, now);
    const today = bookableDays(setup.settings, now)[0]!;
    if ((await liveBookingsOfPhone(tx, clinicId, normalizePhone(form.phone), today)) >= MAX_LIVE_BOOKINGS_PER_PHONE)
      throw new HttpError(409, 'too_many_bookings', `this phone number already holds ${MAX_LIVE_BOOKINGS_PER_PHONE} bookings here`);
    if ((await onlineBookingsSince(tx, clinicId, addDays(today, -1), now - DAY_MS)) >= caps.bookingsPerClinicPerDay)
      throw new HttpError(429, 'rate_limited', 'this clinic takes no more bookings online today; please call it');
    const appointment = bookAppointment(
      {
        id,
        clinicId,
        doctorId: slot.doctorId,
        start: slot.start,
        minutes: slot.minutes,
        timeZone: setup.settings.timeZone,
        name: form.name,
        phone: form.phone,
        language: form.language,
        whatsapp: form.whatsapp,
        source: 'online',
      },
      now,
    );
    await tx.push(clinicId, 'appointments', [{ newDocumentState: { ...appointment, _deleted: false } }]);
    await audit(tx, clinicId, SYSTEM, 'booking.online', id, { by: 'patient', request: requestId });
    return { appointment, created: true };
  });
}

export function cancelOnline(documents: Documents, clinicId: string, appointmentId: string, requestId: string, now = Date.now()) {
  return documents.transaction(async (tx) => {
    await openClinic(tx, clinicId);
    const current = await linked(tx, clinicId, appointmentId);
    const { _deleted, ...a } = current;
    // Cancelled already (this request's retry, or another tap): nothing left to do.
    if (a.status === 'cancelled') return a;
    const cancelled = cancelAppointment(a, now);
    if (!cancelled) throw new HttpError(409, 'not_allowed', `this booking can no longer be cancelled: it is ${a.status}`);
    const pushed = await tx.push(clinicId, 'appointments', [
      { assumedMasterState: current, newDocumentState: { ...cancelled, _deleted: false } },
    ]);
    if (pushed.conflicts.length > 0) throw new HttpError(409, 'conflict', 'the booking changed meanwhile; please try again');
    await audit(tx, clinicId, SYSTEM, 'booking.cancel', appointmentId, { by: 'patient', request: requestId });
    return cancelled;
  });
}

export function moveOnline(
  documents: Documents,
  clinicId: string,
  appointmentId: string,
  to: { doctorId: string; start: number },
  requestId: string,
  idKey: Uint8Array,
  now = Date.now(),
): Promise<Appointment> {
  const newId = checkInEntryId(idKey, clinicId, `move:${appointmentId}:${requestId}`);
  return documents.transaction(async (tx) => {
    const setup = await openClinic(tx, clinicId);
    const current = await linked(tx, clinicId, appointmentId);
    const { _deleted, ...a } = current;
    // This request's retry: the move is done, answer with the new booking.
    if (a.status === 'rescheduled' && a.movedTo === newId) {
      const { _deleted: _, ...moved } = await linked(tx, clinicId, newId);
      return moved;
    }
    if (a.status !== 'booked') throw new HttpError(409, 'not_allowed', `this booking can no longer be moved: it is ${a.status}`);
    const slot = await freeSlot(tx, clinicId, setup, to, now, a.id);
    const [old, moved] = moveAppointment(a, slot, newId, setup.settings.timeZone, now);
    const pushed = await tx.push(clinicId, 'appointments', [
      { assumedMasterState: current, newDocumentState: { ...old, _deleted: false } },
      { newDocumentState: { ...moved, _deleted: false } },
    ]);
    if (pushed.conflicts.length > 0) throw new HttpError(409, 'conflict', 'the booking changed meanwhile; please try again');
    await audit(tx, clinicId, SYSTEM, 'booking.move', appointmentId, { by: 'patient', request: requestId, to: newId });
    return moved;
  });
}
