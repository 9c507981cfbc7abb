// The desk's booking actions and a booked patient's arrival, against a real
// RxDB database (Dexie storage on fake-indexeddb): what is stored afterwards.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { BOOKING_DEFAULTS, SETTINGS_DEFAULTS } from '../../../shared/doc-defaults.ts';
import { waitingQueue } from '../../../shared/queue.ts';
import { registerEntry } from '../../../shared/register.ts';
import type { Appointment, Entry, Settings } from '../../../shared/schemas.ts';
import { type ClinicDb, openClinicDb } from '../../db/database.ts';
import { DeviceClock } from '../../db/device-clock.ts';
import { EntryActions, dayQuery } from '../entries.ts';
import { AppointmentActions, type NewBooking } from './actions.ts';

const CLINIC = '0190a1b2-0000-7000-8000-000000000001';
const TZ = 'Africa/Tunis'; // UTC+1 all year
const DAY = '2026-11-28';
const at = (h: number, m = 0) => Date.UTC(2026, 10, 28, h - 1, m);

let db: ClinicDb | null = null;
afterEach(async () => {
  if (db && !db.closed) await db.remove();
  db = null;
});

/** The tablet's clock, set by the test: the desk's "now". */
function clockAt(start: number) {
  const clock = { t: start };
  return { clock, device: new DeviceClock(null, () => clock.t) };
}

async function desk(start = at(8)) {
  db = await openClinicDb(`appointments-${crypto.randomUUID()}`, getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }));
  const { clock, device } = clockAt(start);
  let n = 0;
  const bookings = new AppointmentActions(db.appointments, { clinicId: CLINIC, timeZone: () => TZ }, () => `appt-${++n}`, device);
  return { db, clock, bookings, device };
}

const slot = (h: number, m = 0, doctorId = 'doc-1'): NewBooking => ({
  doctorId,
  start: at(h, m),
  minutes: 30,
  name: `Patient ${h}:${m}`,
  phone: null,
  language: null,
  whatsapp: false,
  source: 'desk',
});

const stored = async (d: ClinicDb) =>
  (await d.appointments.find().exec()).map((x) => x.toJSON() as Appointment).sort((a, b) => (a.id < b.id ? -1 : 1));

describe('booking at the desk', () => {
  it('when a free slot is booked, then the booking is stored on the clinic day of its start, booked now', async () => {
    const { db, bookings } = await desk();
    const r = await bookings.book({ ...slot(9, 30), phone: '+216 20 123 456', whatsapp: true, source: 'phone' });
    expect(r.ok).toBe(true);
    expect(await stored(db)).toEqual([
      expect.objectContaining({
        id: 'appt-1',
        day: DAY,
        start: at(9, 30),
        status: 'booked',
        source: 'phone',
        whatsapp: true,
        clinicId: CLINIC,
      }),
    ]);
  });

  it('when a slot is already held, then a second booking of it is refused as a clash and nothing more is stored; another doctor may take it', async () => {
    const { db, bookings } = await desk();
    expect((await bookings.book(slot(9))).ok).toBe(true);
    expect(await bookings.book({ ...slot(9, 15), name: 'Second' })).toEqual({ ok: false, code: 'clash' });
    expect((await bookings.book(slot(9, 0, 'doc-2'))).ok).toBe(true);
    expect((await stored(db)).map((a) => [a.doctorId, a.name])).toEqual([
      ['doc-1', 'Patient 9:0'],
      ['doc-2', 'Patient 9:0'],
    ]);
  });

  it('when one slot is booked twice in the same instant (a double tap), then the actions run in turn and the second is refused', async () => {
    const { db, bookings } = await desk();
    const [a, b] = await Promise.all([bookings.book(slot(10)), bookings.book({ ...slot(10), name: 'Other' })]);
    expect([a.ok, b]).toEqual([true, { ok: false, code: 'clash' }]);
    expect(await stored(db)).toHaveLength(1);
  });

  it('when a booking is moved, then the old one is marked rescheduled pointing at the new one, which holds the new slot', async () => {
    const { db, bookings, clock } = await desk();
    const first = await bookings.book(slot(9));
    if (!first.ok) throw new Error('not booked');
    clock.t = at(8, 10);
    const moved = await bookings.move(first.appointment, { doctorId: 'doc-2', start: at(11), minutes: 30 });
    expect(moved.ok).toBe(true);
    const [old, next] = await stored(db);
    expect(old).toMatchObject({ id: 'appt-1', status: 'rescheduled', movedTo: 'appt-2' });
    expect(next).toMatchObject({ id: 'appt-2', status: 'booked', doctorId: 'doc-2', start: at(11), name: 'Patient 9:0' });
    // The slot it left is free again.
    expect((await bookings.book(slot(9))).ok).toBe(true);
  });

  it('when a booking is moved onto a held slot, or was changed since the screen showed it, then nothing is written', async () => {
    const { db, bookings } = await desk();
    const a = await bookings.book(slot(9));
    const b = await bookings.book(slot(10));
    if (!a.ok || !b.ok) throw new Error('not booked');
    expect(await bookings.move(a.appointment, { doctorId: 'doc-1', start: at(10), minutes: 30 })).toEqual({ ok: false, code: 'clash' });
    expect((await bookings.cancel(a.appointment)).ok).toBe(true);
    expect(await bookings.move(a.appointment, { doctorId: 'doc-1', start: at(11), minutes: 30 })).toEqual({ ok: false, code: 'changed' });
    expect(await bookings.cancel(a.appointment)).toEqual({ ok: false, code: 'changed' });
    expect((await stored(db)).map((x) => [x.id, x.status])).toEqual([
      ['appt-1', 'cancelled'],
      ['appt-2', 'booked'],
    ]);
  });
});

