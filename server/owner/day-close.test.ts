// The server's automatic close of the day (server/owner/day-close.ts) against
// the real database: what it writes, when, and that running it again, or after
// a tablet closed the day the same way, writes nothing more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClinic, openTestDb, pushDocs } from '../../testkit/harness.ts';
import { ENTRY_DEFAULTS } from '../../shared/doc-defaults.ts';
import { closeDay, dayNoShows } from '../../shared/day-close.ts';
import type { Appointment, AppointmentStatus, Entry, EntryStatus, Settings } from '../../shared/schemas.ts';
import { booking } from '../../testkit/appointments.ts';
import { listDocs, readSettings } from '../docs/reads.ts';
import { Documents } from '../docs/writes.ts';
import { closeDueDays } from './day-close.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.dispose();
});

// Far in the past, so the job run here finds nothing open in other files' clinics on a shared database.
const DAY = '2025-01-06'; // a Monday
const tunis = (day: string, h: number, m = 0) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10), h - 1, m);
const END = tunis(DAY, 17);

function visit(clinicId: string, id: string, status: EntryStatus, day = DAY): Entry & { _deleted: boolean } {
  const arrivedAt = tunis(day, 9);
  return {
    id,
    clinicId,
    day,
    ticket: `A-${id.padStart(3, '0')}`,
    name: `Patient ${id}`,
    phone: '+216 20 000 000',
    doctorId: 'doc-1',
    priority: 'normal',
    status,
    rank: `a${id}`,
    source: 'reception',
    arrivedAt,
    calledAt: status === 'waiting' ? null : arrivedAt + 600_000,
    startedAt: status === 'in_consultation' || status === 'done' ? arrivedAt + 600_000 : null,
    endedAt: status === 'done' ? arrivedAt + 1_200_000 : null,
    ...ENTRY_DEFAULTS,
    updatedAt: arrivedAt + 1_200_000,
    _deleted: false,
  };
}

async function clinicWithHours(closeAfterMinutes: number | null) {
  const clinic = await createClinic(db, tunis(DAY, 7));
  const s = (await readSettings(db, clinic.id))!;
  const hours = { spans: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '08:00', close: '17:00' })) };
  await pushDocs(db, clinic.id, 'settings', [
    { assumedMasterState: s, newDocumentState: { ...s, hours, closeAfterMinutes, updatedAt: s.updatedAt + 1 } },
  ]);
  return clinic.id;
}

const seqOf = async (clinicId: string) => (await db.query<{ seq: number }>('SELECT seq FROM clinics WHERE id = $1', [clinicId]))[0]!.seq;
const statuses = async (clinicId: string) =>
  Object.fromEntries((await listDocs<Entry>(db, clinicId, 'entries')).map((e) => [e.id, [e.day, e.status, e.endedAt]]));

