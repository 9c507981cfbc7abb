// The public booking page's routes: free slots (free/busy only), booking, and
// what the confirmation link allows (read, cancel, move its own booking).
// Bookings are written through the one document path inside the clinic's
// lock, so two patients taking the same slot at once cannot both get it, and
// the desk receives them by replication like a booking made on a tablet.
import { Router } from 'express';
import { z } from 'zod';
import { BookingForm } from '../../shared/bookings.ts';
import { bookingPath, signBookingToken } from '../../shared/booking-link.ts';
import { freeSlotsByDoctor, offeredDays, MAX_SLOT_DAYS } from '../../shared/online-booking.ts';
import { Day } from '../../shared/day.ts';
import { Uuid, type Appointment } from '../../shared/schemas.ts';
import type { Database } from '../db/database.ts';
import { bookingsBetween } from '../docs/appointments.ts';
import { readClinicSetup, readDoc } from '../docs/reads.ts';
import type { Documents } from '../docs/writes.ts';
import { HttpError, parseOr, parseQuery } from '../http/errors.ts';
import { perMinute } from '../http/rate-limit.ts';
import type { TokenKeys } from '../auth/tokens.ts';
import { isSuspended } from '../billing/plans.ts';
import { bookingAuth, bookingLinkKey, bookingOf } from './booking-auth.ts';
import { bookOnline, cancelOnline, moveOnline } from './online-booking.ts';
import { clinicParam, type PublicLimits } from './routes.ts';

/** Per booking link: a patient cancels or moves once or twice; this many a minute leaves room for retries, not a script. */
export const BOOKING_LINK_ACTIONS_PER_MINUTE = 10;
/** Free slots change with every booking: a browser or proxy may reuse an answer this long, no longer. */
const SLOTS_MAX_AGE_SECONDS = 10;

const SlotsQuery = z.object({
  from: Day.optional(),
  days: z.coerce.number().int().min(1).max(MAX_SLOT_DAYS).default(MAX_SLOT_DAYS),
});
const BookBody = BookingForm.extend({ requestId: Uuid });
const CancelBody = z.object({ requestId: Uuid });
const MoveBody = BookingForm.pick({ doctorId: true, start: true }).extend({ requestId: Uuid });

