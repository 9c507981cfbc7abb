// Public routes: self check-in (the patient/display stream is served before
// Express: server/sync/stream-routes.ts). No personal data leaves through here
// except the check-in form's own answer.
import { Router } from 'express';
import { perMinute } from '../http/rate-limit.ts';
import { z } from 'zod';
import { DocId, Entry, Uuid } from '../../shared/schemas.ts';
import { SERVER_KID, signTicketToken, ticketPath } from '../../shared/capability.ts';
import type { Database } from '../db/database.ts';
import { HttpError, parseOr } from '../http/errors.ts';
import type { Revocations } from '../auth/revocations.ts';
import type { TokenKeys } from '../auth/tokens.ts';
import type { Documents } from '../docs/writes.ts';
import { checkIn } from './checkin.ts';
import { isSuspended } from '../billing/plans.ts';
import { isActiveDoctor } from '../docs/reads.ts';
import { pausesOf, seesPatients } from '../../shared/doctor-status.ts';
import { clinicToday } from './projection.ts';
import { waitMinutes, waitToJoin } from '../../shared/eta.ts';
import { openingAt } from '../../shared/hours.ts';
import { waitingQueue } from '../../shared/queue.ts';
import type { TicketVerifier } from './tickets.ts';
import { findTypedTicket } from './ticket-code.ts';
import { normalizeClinicCode, normalizeCode, normalizeTicket } from '../../shared/ticket-code.ts';
import type { StreamRegistry } from '../sync/streams.ts';

export interface PublicLimits {
  checkinPerIpPerMinute: number;
  checkinPerClinicPerMinute: number;
  publicReadsPerIpPerMinute: number;
  /** Online bookings one clinic takes in 24 hours (ONLINE_BOOKINGS_PER_CLINIC_PER_DAY): a script cannot fill a diary. */
  bookingsPerClinicPerDay: number;
  namespace: string;
}

const CheckInBody = z.object({
  requestId: Uuid,
  name: Entry.shape.name,
  phone: z
    .string()
    .trim()
    .max(32)
    .regex(/^[0-9+ ()-]*$/)
    .transform((p) => p || null)
    .nullable()
    .default(null),
  doctorId: DocId.nullable().default(null),
  /** The language the patient reads the form in: their messages come in it. */
  language: Entry.shape.language.default(null),
  /** The patient's opt-in to WhatsApp messages (with a phone). */
  whatsapp: Entry.shape.whatsapp.default(false),
  /** The on-site code of the QR on the clinic's screen (shared/onsite.ts), when the form was opened from it. */
  onSite: z.string().max(1000).nullable().default(null),
});

/** A typed field, read as shared/ticket-code.ts reads what a patient types. */
const typed = (normalize: (s: string) => string | null, what: string) =>
  z
    .string()
    .max(32)
    .transform((s, ctx) => {
      const v = normalize(s);
      if (v === null) ctx.addIssue({ code: 'custom', message: `not a ${what}` });
      return v ?? z.NEVER;
    });

const TypedTicketBody = z.object({
  clinic: typed(normalizeClinicCode, 'clinic code'),
  ticket: typed(normalizeTicket, 'ticket number'),
  code: typed(normalizeCode, 'ticket code'),
});

/** A public path's clinic: anything that is no clinic id is no such clinic (404), as a clinic that does not exist. */
export function clinicParam(value: unknown): string {
  const id = Uuid.safeParse(value);
  if (!id.success) throw new HttpError(404, 'not_found', 'no such clinic');
  return id.data;
}