describe('the automatic close of the day', () => {
  it('when closeAfterMinutes have passed since the last span, then open visits are ended or not seen, once, and settings record the day', async () => {
    const clinicId = await clinicWithHours(60);
    const visits = [
      visit(clinicId, '1', 'in_consultation'),
      visit(clinicId, '2', 'waiting'),
      visit(clinicId, '3', 'called'),
      visit(clinicId, '4', 'done'),
    ];
    await pushDocs(
      db,
      clinicId,
      'entries',
      visits.map((v) => ({ newDocumentState: v })),
    );
    const documents = new Documents(db);

    const before = await seqOf(clinicId);
    await closeDueDays(db, documents, END + 59 * 60_000);
    expect(await seqOf(clinicId)).toBe(before);

    await closeDueDays(db, documents, END + 60 * 60_000);
    expect(await statuses(clinicId)).toEqual({
      '1': [DAY, 'done', END],
      '2': [DAY, 'not_seen', END],
      '3': [DAY, 'not_seen', END],
      '4': [DAY, 'done', visits[3]!.endedAt],
    });
    expect((await readSettings(db, clinicId))!.closedThrough).toBe(DAY);

    // Again, and later: nothing left to write.
    const after = await seqOf(clinicId);
    await closeDueDays(db, documents, END + 5 * 3_600_000);
    expect(await seqOf(clinicId)).toBe(after);
  });

  it('when a tablet closed the day the same way first, then the server finds nothing left open and writes nothing', async () => {
    const clinicId = await clinicWithHours(30);
    const visits = [visit(clinicId, '1', 'in_consultation'), visit(clinicId, '2', 'waiting')];
    await pushDocs(
      db,
      clinicId,
      'entries',
      visits.map((v) => ({ newDocumentState: v })),
    );
    const s = (await readSettings(db, clinicId))! as Settings;
    const byTablet = closeDay(s, visits, DAY, 'not_seen', END + 31 * 60_000);
    await pushDocs(
      db,
      clinicId,
      'entries',
      byTablet.map((e) => ({ assumedMasterState: visits.find((v) => v.id === e.id)!, newDocumentState: { ...e, _deleted: false } })),
    );
    const docsAfterTablet = await listDocs<Entry>(db, clinicId, 'entries');

    await closeDueDays(db, new Documents(db), END + 45 * 60_000);
    expect(await listDocs<Entry>(db, clinicId, 'entries')).toEqual(docsAfterTablet);
  });

  it('when an offline tablet brings a visit of a closed day, then the next run closes it; a patient registered after the close waits until the day is over', async () => {
    const clinicId = await clinicWithHours(60);
    await pushDocs(db, clinicId, 'entries', [{ newDocumentState: visit(clinicId, '1', 'waiting') }]);
    await closeDueDays(db, new Documents(db), END + 2 * 3_600_000);
    const late = { ...visit(clinicId, '3', 'waiting'), arrivedAt: END + 150 * 60_000, updatedAt: END + 150 * 60_000 };
    await pushDocs(db, clinicId, 'entries', [{ newDocumentState: visit(clinicId, '2', 'waiting') }, { newDocumentState: late }]);
    await closeDueDays(db, new Documents(db), END + 3 * 3_600_000);
    expect(await statuses(clinicId)).toEqual({ '1': [DAY, 'not_seen', END], '2': [DAY, 'not_seen', END], '3': [DAY, 'waiting', null] });
    await closeDueDays(db, new Documents(db), tunis('2025-01-07', 0, 10));
    expect((await statuses(clinicId))['3']).toEqual([DAY, 'not_seen', late.arrivedAt]);
  });

  it('when the clinic closes only by hand, then the job leaves its visits open', async () => {
    const clinicId = await clinicWithHours(null);
    await pushDocs(db, clinicId, 'entries', [{ newDocumentState: visit(clinicId, '1', 'waiting') }]);
    await closeDueDays(db, new Documents(db), END + 48 * 3_600_000);
    expect(await statuses(clinicId)).toEqual({ '1': [DAY, 'waiting', null] });
    expect((await readSettings(db, clinicId))!.closedThrough).toBeNull();
  });

  describe('bookings', () => {
    const booked = (clinicId: string, id: string, status: AppointmentStatus, day = DAY) => ({
      ...booking(clinicId, 'doc-1', tunis(day, 10), { now: tunis('2025-01-02', 9) }),
      id,
      status,
      _deleted: false,
    });
    const outcomes = async (clinicId: string) =>
      Object.fromEntries((await listDocs<Appointment>(db, clinicId, 'appointments')).map((a) => [a.id, [a.status, a.updatedAt]]));

    it('when the day closes itself, then its bookings still booked become no-shows, once, dated just after their booking (any outcome a desk recorded that day is later); others keep theirs', async () => {
      const clinicId = await clinicWithHours(60);
      const bookings = [
        booked(clinicId, 'missed', 'booked'),
        booked(clinicId, 'came', 'arrived'),
        booked(clinicId, 'called-off', 'cancelled'),
        booked(clinicId, 'tomorrow', 'booked', '2025-01-07'),
      ];
      await pushDocs(
        db,
        clinicId,
        'appointments',
        bookings.map((a) => ({ newDocumentState: a })),
      );
      const before = await seqOf(clinicId);
      await closeDueDays(db, new Documents(db), END + 59 * 60_000);
      expect(await seqOf(clinicId)).toBe(before);

      // No visit was left open that day: the bookings alone close it.
      await closeDueDays(db, new Documents(db), END + 60 * 60_000);
      const booked0 = bookings[0]!.updatedAt;
      expect(await outcomes(clinicId)).toEqual({
        missed: ['no_show', booked0 + 1],
        came: ['arrived', booked0],
        'called-off': ['cancelled', booked0],
        tomorrow: ['booked', booked0],
      });
      expect((await readSettings(db, clinicId))!.closedThrough).toBe(DAY);
      const after = await seqOf(clinicId);
      await closeDueDays(db, new Documents(db), END + 5 * 3_600_000);
      expect(await seqOf(clinicId)).toBe(after);
    });

    it('when a tablet made the no-shows first, then the server writes nothing more', async () => {
      const clinicId = await clinicWithHours(30);
      const bookings = [booked(clinicId, 'a', 'booked'), booked(clinicId, 'b', 'booked')];
      await pushDocs(
        db,
        clinicId,
        'appointments',
        bookings.map((a) => ({ newDocumentState: a })),
      );
      const byTablet = dayNoShows(bookings, DAY);
      expect(byTablet).toHaveLength(2);
      await pushDocs(
        db,
        clinicId,
        'appointments',
        byTablet.map((a) => ({ assumedMasterState: bookings.find((b) => b.id === a.id)!, newDocumentState: { ...a, _deleted: false } })),
      );
      const afterTablet = await listDocs<Appointment>(db, clinicId, 'appointments');
      await closeDueDays(db, new Documents(db), END + 45 * 60_000);
      expect(await listDocs<Appointment>(db, clinicId, 'appointments')).toEqual(afterTablet);
    });
  });
});
