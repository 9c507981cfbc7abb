// Retention of appointments: the same eraser as visits (server/owner/retention.ts), over the same period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booking } from '../../testkit/appointments.ts';
import { api, createClinic, login, openTestDb, pushDocs, startTestServer } from '../../testkit/harness.ts';
import { ERASED_NAME, type Appointment } from '../../shared/schemas.ts';
import { zonedTime } from '../../shared/time.ts';
import { addDays } from '../../shared/day.ts';
import { retainFromDay } from '../../shared/window.ts';
import { listDocs, readSettings } from '../docs/reads.ts';
import { Documents } from '../docs/writes.ts';
import type { RunningServer } from '../main.ts';
import { eraseClinic } from './retention.ts';

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
// Today's clock: the erasure is a change inside the tablets' window, so they pull it.
const NOW = Date.now();
// 90 days of retention (createClinic).
const CUTOFF = retainFromDay(NOW, TZ, 90);

describe('retention of appointments', () => {
  it('when the job runs, then every booking of a day before the cutoff loses name and phone whatever its status; later ones keep them', async () => {
    const clinic = await createClinic(db, NOW - 200 * 86_400_000);
    const staff = await login(server.url, clinic.emails.receptionist);
    const at = (day: string, h: number) => zonedTime(day, h, 0, TZ);
    const old = (id: string, status: Appointment['status'], day = addDays(CUTOFF, -20)) => ({
      ...booking(clinic.id, 'doc-1', at(day, 9), { now: at(day, 9) - 86_400_000, phone: '+216 22 333 444', name: `Name ${id}` }),
      id,
      status,
    });
    const due = [
      old('arrived', 'arrived'),
      old('no-show', 'no_show'),
      old('cancelled', 'cancelled'),
      old('moved', 'rescheduled'),
      old('left-booked', 'booked'),
      old('last-day', 'arrived', addDays(CUTOFF, -1)),
    ];
    const kept = [old('cutoff-day', 'arrived', CUTOFF), old('coming', 'booked', addDays(CUTOFF, 95))];
    await pushDocs(
      db,
      clinic.id,
      'appointments',
      [...due, ...kept].map((a) => ({ newDocumentState: { ...a, _deleted: false } })),
    );
    await pushDocs(db, clinic.id, 'appointments', [{ newDocumentState: { ...old('deleted', 'booked'), _deleted: true } }]);
    // This clinic's erasure only: the job over every clinic, at today's date, would erase other files' history on a shared database.
    const erase = async () => eraseClinic(db, new Documents(db), clinic.id, (await readSettings(db, clinic.id))!, NOW);
    const seq = (await db.query<{ seq: number }>('SELECT seq FROM clinics WHERE id = $1', [clinic.id]))[0]!.seq;

    await erase();

    const byId = new Map((await listDocs<Appointment>(db, clinic.id, 'appointments', { withDeleted: true })).map((a) => [a.id, a]));
    for (const { id, status } of [...due, { id: 'deleted', status: 'booked' }])
      expect(byId.get(id)).toMatchObject({ name: ERASED_NAME, phone: null, status });
    for (const { id } of kept) expect(byId.get(id)).toMatchObject({ name: `Name ${id}`, phone: '+216 22 333 444' });
    // The slot, the doctor and the outcome stay for the reports.
    expect(byId.get('arrived')).toMatchObject({
      doctorId: 'doc-1',
      start: at(addDays(CUTOFF, -20), 9),
      minutes: 20,
      day: addDays(CUTOFF, -20),
    });

    // Tablets that pull the erasure get the erased copy, never the name.
    const pulled = await api<{ documents: Appointment[] }>(server.url, `/api/sync/v1/appointments/pull?seq=${seq}&limit=100`, {
      token: staff.accessToken,
    });
    expect(pulled.status).toBe(200);
    const erased = [...due.map((a) => a.id), 'deleted'].sort();
    expect(pulled.body.documents.map((a) => a.id).sort()).toEqual(erased);
    expect(pulled.body.documents.filter((a) => a.name !== ERASED_NAME || a.phone !== null)).toEqual([]);
    // Nothing is left to erase: a second run writes nothing.
    expect(await erase()).toBe(0);
  });
});
