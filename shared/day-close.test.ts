import { describe, expect, it } from 'vitest';
import {
  autoClose,
  autoCloseAt,
  closableNow,
  closeAppointment,
  closeDay,
  closeEntry,
  dayNoShows,
  daySummary,
  recordClose,
  scheduledEnd,
} from './day-close.ts';
import { bookAppointment } from './bookings.ts';
import { APPOINTMENT_GROUPS } from './merge.ts';
import { ENTRY_DEFAULTS, SETTINGS_DEFAULTS } from './doc-defaults.ts';
import { ENTRY_GROUPS, mergeDocs } from './merge.ts';
import type { Appointment, AppointmentStatus, Entry, EntryStatus, Settings } from './schemas.ts';

const TZ = 'Africa/Tunis'; // UTC+1
const tunis = (day: string, h: number, m = 0) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10), h - 1, m);
const DAY = '2026-12-07'; // a Monday
const CLINIC = '0190f6c4-7a2b-7c3d-8e4f-123456789abc';

const settings: Settings = {
  id: CLINIC,
  clinicId: CLINIC,
  name: 'Cabinet',
  timeZone: TZ,
  languages: ['fr'],
  ticketPrefix: '',
  defaultConsultationMinutes: 15,
  selfCheckIn: true,
  display: 'tickets',
  retentionDays: 90,
  ...SETTINGS_DEFAULTS,
  // Monday to Friday 08:00–17:00; Saturday to Sunday closed.
  hours: { spans: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '08:00', close: '17:00' })) },
  updatedAt: 1,
};

function entry(id: string, status: EntryStatus, over: Partial<Entry> = {}): Entry {
  const arrivedAt = tunis(DAY, 9);
  return {
    id,
    clinicId: CLINIC,
    day: DAY,
    ticket: `A-00${id}`,
    name: `Patient ${id}`,
    phone: null,
    doctorId: 'doc-1',
    priority: 'normal',
    status,
    rank: `a${id}`,
    source: 'reception',
    arrivedAt,
    calledAt: ['called', 'in_consultation', 'done', 'no_show'].includes(status) ? arrivedAt + 20 * 60_000 : null,
    startedAt: status === 'in_consultation' || status === 'done' ? arrivedAt + 21 * 60_000 : null,
    endedAt: status === 'done' || status === 'no_show' || status === 'cancelled' ? arrivedAt + 30 * 60_000 : null,
    ...ENTRY_DEFAULTS,
    cancelReason: status === 'cancelled' ? 'left' : null,
    updatedAt: arrivedAt + 30 * 60_000,
    ...over,
  };
}

const END = tunis(DAY, 17);

describe('closeEntry: each status', () => {
  const to = { day: '2026-12-08', entries: [] };
  it('when a consultation is left open, then it is ended at the day’s close', () => {
    const e = entry('1', 'in_consultation');
    expect(closeEntry(e, 'not_seen', END, to)).toEqual({ ...e, status: 'done', endedAt: END, updatedAt: END });
  });

  it('when patients still wait or were called, then they are not seen, or waiting on the next day when carried over', () => {
    for (const status of ['waiting', 'called'] as const) {
      const e = entry('2', status);
      expect(closeEntry(e, 'not_seen', END, to)).toEqual({ ...e, status: 'not_seen', endedAt: END, updatedAt: END });
      expect(closeEntry(e, 'carry_over', END, to)).toEqual({ ...e, day: '2026-12-08', status: 'waiting', calledAt: null, updatedAt: END });
    }
  });

  it('when a remote check-in never arrived, then it is not seen whatever the choice', () => {
    const e = entry('3', 'expected');
    expect(closeEntry(e, 'carry_over', END, to)?.status).toBe('not_seen');
  });

  it('when the visit had ended, then nothing is written', () => {
    for (const status of ['done', 'no_show', 'cancelled', 'not_seen'] as const)
      expect(closeEntry(entry('4', status), 'not_seen', END, to)).toBeNull();
  });

  it('when the next day already gave out the carried ticket, then the patient gets the next free one', () => {
    const e = entry('2', 'waiting', { ticket: 'A-001' });
    const there = [{ day: '2026-12-08', ticket: 'A-001' }];
    expect(closeEntry(e, 'carry_over', END, { day: '2026-12-08', entries: there })?.ticket).toBe('A-002');
  });

  it('when the visit was written after the close time, then the close is later still', () => {
    const e = entry('2', 'waiting', { updatedAt: END + 5 });
    expect(closeEntry(e, 'not_seen', END, to)?.updatedAt).toBe(END + 6);
  });
});