export function bookingRoutes(deps: { db: Database; documents: Documents; keys: TokenKeys; limits: PublicLimits }): Router {
  const r = Router();
  const ns = deps.limits.namespace;
  const linkKey = bookingLinkKey(deps.keys);
  const idKey = deps.keys.derive('doctorq online booking ids');
  const linkOf = async (a: Appointment) => {
    const token = await signBookingToken({ clinicId: a.clinicId, appointmentId: a.id, start: a.start, minutes: a.minutes }, linkKey);
    return { token, path: bookingPath(token) };
  };
  const perIp = (name: string, limit: number) => perMinute(deps.db, `${ns}:${name}`, limit, 'too many requests, try again in a minute');
  const perLink = perMinute(
    deps.db,
    `${ns}:booking-link`,
    BOOKING_LINK_ACTIONS_PER_MINUTE,
    'too many requests for this booking, try again in a minute',
    (req) => {
      const b = bookingOf(req.res!);
      return `${b.clinicId}:${b.appointmentId}`;
    },
  );

  r.get('/:clinicId/slots', perIp('public-read', deps.limits.publicReadsPerIpPerMinute), async (req, res) => {
    const clinicId = clinicParam(req.params.clinicId);
    const q = parseQuery(SlotsQuery, req.query);
    const [{ settings, doctors }, [clinic]] = await Promise.all([
      readClinicSetup(deps.db, clinicId),
      deps.db.query<{ status: string }>('SELECT status FROM clinics WHERE id = $1', [clinicId]),
    ]);
    if (!settings) throw new HttpError(404, 'not_found', 'no such clinic');
    // A suspended clinic takes no bookings: the page says so before anyone picks a slot.
    if (!settings.booking.online || isSuspended(clinic?.status))
      throw new HttpError(403, 'booking_closed', 'this clinic takes no bookings online');
    const now = Date.now();
    const days = offeredDays(settings, now, q.from ?? null, q.days);
    const held = days.length ? await bookingsBetween(deps.db, clinicId, days[0]!, days.at(-1)!) : [];
    res.set('cache-control', `public, max-age=${SLOTS_MAX_AGE_SECONDS}`);
    res.json({
      clinic: { name: settings.name, languages: settings.languages, timeZone: settings.timeZone, daysAhead: settings.booking.daysAhead },
      days,
      // Slot times only: who holds the others, and that anyone does, is never said.
      doctors: freeSlotsByDoctor(doctors, settings, days, held, now).map(({ doctor, slots }) => ({
        id: doctor.id,
        name: doctor.name,
        room: doctor.room,
        slots: slots.map((s) => ({ start: s.start, minutes: s.minutes })),
      })),
    });
  });

  r.post('/:clinicId/appointments', perIp('booking-ip', deps.limits.checkinPerIpPerMinute), async (req, res) => {
    const clinicId = clinicParam(req.params.clinicId);
    // Well-formed JSON the form could not have sent: 422, as a check-in.
    const { requestId, ...form } = parseOr(BookBody, req.body, 422, 'invalid_body', 'booking');
    const result = await bookOnline(deps.documents, clinicId, form, requestId, idKey, deps.limits);
    req.log.info({ clinicId, appointmentId: result.appointment.id, created: result.created }, 'online booking');
    res.status(result.created ? 201 : 200).json({ ...answer(result.appointment), ...(await linkOf(result.appointment)) });
  });

  r.get('/appointment', perIp('public-read', deps.limits.publicReadsPerIpPerMinute), bookingAuth(linkKey), perLink, async (_req, res) => {
    const { clinicId, appointmentId } = bookingOf(res);
    const [a, setup] = await Promise.all([
      readDoc<Appointment>(deps.db, clinicId, 'appointments', appointmentId),
      readClinicSetup(deps.db, clinicId),
    ]);
    if (!a || a._deleted || !setup.settings) throw new HttpError(404, 'not_found', 'no such booking');
    const doctor = setup.doctors.find((d) => d.id === a.doctorId);
    res.json({
      ...answer(a),
      // The holder's own booking: their name (they typed it), never the phone.
      name: a.name,
      doctor: doctor ? { name: doctor.name, room: doctor.room } : null,
      clinic: { id: clinicId, name: setup.settings.name, languages: setup.settings.languages, timeZone: setup.settings.timeZone },
    });
  });

  r.post('/appointment/cancel', perIp('booking-ip', deps.limits.checkinPerIpPerMinute), bookingAuth(linkKey), perLink, async (req, res) => {
    const { clinicId, appointmentId } = bookingOf(res);
    const { requestId } = parseOr(CancelBody, req.body, 400, 'invalid_body', 'request body');
    const a = await cancelOnline(deps.documents, clinicId, appointmentId, requestId);
    res.json(answer(a));
  });

  r.post('/appointment/move', perIp('booking-ip', deps.limits.checkinPerIpPerMinute), bookingAuth(linkKey), perLink, async (req, res) => {
    const { clinicId, appointmentId } = bookingOf(res);
    const { requestId, ...to } = parseOr(MoveBody, req.body, 422, 'invalid_body', 'move');
    const moved = await moveOnline(deps.documents, clinicId, appointmentId, to, requestId, idKey);
    res.json({ ...answer(moved), ...(await linkOf(moved)) });
  });
  return r;
}

/** What any answer says of a booking: no name, no phone (the confirmation page shows the name it typed). */
const answer = (a: Appointment) => ({
  appointmentId: a.id,
  doctorId: a.doctorId,
  day: a.day,
  start: a.start,
  minutes: a.minutes,
  status: a.status,
});
