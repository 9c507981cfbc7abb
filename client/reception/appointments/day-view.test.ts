import { describe, expect, it } from 'vitest';
import { bookAppointment } from '../../../shared/bookings.ts';
import { DOCTOR_DEFAULTS } from '../../../shared/doc-defaults.ts';
import type { OpeningHours } from '../../../shared/opening-hours.ts';
import type { Appointment, Doctor } from '../../../shared/schemas.ts';
import { bookableDoctors, dayView, expectedToday, weekDays, weekStart, weekView } from './day-view.ts';

const CLINIC = '0190f6c4-7a2b-7c3d-8e4f-123456789abc';
const TZ = 'Africa/Tunis'; // UTC+1 all year
const at = (day: string, h: number, m = 0) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10), h - 1, m);
const MONDAY = '2026-12-07';
const TUESDAY = '2026-12-08';
/** Mornings only, Monday to Friday: 08:00–10:00, four slots of 30 minutes. */
const HOURS: OpeningHours = { spans: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '08:00', close: '10:00' })) };
const SETTINGS = { hours: HOURS, timeZone: TZ };
const EARLY = at(MONDAY, 6);

function doctor(id: string, over: Partial<Doctor> = {}): Doctor {
  return {
    id,
    clinicId: CLINIC,
    name: `Dr ${id}`,
    room: id,
    active: true,
    ...DOCTOR_DEFAULTS,
    booking: { slotMinutes: 30, breaks: [], daysOff: [] },
    updatedAt: 1,
    ...over,
  };
}

function booking(id: string, doctorId: string, start: number, over: Partial<Appointment> = {}): Appointment {
  const a = bookAppointment(
    {
      id,
      clinicId: CLINIC,
      doctorId,
      start,
      minutes: 30,
      timeZone: TZ,
      name: `P ${id}`,
      phone: null,
      language: null,
      whatsapp: false,
      source: 'desk',
    },
    over.bookedAt ?? 1,
  );
  return { ...a, ...over };
}

const hhmm = (ms: number) => new Date(ms + 3_600_000).toISOString().slice(11, 16);

describe('dayView', () => {
  it('when doctors take appointments, then each has a column of their slots, free until booked', () => {
    const view = dayView([doctor('a'), doctor('b')], SETTINGS, MONDAY, [booking('x', 'a', at(MONDAY, 8, 30))], EARLY);
    expect(view.columns.map((c) => c.doctor.id)).toEqual(['a', 'b']);
    const [a, b] = view.columns;
    expect(a!.rows.map((r) => [hhmm(r.start), r.free, r.bookings.map((x) => x.id)])).toEqual([
      ['08:00', true, []],
      ['08:30', false, ['x']],
      ['09:00', true, []],
      ['09:30', true, []],
    ]);
    expect(b!.rows.every((r) => r.free && r.bookings.length === 0)).toBe(true);
  });

  it('when a doctor is walk-ins only or inactive, then they have no column', () => {
    const view = dayView([doctor('a', { booking: null }), doctor('b', { active: false }), doctor('c')], SETTINGS, MONDAY, [], EARLY);
    expect(view.columns.map((c) => c.doctor.id)).toEqual(['c']);
    expect(bookableDoctors([doctor('a', { booking: null }), doctor('c')]).map((d) => d.id)).toEqual(['c']);
  });

  it('when a booking was cancelled or moved, then its slot is free again and the booking stays shown after the live one', () => {
    const gone = booking('old', 'a', at(MONDAY, 9), { status: 'cancelled' });
    const moved = booking('away', 'a', at(MONDAY, 9, 30), { status: 'rescheduled', bookedAt: 1 });
    const live = booking('new', 'a', at(MONDAY, 9, 30), { bookedAt: 5 });
    const rows = dayView([doctor('a')], SETTINGS, MONDAY, [gone, moved, live], EARLY).columns[0]!.rows;
    expect(rows[2]).toMatchObject({ free: true, bookings: [gone] });
    expect(rows[3]!.free).toBe(false);
    expect(rows[3]!.bookings.map((x) => x.id)).toEqual(['new', 'away']);
  });

  it('when slots have passed, then the one under way is no longer free and those over show only with a booking', () => {
    const rows = dayView([doctor('a')], SETTINGS, MONDAY, [booking('x', 'a', at(MONDAY, 8))], at(MONDAY, 9, 10)).columns[0]!.rows;
    expect(rows.map((r) => [hhmm(r.start), r.free, r.bookings.length])).toEqual([
      ['08:00', false, 1],
      ['09:00', false, 0],
      ['09:30', true, 0],
    ]);
  });

  it('when a booking lies outside the schedule (a break added since, the doctor absent), then it gets a row of its own and nobody is lost', () => {
    const late = booking('late', 'a', at(MONDAY, 11));
    const absent = doctor('b', { absentDay: MONDAY });
    const kept = booking('kept', 'b', at(MONDAY, 8));
    const view = dayView([doctor('a'), absent], SETTINGS, MONDAY, [late, kept], EARLY);
    const [a, b] = view.columns;
    expect(a!.rows.at(-1)).toMatchObject({ start: late.start, inSchedule: false, free: false, bookings: [late] });
    expect(b!.rows).toEqual([{ start: kept.start, minutes: 30, inSchedule: false, free: false, bookings: [kept] }]);
  });

  it('when a doctor taken off appointments still has a booking that day, then their column shows it', () => {
    const view = dayView([doctor('a', { booking: null })], SETTINGS, MONDAY, [booking('x', 'a', at(MONDAY, 8))], EARLY);
    expect(view.columns.map((c) => [c.doctor.id, c.rows.length])).toEqual([['a', 1]]);
  });

  it('when two offline tablets booked one slot, then the later booking is flagged on every device, in any order', () => {
    const first = booking('p', 'a', at(MONDAY, 8), { bookedAt: 10 });
    const second = booking('q', 'a', at(MONDAY, 8), { bookedAt: 20 });
    const one = dayView([doctor('a')], SETTINGS, MONDAY, [first, second], EARLY);
    const other = dayView([doctor('a')], SETTINGS, MONDAY, [second, first], EARLY);
    expect([...one.displaced]).toEqual(['q']);
    expect([...other.displaced]).toEqual(['q']);
    expect(one.columns[0]!.rows[0]!.bookings.map((x) => x.id)).toEqual(['p', 'q']);
  });

  it('when bookings of other days are in the list, then the day shows only its own', () => {
    const view = dayView([doctor('a')], SETTINGS, MONDAY, [booking('t', 'a', at(TUESDAY, 8))], EARLY);
    expect(view.columns[0]!.rows.every((r) => r.bookings.length === 0)).toBe(true);
  });
});

