// The report's appointments against a hand count: booked and walk-in visits,
// punctuality against the clinic's window, the no-show rate of booked patients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, pushDocs, startTestServer } from '../../testkit/harness.ts';
import { zonedTime } from '../../shared/time.ts';
import type { Appointment, Entry } from '../../shared/schemas.ts';
import { ENTRY_DEFAULTS } from '../../shared/doc-defaults.ts';
import type { RunningServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

const TZ = 'Africa/Tunis';
const DAY = '2026-03-28';
const at = (h: number, m: number) => zonedTime(DAY, h, m, TZ);

function booking(clinicId: string, id: string, slot: [number, number], status: Appointment['status'], extra: Partial<Appointment> = {}) {
  const a: Appointment = {
    id,
    clinicId,
    doctorId: 'doc-1',
    day: DAY,
    start: at(...slot),
    minutes: 15,
    name: `Booked ${id}`,
    phone: '+216 20 111 222',
    language: 'fr',
    whatsapp: false,
    source: 'desk',
    status,
    entryId: null,
    movedTo: null,
    bookedAt: at(7, 0),
    updatedAt: at(7, 0),
    ...extra,
  };
  return { newDocumentState: { ...a, _deleted: false } };
}

function visit(
  clinicId: string,
  id: string,
  arrive: [number, number],
  appointmentId: string | null,
): { newDocumentState: Entry & { _deleted: boolean } } {
  return {
    newDocumentState: {
      id,
      clinicId,
      day: DAY,
      ticket: id,
      name: `Visit ${id}`,
      phone: null,
      doctorId: 'doc-1',
      priority: 'normal',
      status: 'waiting',
      rank: 'a0',
      source: 'reception',
      arrivedAt: at(...arrive),
      calledAt: null,
      startedAt: null,
      endedAt: null,
      ...ENTRY_DEFAULTS,
      appointmentId,
      updatedAt: at(...arrive),
      _deleted: false,
    },
  };
}

describe('reports: appointments', () => {
  it('when booked patients come early, on time, late or not at all beside walk-ins, then the figures match the hand count', async () => {
    const clinic = await createClinic(db);
    const c = clinic.id;
    // The window is 10 minutes either side (BOOKING_DEFAULTS). Arrivals: 5 early, 3 late, 25 late, 12 early.
    await pushDocs(db, c, 'entries', [
      visit(c, 'e1', [8, 55], 'a1'),
      visit(c, 'e2', [9, 18], 'a2'),
      visit(c, 'e3', [9, 55], 'a3'),
      visit(c, 'e4', [9, 48], 'a4'),
      visit(c, 'w1', [9, 0], null),
      visit(c, 'w2', [9, 10], null),
      visit(c, 'w3', [11, 0], null),
    ]);
    await pushDocs(db, c, 'appointments', [
      booking(c, 'a1', [9, 0], 'arrived', { entryId: 'e1', source: 'online' }),
      booking(c, 'a2', [9, 15], 'arrived', { entryId: 'e2' }),
      booking(c, 'a3', [9, 30], 'arrived', { entryId: 'e3', source: 'phone' }),
      booking(c, 'a4', [10, 0], 'arrived', { entryId: 'e4', source: 'online' }),
      booking(c, 'n1', [10, 15], 'no_show'),
      booking(c, 'x1', [10, 30], 'cancelled', { source: 'online' }),
      // Moved: counted once, as the booking that replaced it.
      booking(c, 'm1', [10, 45], 'rescheduled', { movedTo: 'm2' }),
      booking(c, 'm2', [11, 45], 'booked'),
    ]);
    const owner = await login(server.url, clinic.emails.owner);
    const r = await api(server.url, `/api/owner/clinics/${c}/reports?from=${DAY}&to=${DAY}`, { token: owner.accessToken });
    expect(r.status).toBe(200);
    // Punctuality -5, 3, 25, -12 → median (-5 + 3) / 2; within -10..10: two of four.
    // No-show rate: 1 of (4 arrived + 1 no-show).
    expect(r.body.appointments).toEqual({
      visitsBooked: 4,
      visitsWalkIn: 3,
      bookings: 7,
      online: 3,
      arrived: 4,
      noShow: 1,
      cancelled: 1,
      noShowRate: 0.2,
      punctuality: { count: 4, medianMin: -1, withinWindowShare: 0.5 },
    });
    // The rest of the report is unchanged: seven visits.
    expect(r.body.totals.visits).toBe(7);
    const csv = await fetch(`${server.url}/api/owner/clinics/${c}/reports.csv?from=${DAY}&to=${DAY}`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    const text = await csv.text();
    expect(text).toContain('4,3,7,3,4,1,1,0.2');
    expect(text).toContain('4,-1,0.5');
    expect(text).not.toMatch(/Booked|Visit|\+216/);
  });

  it('when a clinic has no bookings, then the figures are zeros, not errors', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const r = await api(server.url, `/api/owner/clinics/${clinic.id}/reports?from=${DAY}&to=${DAY}`, { token: owner.accessToken });
    expect(r.body.appointments).toEqual({
      visitsBooked: 0,
      visitsWalkIn: 0,
      bookings: 0,
      online: 0,
      arrived: 0,
      noShow: 0,
      cancelled: 0,
      noShowRate: 0,
      punctuality: { count: 0, medianMin: null, withinWindowShare: 0 },
    });
  });
});
