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
import { clinicToday } from './projection.ts';
import { waitMinutes, waitToJoin } from '../../shared/eta.ts';
import { openingAt } from '../../shared/hours.ts';
import { waitingQueue } from '../../shared/queue.ts';
import type { TicketVerifier } from './tickets.ts';

export interface PublicLimits {
  checkinPerIpPerMinute: number;
  checkinPerClinicPerMinute: number;
  publicReadsPerIpPerMinute: number;
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
});

export function publicRoutes(deps: {
  db: Database;
  keys: TokenKeys;
  revocations: Revocations;
  tickets: TicketVerifier;
  limits: PublicLimits;
  documents: Documents;
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

  const clinicParam = (value: unknown) => {
    const id = Uuid.safeParse(value);
    if (!id.success) throw new HttpError(404, 'not_found', 'no such clinic');
    return id.data;
  };

  r.get('/checkin/v1/:clinicId', reads, async (req, res) => {
    const clinicId = clinicParam(req.params.clinicId);
    const t = await clinicToday(deps.db, clinicId);
    if (!t.settings) throw new HttpError(404, 'not_found', 'no such clinic');
    // A suspended clinic takes no new check-ins: the form says "see the reception" before anyone fills it in.
    const [clinic] = await deps.db.query<{ status: string }>('SELECT status FROM clinics WHERE id = $1', [clinicId]);
    const now = Date.now();
    const doctors = t.doctors.filter(isActiveDoctor);
    // What a patient weighs before joining: counts and waits only, never who is waiting.
    const eta = {
      entries: t.entries,
      activeDoctorIds: doctors.map((d) => d.id).sort(),
      defaultMinutes: t.settings.defaultConsultationMinutes,
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
      },
      doctors: doctors.map((d) => ({ id: d.id, name: d.name, room: d.room, ...queueOf(d.id) })),
      anyDoctor: queueOf(null),
      opening: opening.open ? { open: true, next: null } : opening,
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
      const result = await checkIn(deps.documents, clinicId, body, checkInIds);
      if (!result.ok) {
        if (result.code === 'no_clinic') throw new HttpError(404, 'not_found', 'no such clinic');
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
      res.status(result.created ? 201 : 200).json({ entryId: e.id, ticket: e.ticket, token, path: ticketPath(token) });
    },
  );
  return r;
}