describe('closeDay', () => {
  const day = [entry('1', 'in_consultation'), entry('2', 'waiting'), entry('3', 'done'), entry('5', 'waiting', { day: '2026-12-08' })];

  it('when two devices close the same day after its end, from the same documents, then they write identical documents', () => {
    const a = closeDay(settings, day, DAY, 'not_seen', END + 61 * 60_000);
    const b = closeDay(settings, [...day].reverse(), DAY, 'not_seen', END + 5 * 3_600_000);
    expect(a).toEqual(b);
    expect(a.map((e) => [e.id, e.status])).toEqual([
      ['1', 'done'],
      ['2', 'not_seen'],
    ]);
  });

  it('when carried over on a Friday, then the patients wait on Monday', () => {
    const friday = entry('2', 'waiting', { day: '2026-12-11' });
    expect(closeDay(settings, [friday], '2026-12-11', 'carry_over', tunis('2026-12-11', 20))[0]?.day).toBe('2026-12-14');
  });

  it('when closed by hand before the end, then it is dated when it happened', () => {
    const at = tunis(DAY, 15);
    expect(closeDay(settings, day, DAY, 'not_seen', at)[1]?.endedAt).toBe(at);
  });

  it('when two devices close concurrently with different choices, then the close the server took first is kept whole on both', () => {
    const base = { ...entry('2', 'waiting'), _deleted: false };
    const carried = { ...closeDay(settings, [base], DAY, 'carry_over', END + 1)[0]!, _deleted: false };
    const notSeen = { ...closeDay(settings, [base], DAY, 'not_seen', END + 2)[0]!, _deleted: false };
    // The server took the carry-over: the other device's push conflicts and it resolves with the server's copy as remote.
    expect(mergeDocs(base, notSeen, carried, ENTRY_GROUPS)).toEqual(carried);
    // And the other way round: never a mix such as "not seen" on the next day.
    expect(mergeDocs(base, carried, notSeen, ENTRY_GROUPS)).toEqual(notSeen);
  });

  it('when two devices close the same way, then merging changes nothing', () => {
    const base = { ...entry('2', 'waiting'), _deleted: false };
    const closed = { ...closeDay(settings, [base], DAY, 'not_seen', END + 9)[0]!, _deleted: false };
    expect(mergeDocs(base, closed, { ...closed }, ENTRY_GROUPS)).toEqual(closed);
  });
});

describe('when the day closes itself', () => {
  it('when the clinic has hours, then closeAfterMinutes after the last span; at midnight on a closed day; never when null', () => {
    expect(autoCloseAt(settings, DAY)).toBe(END + 60 * 60_000);
    expect(autoCloseAt(settings, '2026-12-06')).toBe(tunis('2026-12-07', 0));
    expect(autoCloseAt({ ...settings, hours: null }, DAY)).toBe(tunis('2026-12-08', 0));
    expect(autoCloseAt({ ...settings, closeAfterMinutes: null }, DAY)).toBeNull();
    expect(scheduledEnd(settings, DAY)).toBe(END);
  });

  it('when the time has passed, then the open visits are closed, those a tablet brings late of past days included', () => {
    const open = [entry('2', 'waiting', { day: '2026-12-01' }), entry('3', 'in_consultation'), entry('4', 'done', { day: '2026-12-02' })];
    const days = (now: number, s = settings) => autoClose(s, open, [], DAY, now).map((c) => [c.day, c.writes.map((e) => e.status)]);
    expect(days(END + 59 * 60_000)).toEqual([['2026-12-01', ['not_seen']]]);
    expect(days(END + 60 * 60_000)).toEqual([
      ['2026-12-01', ['not_seen']],
      [DAY, ['done']],
    ]);
    expect(days(END + 3_600_000, { ...settings, closeAfterMinutes: null })).toEqual([]);
  });

  it('when a patient is registered after the close time, then they wait until the day is over', () => {
    const late = entry('7', 'waiting', { arrivedAt: END + 2 * 3_600_000 });
    expect(closableNow(settings, late, DAY, END + 3 * 3_600_000)).toBe(false);
    expect(closableNow(settings, late, '2026-12-08', tunis('2026-12-08', 0, 5))).toBe(true);
    expect(closableNow(settings, entry('8', 'waiting'), DAY, END + 3_600_000)).toBe(true);
  });

  it('when the close is recorded, then closedThrough only moves forward', () => {
    expect(recordClose(settings, DAY, END)).toEqual({ ...settings, closedThrough: DAY, updatedAt: END });
    expect(recordClose({ ...settings, closedThrough: '2026-12-08' }, DAY, END)).toBeNull();
  });
});

