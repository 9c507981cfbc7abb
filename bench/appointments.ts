// Appointments (issue 18): what a booked patient's arrival costs in a long
// queue, and how fast the booking page finds free slots in a clinic with a
// year of bookings. Arrival is a rank computation on the tablet, then two
// writes; the free slots are one indexed read (bookingsBetween) and the
// shared slot maths.
import type { Database } from '../server/db/database.ts';
import { bookingsBetween } from '../server/docs/appointments.ts';
import { Documents } from '../server/docs/writes.ts';
import { arrive } from '../shared/arrival.ts';
import { bookAppointment } from '../shared/bookings.ts';
import { DOCTOR_DEFAULTS, SETTINGS_DEFAULTS } from '../shared/doc-defaults.ts';
import type { Doctor, Settings } from '../shared/schemas.ts';
import { bookableDays, doctorSlots, freeSlots } from '../shared/slots.ts';
import { clinicDay } from '../shared/tickets.ts';
import { DAY, EntryFactory, createClinic, insertEntries } from './support/clinic.ts';
import { summarize, type Summary } from './support/stats.ts';

const TZ = 'Africa/Tunis';
const MIN = 60_000;
/** The target for the free-slot lookup. */
export const FREE_SLOTS_TARGET_MS = 50;

export interface AppointmentsResult {
  arrival: { queue: number; documents: number; latency: Summary };
  freeSlots: { bookings: number; doctors: number; lookAheadDays: number; free: number; latency: Summary; read: Summary };
}

/**
 * `perDoctor` 20-minute bookings a day for each doctor from 08:00, on every
 * day from `past` days ago to `ahead - 1` days on, in one statement (pushing
 * 15,000 documents through the API would dominate the run). Past days are
 * over as their close left them; the coming ones are booked.
 */
const BOOKINGS_SQL = `
INSERT INTO docs (clinic_id, collection, id, seq, data)
SELECT $1::uuid, 'appointments', id, 0, jsonb_build_object(
  'id', id, 'clinicId', $1::text, 'doctorId', doc, 'day', day, 'start', start, 'minutes', 20,
  'name', 'Bench patient', 'phone', '+216 20 000 000', 'language', NULL, 'whatsapp', false,
  'source', CASE v % 3 WHEN 0 THEN 'online' WHEN 1 THEN 'phone' ELSE 'desk' END,
  'status', CASE WHEN d >= 0 THEN 'booked' WHEN v % 10 = 0 THEN 'no_show' WHEN v % 15 = 0 THEN 'cancelled' ELSE 'arrived' END,
  'entryId', NULL, 'movedTo', NULL, 'bookedAt', start - 259200000,
  'updatedAt', CASE WHEN d >= 0 THEN start - 259200000 ELSE start + 1800000 END, '_deleted', false)
FROM generate_series(-$3::int, $4::int - 1) AS d, generate_series(0, $5::int - 1) AS v, unnest(ARRAY['doc-1', 'doc-2']) AS doc,
LATERAL (SELECT to_char($2::date + d, 'YYYY-MM-DD') AS day, 'b' || d || '-' || v || '-' || doc AS id,
                (extract(epoch FROM ($2::date + d)::timestamp + interval '7 hours') * 1000)::bigint + v * 1200000 AS start) x`;

function benchSettings(clinicId: string): Settings {
  return {
    id: clinicId,
    clinicId,
    name: 'Bench',
    timeZone: TZ,
    languages: ['fr'],
    ticketPrefix: '',
    defaultConsultationMinutes: 15,
    selfCheckIn: true,
    display: 'tickets',
    retentionDays: 365,
    ...SETTINGS_DEFAULTS,
    // Monday to Saturday 08:00–16:00: 24 slots of 20 minutes a doctor.
    hours: { spans: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, open: '08:00', close: '16:00' })) },
    updatedAt: 1,
  };
}

const doctor = (clinicId: string, id: string): Doctor => ({
  id,
  clinicId,
  name: id,
  room: '1',
  active: true,
  ...DOCTOR_DEFAULTS,
  booking: { slotMinutes: 20, breaks: [], daysOff: [] },
  updatedAt: 1,
});