export function publicRoutes(deps: {
  db: Database;
  keys: TokenKeys;
  revocations: Revocations;
  tickets: TicketVerifier;
  limits: PublicLimits;
  documents: Documents;
  streams: Pick<StreamRegistry, 'presence'>;
}): Router {
  const r = Router();
  const checkInIds = deps.keys.derive('doctorq check-in entry ids');

  // Reads are cheap but public: a generous limit per IP (a clinic's Wi-Fi puts many phones behind one),
  // shared with the public stream (server/sync/stream-routes.ts).
  const reads = perMinute(
    deps.db,
    `${deps.limits.namespace}:public-read`,
    deps.limits.publicReadsPerIpPerMinute,
    'too many requests, try again in a minute',
  );

  r.get('/checkin/v1/:clinicId', reads, async (req, res) => {
    const clinicId = clinicParam(req.params.clinicId);
    const [t, reception] = await Promise.all([clinicToday(deps.db, clinicId), deps.streams.presence.of(clinicId)]);
    if (!t.settings) throw new HttpError(404, 'not_found', 'no such clinic');
    // A suspended clinic takes no new check-ins: the form says "see the reception" before anyone fills it in.
    const [clinic] = await deps.db.query<{ status: string }>('SELECT status FROM clinics WHERE id = $1', [clinicId]);
    const now = Date.now();
    // A doctor absent today is not offered; one on a break is, with the break in the wait.
    const doctors = t.doctors.filter((d) => isActiveDoctor(d) && seesPatients(d, t.day));
    // What a patient weighs before joining: counts and waits only, never who is waiting.
    const eta = {
      entries: t.entries,
      activeDoctorIds: doctors.map((d) => d.id).sort(),
      defaultMinutes: t.settings.defaultConsultationMinutes,
      pausedMs: pausesOf(doctors, t.day, now),
      now,
    };
    const queueOf = (doctorId: string | null) => ({
      waiting: waitingQueue(t.entries, doctorId).length,
      wait: waitMinutes(waitToJoin(eta, doctorId)),
    });
    const opening = openingAt(t.settings.hours, now, t.settings.timeZone);
    res.json({
      clinic: {
        name: t.settings.name,
        languages: t.settings.languages,
        selfCheckIn: t.settings.selfCheckIn && !isSuspended(clinic?.status),
        requireHere: t.settings.requireHere,
      },
      doctors: doctors.map((d) => ({ id: d.id, name: d.name, room: d.room, ...queueOf(d.id) })),
      anyDoctor: queueOf(null),
      opening: opening.open ? { open: true, next: null } : opening,
      // The counts above come from what the reception last sent: when it is quiet, they may be behind.
      reception,
    });
  });

  r.post(
    '/checkin/v1/:clinicId',
    perMinute(
      deps.db,
      `${deps.limits.namespace}:checkin-ip`,
      deps.limits.checkinPerIpPerMinute,
      'too many check-ins, try again in a minute',
    ),
    perMinute(
      deps.db,
      `${deps.limits.namespace}:checkin-clinic`,
      deps.limits.checkinPerClinicPerMinute,
      'this clinic is receiving too many check-ins, try again in a minute',
      // The clinic as the handler will read it; anything that is no clinic id shares one key.
      (req) => Uuid.safeParse(req.params.clinicId).data ?? 'not-a-clinic',
    ),
    async (req, res) => {
      const clinicId = clinicParam(req.params.clinicId);
      // Well-formed JSON with content the form could not have sent (a NUL in a name): 422, as a pushed document.
      const body = parseOr(CheckInBody, req.body, 422, 'invalid_body', 'check-in');
      const onSite = await deps.tickets.verifyOnSite(body.onSite, clinicId);
      const result = await checkIn(deps.documents, clinicId, { ...body, onSite }, checkInIds);
      if (!result.ok) {
        if (result.code === 'no_clinic') throw new HttpError(404, 'not_found', 'no such clinic');
        if (result.code === 'clinic_closed') {
          const next = result.next === null ? null : new Date(result.next).toISOString();
          // The next opening as an issue too, so a page can show it in the patient's language and zone.
          throw new HttpError(403, 'clinic_closed', `the clinic is closed${next ? `; it opens at ${next}` : ''}`, [
            { path: ['next'], message: next ?? 'none' },
          ]);
        }
        if (result.code === 'checkin_closed')
          throw new HttpError(403, 'checkin_closed', 'self check-in is closed at this clinic; please see the reception');
        throw new HttpError(422, 'unknown_doctor', 'no such doctor at this clinic');
      }
      const e = result.entry;
      const token = await signTicketToken(
        { clinicId, entryId: e.id, day: e.day, timeZone: result.timeZone },
        SERVER_KID,
        deps.tickets.serverKey,
      );
      res.status(result.created ? 201 : 200).json({ entryId: e.id, ticket: e.ticket, status: e.status, token, path: ticketPath(token) });
    },
  );

  // The short code printed on a ticket (shared/ticket-code.ts) → the ticket's link, for a patient who cannot scan.
  // Limited per IP and per clinic code, under the check-in limits: a guesser spread over many addresses still
  // meets the clinic's.
  r.post(
    '/tickets/v1/lookup',
    perMinute(
      deps.db,
      `${deps.limits.namespace}:ticket-code-ip`,
      deps.limits.checkinPerIpPerMinute,
      'too many tries, try again in a minute',
    ),
    perMinute(
      deps.db,
      `${deps.limits.namespace}:ticket-code-clinic`,
      deps.limits.checkinPerClinicPerMinute,
      'too many tries at this clinic, try again in a minute',
      (req) => normalizeClinicCode(String((req.body as { clinic?: unknown } | undefined)?.clinic ?? '')) ?? 'not-a-clinic',
    ),
    async (req, res) => {
      const body = parseOr(TypedTicketBody, req.body, 400, 'invalid_body', 'ticket code');
      const found = await findTypedTicket(deps.db, body);
      if (!found) throw new HttpError(404, 'not_found', 'no ticket today with this clinic, number and code');
      const token = await signTicketToken(
        { clinicId: found.clinicId, entryId: found.entryId, day: found.day, timeZone: found.timeZone },
        SERVER_KID,
        deps.tickets.serverKey,
      );
      res.json({ entryId: found.entryId, ticket: found.ticket, token, path: ticketPath(token) });
    },
  );
  return r;
}