describe('weekView', () => {
  it('when a week is shown, then it runs Monday to Sunday whichever day it was opened on', () => {
    expect(weekStart('2026-12-10')).toBe(MONDAY);
    expect(weekStart(MONDAY)).toBe(MONDAY);
    expect(weekStart('2026-12-13')).toBe(MONDAY);
    expect(weekDays('2026-12-10')).toEqual([
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ]);
  });

  it('when bookings fill a week, then each day counts its slots, free slots and who holds one, the weekend and days off empty', () => {
    const a = doctor('a', { booking: { slotMinutes: 30, breaks: [], daysOff: [2] } });
    const bookings = [
      booking('m2', 'a', at(MONDAY, 9)),
      booking('m1', 'a', at(MONDAY, 8)),
      booking('mc', 'a', at(MONDAY, 8, 30), { status: 'cancelled' }),
      booking('t1', 'a', at(TUESDAY, 8)),
    ];
    const [row] = weekView([a, doctor('b', { booking: null })], SETTINGS, MONDAY, bookings, EARLY);
    expect(row!.doctor.id).toBe('a');
    expect(row!.days.map((d) => [d.day.slice(8), d.slots, d.free, d.booked.map((x) => x.id)])).toEqual([
      ['07', 4, 2, ['m1', 'm2']],
      ['08', 0, 0, ['t1']],
      ['09', 4, 4, []],
      ['10', 4, 4, []],
      ['11', 4, 4, []],
      ['12', 0, 0, []],
      ['13', 0, 0, []],
    ]);
  });
});

describe('expectedToday', () => {
  it("when the desk looks at today's bookings, then those still booked show by slot time, arrived and cancelled ones do not", () => {
    const list = expectedToday(
      [
        booking('b', 'a', at(MONDAY, 9)),
        booking('a', 'a', at(MONDAY, 8)),
        booking('in', 'a', at(MONDAY, 8, 30), { status: 'arrived' }),
        booking('x', 'a', at(MONDAY, 9, 30), { status: 'cancelled' }),
        booking('t', 'a', at(TUESDAY, 8)),
      ],
      MONDAY,
    );
    expect(list.map((x) => x.id)).toEqual(['a', 'b']);
  });
});