describe('bookings at the close', () => {
  const booked = (id: string, status: AppointmentStatus = 'booked', over: Partial<Appointment> = {}): Appointment => ({
    ...bookAppointment(
      {
        id,
        clinicId: CLINIC,
        doctorId: 'doc-1',
        start: tunis(DAY, 10),
        minutes: 20,
        timeZone: TZ,
        name: `Booked ${id}`,
        phone: null,
        language: null,
        whatsapp: false,
        source: 'desk',
      },
      tunis('2026-12-01', 9),
    ),
    status,
    ...over,
  });

  it('when a booking is still booked at the close, then it is a no-show; a booking with an outcome is left alone', () => {
    const a = booked('a');
    expect(closeAppointment(a)).toEqual({ ...a, status: 'no_show', updatedAt: a.updatedAt + 1 });
    for (const status of ['arrived', 'cancelled', 'rescheduled', 'no_show'] as const)
      expect(closeAppointment(booked('a', status))).toBeNull();
  });

  it('when two devices close the same day after its end, from the same documents, then they write identical no-shows', () => {
    const day = [booked('b'), booked('a'), booked('c', 'arrived'), booked('d', 'booked', { day: '2026-12-08' })];
    const a = dayNoShows(day, DAY);
    const b = dayNoShows([...day].reverse(), DAY);
    expect(a).toEqual(b);
    expect(a.map((x) => [x.id, x.status, x.updatedAt])).toEqual([
      ['a', 'no_show', booked('a').updatedAt + 1],
      ['b', 'no_show', booked('b').updatedAt + 1],
    ]);
  });

  it("when a desk recorded an arrival or a cancellation during the day, offline, and the day was closed elsewhere, then the desk's outcome stays, whichever reached the server first", () => {
    const base = { ...booked('a'), _deleted: false };
    const noShow = { ...closeAppointment(booked('a'))!, _deleted: false };
    // Stamped during the day, hours before the close: after the booking the desk saw, which is all the clock promises.
    const during = base.updatedAt + 3_600_000;
    expect(during).toBeLessThan(END);
    for (const outcome of [
      { ...booked('a', 'arrived', { entryId: 'e1', updatedAt: during }), _deleted: false },
      { ...booked('a', 'cancelled', { updatedAt: during }), _deleted: false },
    ]) {
      expect(mergeDocs(base, noShow, outcome, APPOINTMENT_GROUPS)).toMatchObject({ status: outcome.status, entryId: outcome.entryId });
      expect(mergeDocs(base, outcome, noShow, APPOINTMENT_GROUPS)).toMatchObject({ status: outcome.status, entryId: outcome.entryId });
    }
  });

  it('when the day closes itself, then its bookings still booked become no-shows, also on a day with no open visit', () => {
    const days = (now: number) =>
      autoClose(
        settings,
        [entry('3', 'in_consultation')],
        [booked('a'), booked('b', 'arrived'), booked('c', 'booked', { day: '2026-12-08' })],
        DAY,
        now,
      ).map((c) => [c.day, c.writes.map((e) => e.id), c.noShows.map((a) => a.id)]);
    expect(days(END + 59 * 60_000)).toEqual([]);
    expect(days(END + 60 * 60_000)).toEqual([[DAY, ['3'], ['a']]]);
    const onlyBookings = autoClose(settings, [], [booked('a', 'booked', { day: '2026-12-04' })], DAY, END);
    expect(onlyBookings.map((c) => [c.day, c.writes.length, c.noShows.length])).toEqual([['2026-12-04', 0, 1]]);
  });
});

describe('daySummary', () => {
  it('when the day is closed, then visits, outcomes and waits, per doctor', () => {
    const entries = [
      entry('1', 'done'),
      entry('2', 'not_seen'),
      entry('3', 'no_show', { doctorId: 'doc-2', calledAt: tunis(DAY, 10) }),
      entry('4', 'cancelled'),
      entry('6', 'done', { day: '2026-12-08' }),
    ];
    expect(daySummary(entries, DAY)).toEqual({
      day: DAY,
      visits: 4,
      cancelled: 1,
      seen: 1,
      noShows: 1,
      notSeen: 1,
      medianWait: 40,
      longestWait: 60,
      perDoctor: [
        { doctorId: 'doc-1', seen: 1, noShows: 0, notSeen: 1, medianWait: 20 },
        { doctorId: 'doc-2', seen: 0, noShows: 1, notSeen: 0, medianWait: 60 },
      ],
    });
  });
});