/** (a) A booked patient arrives into a queue of `queue` walk-ins: arrive() timed, then written through the server's write path and counted. */
async function arrival(db: Database, opts: { queue: number; runs: number }): Promise<AppointmentsResult['arrival']> {
  const clinic = await createClinic(db);
  const settings = benchSettings(clinic.id);
  const t0 = Date.now() - opts.queue * MIN;
  const factory = new EntryFactory(clinic.id);
  // One walk-in a minute; the booked patient's slot is in the middle of the queue, so the rank is computed, not appended.
  const queue = Array.from({ length: opts.queue }, (_, i) => ({ ...factory.next(t0 + i * MIN), doctorId: 'doc-1' }));
  await insertEntries(db, clinic.id, queue);
  const booked = bookAppointment(
    {
      id: `arrival-${clinic.id.slice(0, 8)}`,
      clinicId: clinic.id,
      doctorId: 'doc-1',
      start: t0 + (opts.queue / 2) * MIN,
      minutes: 20,
      timeZone: TZ,
      name: 'Booked patient',
      phone: null,
      language: null,
      whatsapp: false,
      source: 'online',
    },
    t0 - 86_400_000,
  );
  const documents = new Documents(db);
  await documents.push(clinic.id, 'appointments', [{ newDocumentState: { ...booked, _deleted: false } }]);
  const now = booked.start + 5 * MIN;
  const reg = { series: 'B', day: DAY };
  const times: number[] = [];
  let result = arrive(booked, queue, settings, reg, now);
  for (let i = 0; i < opts.runs; i++) {
    const started = performance.now();
    result = arrive(booked, queue, settings, reg, now);
    times.push(performance.now() - started);
  }
  if (!result) throw new Error('the booked patient could not arrive');
  const seq = async () => (await db.query<{ seq: number }>('SELECT seq FROM clinics WHERE id = $1', [clinic.id]))[0]!.seq;
  const before = await seq();
  const { entry, appointment } = result;
  await documents.transaction(async (tx) => {
    await tx.push(clinic.id, 'entries', [{ newDocumentState: { ...entry, _deleted: false } }]);
    await tx.push(clinic.id, 'appointments', [
      { assumedMasterState: { ...booked, _deleted: false }, newDocumentState: { ...appointment, _deleted: false } },
    ]);
  });
  return { queue: opts.queue, documents: (await seq()) - before, latency: summarize(times) };
}

/** (b) The next days' free slots of a clinic with `pastDays` days of bookings behind it. */
async function lookup(db: Database, opts: { pastDays: number; perDoctor: number; runs: number }): Promise<AppointmentsResult['freeSlots']> {
  const clinic = await createClinic(db);
  const settings = benchSettings(clinic.id);
  const doctors = [doctor(clinic.id, 'doc-1'), doctor(clinic.id, 'doc-2')];
  const now = Date.now();
  const today = clinicDay(now, TZ);
  const days = bookableDays(settings, now);
  await db.query(BOOKINGS_SQL, [clinic.id, today, opts.pastDays, days.length, opts.perDoctor]);
  await db.exec('ANALYZE docs');
  const [{ count }] = (await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM docs WHERE clinic_id = $1 AND collection = 'appointments'`,
    [clinic.id],
  )) as [{ count: number }];
  const times: number[] = [];
  const reads: number[] = [];
  let free = 0;
  for (let i = 0; i < opts.runs; i++) {
    const started = performance.now();
    const bookings = await bookingsBetween(db, clinic.id, days[0]!, days.at(-1)!);
    reads.push(performance.now() - started);
    free = doctors.reduce(
      (n, d) =>
        n +
        days.reduce(
          (m, day) =>
            m +
            freeSlots(
              doctorSlots(d, settings, day),
              bookings.filter((b) => b.day === day),
              now,
            ).length,
          0,
        ),
      0,
    );
    times.push(performance.now() - started);
  }
  return { bookings: count, doctors: doctors.length, lookAheadDays: days.length, free, latency: summarize(times), read: summarize(reads) };
}

export async function runAppointments(
  db: Database,
  opts: { queue: number; arrivalRuns: number; pastDays: number; perDoctor: number; lookupRuns: number },
): Promise<AppointmentsResult> {
  return {
    arrival: await arrival(db, { queue: opts.queue, runs: opts.arrivalRuns }),
    freeSlots: await lookup(db, { pastDays: opts.pastDays, perDoctor: opts.perDoctor, runs: opts.lookupRuns }),
  };
}