describe('a booked patient arrives', () => {
  const settings: Settings = {
    id: CLINIC,
    clinicId: CLINIC,
    name: 'Clinic',
    timeZone: TZ,
    languages: ['fr'],
    ticketPrefix: '',
    defaultConsultationMinutes: 15,
    selfCheckIn: true,
    display: 'tickets',
    retentionDays: 90,
    ...SETTINGS_DEFAULTS,
    booking: { ...BOOKING_DEFAULTS, earlyMinutes: 10, lateMinutes: 10, lateAs: 'walk_in' },
    updatedAt: 1,
  };

  /** Walk-ins who came at these times, for any doctor. */
  async function queueAt(d: ClinicDb, times: readonly number[]): Promise<Entry[]> {
    const out: Entry[] = [];
    for (const [i, t] of times.entries()) {
      const p = {
        id: `walk-${i}`,
        clinicId: CLINIC,
        name: `Walk ${i}`,
        phone: null,
        doctorId: null,
        priority: 'normal',
        source: 'reception',
      } as const;
      out.push(registerEntry(out, { ...p, series: 'A', day: DAY }, t));
    }
    await d.entries.bulkInsert(out);
    return out;
  }

  it('when they come inside the window, then their visit is placed by slot time among the walk-ins, and exactly two documents are written', async () => {
    const { db, bookings, clock, device } = await desk(at(8));
    await queueAt(db, [at(9), at(9, 20), at(9, 40), at(10)]);
    const booked = await bookings.book({ ...slot(9, 30), name: 'Booked' });
    if (!booked.ok) throw new Error('not booked');
    clock.t = at(10, 5);
    const desk2 = new EntryActions(db.entries, { clinicId: CLINIC, series: 'B' }, () => DAY, device);
    await desk2.liveDay(DAY).ready;
    const before = { entries: await db.entries.count().exec(), appointments: await db.appointments.count().exec() };
    const entry = await desk2.arrive(
      { ...booked.appointment },
      { ...settings, booking: { ...settings.booking, lateMinutes: 40 } },
      db.appointments,
    );

    expect(entry).toMatchObject({
      id: booked.appointment.id,
      ticket: 'B-001',
      appointmentId: booked.appointment.id,
      doctorId: 'doc-1',
      arrivedAt: at(10, 5),
    });
    const entries = (await dayQuery(db.entries, DAY).exec()).map((d) => d.toJSON() as Entry);
    expect(waitingQueue(entries).map((e) => e.name)).toEqual(['Walk 0', 'Walk 1', 'Booked', 'Walk 2', 'Walk 3']);
    const [appointment] = await stored(db);
    expect(appointment).toMatchObject({ status: 'arrived', entryId: booked.appointment.id });
    expect({ entries: await db.entries.count().exec(), appointments: await db.appointments.count().exec() }).toEqual({
      entries: before.entries + 1,
      appointments: before.appointments,
    });
  });

  it('when they come later than the window, then they join as a walk-in at the end', async () => {
    const { db, bookings, clock, device } = await desk(at(8));
    await queueAt(db, [at(9), at(9, 20), at(9, 40)]);
    const booked = await bookings.book({ ...slot(9), name: 'Late' });
    if (!booked.ok) throw new Error('not booked');
    clock.t = at(9, 45);
    const actions = new EntryActions(db.entries, { clinicId: CLINIC, series: 'B' }, () => DAY, device);
    await actions.arrive(booked.appointment, settings, db.appointments);
    const entries = (await dayQuery(db.entries, DAY).exec()).map((d) => d.toJSON() as Entry);
    expect(waitingQueue(entries).map((e) => e.name)).toEqual(['Walk 0', 'Walk 1', 'Walk 2', 'Late']);
  });

  it('when "arrived" is tapped twice, then one visit is made; a cancelled booking makes none', async () => {
    const { db, bookings, device } = await desk(at(9));
    const a = await bookings.book(slot(9, 30));
    const c = await bookings.book(slot(10));
    if (!a.ok || !c.ok) throw new Error('not booked');
    await bookings.cancel(c.appointment);
    const actions = new EntryActions(db.entries, { clinicId: CLINIC, series: 'B' }, () => DAY, device);
    const [one, two] = await Promise.all([
      actions.arrive(a.appointment, settings, db.appointments),
      actions.arrive(a.appointment, settings, db.appointments),
    ]);
    expect([one?.id, two]).toEqual([a.appointment.id, null]);
    const cancelled = (await stored(db)).find((x) => x.id === c.appointment.id)!;
    expect(await actions.arrive(cancelled, settings, db.appointments)).toBeNull();
    expect((await db.entries.find().exec()).map((d) => d.id)).toEqual([a.appointment.id]);
  });
});
