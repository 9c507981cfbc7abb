// Appointments through replication (issue 18): bookings made at one desk reach
// the other, two bookings of one slot made on two offline tablets settle the
// same way everywhere with nobody lost, and an arrival is two writes that put
// the patient at their place in every tablet's queue.
// Real server, real database (Postgres with DATABASE_URL, PGlite otherwise), RxDB tablets.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { arrive } from '../../shared/arrival.ts';
import { bookAppointment, displaced } from '../../shared/bookings.ts';
import { waitingQueue } from '../../shared/queue.ts';
import { registerEntry } from '../../shared/register.ts';
import type { Appointment, Entry, Settings } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { zonedTime } from '../../shared/time.ts';
import { createClinic, eventually, login, openTestDb, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import { closeDueDaysOnTablet, Network, startTablet, type TestTablet } from '../../testkit/rx-client.ts';
import { listDocs, readDoc, readSettings } from '../docs/reads.ts';
import type { RunningServer } from '../main.ts';
import { closeClinic } from '../owner/day-close.ts';
import { Documents } from '../docs/writes.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
const tablets: TestTablet[] = [];

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
// RxDB's free tier opens at most 13 collections per process: close each test's tablets.
afterEach(async () => {
  await Promise.all(tablets.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

const TZ = 'Africa/Tunis';
const MIN = 60_000;

async function desk(clinic: TestClinic, name: string) {
  const network = new Network();
  const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name });
  const t = await startTablet(server.url, grant, { fetch: network.fetch });
  tablets.push(t);
  await t.sync.awaitInSync();
  return { t, network, series: grant.device!.series };
}
type Desk = Awaited<ReturnType<typeof desk>>;

/** A booking made at a desk: written to the tablet's database, replicated from there. */
async function book(d: Desk, clinicId: string, start: number, name: string, now = Date.now()): Promise<Appointment> {
  const a = bookAppointment(
    {
      id: crypto.randomUUID(),
      clinicId,
      doctorId: 'doc-1',
      start,
      minutes: 20,
      timeZone: TZ,
      name,
      phone: '+216 20 111 222',
      language: null,
      whatsapp: false,
      source: 'phone',
    },
    now,
  );
  await d.t.db.appointments.insert(a);
  return a;
}

const bookingsOf = async (t: TestTablet) => (await t.db.appointments.find().exec()).map((d) => d.toMutableJSON() as Appointment);
const entriesOf = async (t: TestTablet) => (await t.db.entries.find().exec()).map((d) => d.toMutableJSON() as Entry);
const seqOf = async (clinicId: string) => (await db.query<{ seq: number }>('SELECT seq FROM clinics WHERE id = $1', [clinicId]))[0]!.seq;

async function reconnect(...desks: Desk[]) {
  for (const d of desks) {
    d.network.offline = false;
    d.t.sync.reconnectNow();
    await d.t.sync.awaitInSync();
  }
}

/** Tomorrow at `h`:00 in the clinic: a slot still to come. */
const tomorrowAt = (h: number) => zonedTime(clinicDay(Date.now() + 86_400_000, TZ), h, 0, TZ);

describe('appointments between tablets', () => {
  it('when a desk books, then the other desk sees the booking', async () => {
    const clinic = await createClinic(db);
    const one = await desk(clinic, 'Desk one');
    const two = await desk(clinic, 'Desk two');
    const a = await book(one, clinic.id, tomorrowAt(9), 'Amel');
    await eventually(async () => expect(await bookingsOf(two.t)).toEqual([a]));
    expect(await readDoc(db, clinic.id, 'appointments', a.id)).toEqual({ ...a, _deleted: false });
  });

  for (const order of ['the earlier booking first', 'the later booking first'] as const)
    it(`when two offline desks book the same slot and come back (${order}), then both keep both bookings and flag the later one alike`, async () => {
      const clinic = await createClinic(db);
      const one = await desk(clinic, 'Desk one');
      const two = await desk(clinic, 'Desk two');
      one.network.offline = true;
      two.network.offline = true;
      const now = Date.now();
      const first = await book(one, clinic.id, tomorrowAt(10), 'Amel', now);
      const second = await book(two, clinic.id, tomorrowAt(10), 'Bilel', now + 1000);
      await (order === 'the earlier booking first' ? reconnect(one, two) : reconnect(two, one));

      // Nobody is lost: both bookings are on the server and on both desks, unchanged.
      const stored = (await listDocs<Appointment>(db, clinic.id, 'appointments')).map(({ _deleted, ...a }) => a);
      expect(stored.map((a) => a.id).sort()).toEqual([first.id, second.id].sort());
      for (const d of [one, two]) {
        await eventually(async () => expect((await bookingsOf(d.t)).sort((x, y) => x.bookedAt - y.bookedAt)).toEqual([first, second]));
        expect(displaced(await bookingsOf(d.t))).toEqual(new Set([second.id]));
      }
    });

  it('when a booked patient arrives at one desk, then two documents are written and the other desk queues them by their slot among the walk-ins', async () => {
    const clinic = await createClinic(db);
    const one = await desk(clinic, 'Desk one');
    const two = await desk(clinic, 'Desk two');
    const now = Date.now();
    const today = clinicDay(now, TZ);
    // Walk-ins who came 30 minutes and 5 minutes ago; the booked patient's slot began 10 minutes ago.
    const early = registerEntry(
      [],
      {
        id: crypto.randomUUID(),
        clinicId: clinic.id,
        name: 'Early',
        phone: null,
        doctorId: 'doc-1',
        priority: 'normal',
        source: 'reception',
        series: one.series,
        day: today,
      },
      now - 30 * MIN,
    );
    const late = registerEntry(
      [early],
      {
        id: crypto.randomUUID(),
        clinicId: clinic.id,
        name: 'Late',
        phone: null,
        doctorId: 'doc-1',
        priority: 'normal',
        source: 'reception',
        series: one.series,
        day: today,
      },
      now - 5 * MIN,
    );
    await one.t.db.entries.bulkInsert([early, late]);
    const a = await book(one, clinic.id, now - 10 * MIN, 'Booked', now - 86_400_000);
    await eventually(async () => {
      expect(await entriesOf(two.t)).toHaveLength(2);
      expect(await bookingsOf(two.t)).toHaveLength(1);
    });
    await one.t.sync.awaitInSync();
    await two.t.sync.awaitInSync();

    const before = await seqOf(clinic.id);
    const settings = (await two.t.db.settings.findOne(clinic.id).exec())!.toMutableJSON() as Settings;
    const arrival = arrive(a, await entriesOf(two.t), settings, { series: two.series, day: today }, now);
    expect(arrival).not.toBeNull();
    await two.t.db.entries.insert(arrival!.entry);
    await (await two.t.db.appointments.findOne(a.id).exec())!.incrementalModify(() => arrival!.appointment);
    await two.t.sync.awaitInSync();

    expect((await seqOf(clinic.id)) - before).toBe(2);
    await eventually(async () => {
      expect(waitingQueue(await entriesOf(one.t), 'doc-1').map((e) => e.name)).toEqual(['Early', 'Booked', 'Late']);
      expect((await bookingsOf(one.t))[0]).toMatchObject({ status: 'arrived', entryId: arrival!.entry.id });
    });
    expect(await readDoc(db, clinic.id, 'entries', arrival!.entry.id)).toMatchObject({ appointmentId: a.id, arrivedAt: now });
  });

  it('when two offline desks both mark one booking arrived, then after reconnecting the patient has one visit, the same everywhere', async () => {
    const clinic = await createClinic(db);
    const one = await desk(clinic, 'Desk one');
    const two = await desk(clinic, 'Desk two');
    const now = Date.now();
    const today = clinicDay(now, TZ);
    const a = await book(one, clinic.id, now - 5 * MIN, 'Booked', now - 86_400_000);
    await eventually(async () => expect(await bookingsOf(two.t)).toHaveLength(1));
    await one.t.sync.awaitInSync();
    await two.t.sync.awaitInSync();
    one.network.offline = true;
    two.network.offline = true;
    const settings = (await one.t.db.settings.findOne(clinic.id).exec())!.toMutableJSON() as Settings;
    for (const [d, at] of [
      [one, now],
      [two, now + 2000],
    ] as const) {
      const arrival = arrive(a, await entriesOf(d.t), settings, { series: d.series, day: today }, at);
      await d.t.db.entries.insert(arrival!.entry);
      await (await d.t.db.appointments.findOne(a.id).exec())!.incrementalModify(() => arrival!.appointment);
    }
    await reconnect(one, two);
    await reconnect(one);

    const visits = (await listDocs<Entry>(db, clinic.id, 'entries')).filter((e) => e.appointmentId === a.id);
    expect(visits).toHaveLength(1);
    const { _deleted, ...visit } = visits[0]!;
    for (const d of [one, two])
      await eventually(async () => {
        expect(await entriesOf(d.t)).toEqual([visit]);
        expect((await bookingsOf(d.t))[0]).toMatchObject({ status: 'arrived', entryId: visit.id });
      });
  });

  it('when an offline desk and the server both close a past day, then the missed booking is one no-show, identical on both', async () => {
    const clinic = await createClinic(db);
    const one = await desk(clinic, 'Desk one');
    // Yesterday's booking, never arrived; the clinic set no hours, so yesterday closed itself at midnight.
    const yesterday = clinicDay(Date.now() - 86_400_000, TZ);
    const a = await book(one, clinic.id, zonedTime(yesterday, 10, 0, TZ), 'Missed', Date.now() - 3 * 86_400_000);
    await one.t.sync.awaitInSync();
    one.network.offline = true;
    const settings = (await one.t.db.settings.findOne(clinic.id).exec())!.toMutableJSON() as Settings;
    expect(await closeDueDaysOnTablet(one.t.db, settings)).toBe(1);
    const byTablet = (await bookingsOf(one.t))[0]!;
    expect(byTablet.status).toBe('no_show');
    // This clinic's close only: the job over every clinic would close other files' visits on a shared database.
    await closeClinic(db, new Documents(db), clinic.id, (await readSettings(db, clinic.id))!, Date.now());
    const { _deleted, ...byServer } = (await readDoc<Appointment>(db, clinic.id, 'appointments', a.id))!;
    expect(byServer).toEqual(byTablet);
    await reconnect(one);
    expect(await readDoc(db, clinic.id, 'appointments', a.id)).toEqual({ ...byServer, _deleted: false });
    expect(await bookingsOf(one.t)).toEqual([byServer]);
  });

  it("when a desk offline since yesterday recorded a booked patient's arrival and the server closed that day meanwhile, then the arrival stays once the desk is back", async () => {
    const clinic = await createClinic(db);
    const one = await desk(clinic, 'Desk one');
    const yesterday = clinicDay(Date.now() - 86_400_000, TZ);
    const slot = zonedTime(yesterday, 10, 0, TZ);
    const a = await book(one, clinic.id, slot, 'Came', Date.now() - 3 * 86_400_000);
    await one.t.sync.awaitInSync();
    one.network.offline = true;
    // At the desk, yesterday five minutes after the slot: the visit and the booking marked arrived.
    const settings = (await one.t.db.settings.findOne(clinic.id).exec())!.toMutableJSON() as Settings;
    const arrival = arrive(a, [], settings, { series: one.series, day: yesterday }, slot + 5 * MIN)!;
    await one.t.db.entries.insert(arrival.entry);
    await (await one.t.db.appointments.findOne(a.id).exec())!.incrementalModify(() => arrival.appointment);
    // The server, which never saw the arrival, closes yesterday: the booking is a no-show there.
    await closeClinic(db, new Documents(db), clinic.id, (await readSettings(db, clinic.id))!, Date.now());
    expect((await readDoc<Appointment>(db, clinic.id, 'appointments', a.id))!.status).toBe('no_show');

    await reconnect(one);
    await one.t.sync.awaitInSync();
    expect(await readDoc(db, clinic.id, 'appointments', a.id)).toMatchObject({ status: 'arrived', entryId: arrival.entry.id });
    expect((await bookingsOf(one.t))[0]).toMatchObject({ status: 'arrived', entryId: arrival.entry.id });
  });
});
