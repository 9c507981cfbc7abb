import { describe, expect, it } from 'vitest';
import { bookAppointment } from './bookings.ts';
import { BOOKING_DEFAULTS, DOCTOR_DEFAULTS } from './doc-defaults.ts';
import type { OpeningHours } from './opening-hours.ts';
import type { Doctor, DoctorBooking } from './schemas.ts';
import { bookableDays, doctorSlots, freeSlots, type Slot } from './slots.ts';

const CLINIC = '0190f6c4-7a2b-7c3d-8e4f-123456789abc';
const TUNIS = 'Africa/Tunis'; // UTC+1 all year
const PARIS = 'Europe/Paris'; // UTC+1, UTC+2 from the last Sunday of March to the last Sunday of October
const tunis = (day: string, h: number, m = 0) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10), h - 1, m);
const MONDAY = '2026-12-07';

const WEEK: OpeningHours = {
  spans: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, open: '08:00', close: '12:00' },
    { weekday, open: '14:00', close: '17:00' },
  ]),
};

function doctor(booking: Partial<DoctorBooking> | null = {}, over: Partial<Doctor> = {}): Doctor {
  return {
    id: 'doc-1',
    clinicId: CLINIC,
    name: 'Dr A',
    room: '1',
    active: true,
    ...DOCTOR_DEFAULTS,
    booking: booking && { slotMinutes: 30, breaks: [], daysOff: [], ...booking },
    updatedAt: 1,
    ...over,
  };
}

const wall = (slots: readonly Slot[], offsetHours: number) =>
  slots.map((s) => new Date(s.start + offsetHours * 3_600_000).toISOString().slice(11, 16));

describe('doctorSlots', () => {
  it('when a doctor takes bookings, then each opening span is cut into their slot length', () => {
    const slots = doctorSlots(doctor({ slotMinutes: 60 }), { hours: WEEK, timeZone: TUNIS }, MONDAY);
    expect(wall(slots, 1)).toEqual(['08:00', '09:00', '10:00', '11:00', '14:00', '15:00', '16:00']);
    expect(slots[0]).toEqual({ doctorId: 'doc-1', day: MONDAY, start: tunis(MONDAY, 8), minutes: 60 });
  });

  it('when a slot would run past the close, then it is not offered', () => {
    const slots = doctorSlots(doctor({ slotMinutes: 45 }), { hours: WEEK, timeZone: TUNIS }, MONDAY);
    expect(wall(slots, 1)).toEqual(['08:00', '08:45', '09:30', '10:15', '11:00', '14:00', '14:45', '15:30', '16:15']);
  });

  it('when the doctor has a break, then no slot overlaps it and the grid starts again at its end', () => {
    const slots = doctorSlots(
      doctor({ slotMinutes: 30, breaks: [{ from: '09:45', to: '10:15' }] }),
      { hours: WEEK, timeZone: TUNIS },
      MONDAY,
    );
    expect(wall(slots, 1).slice(0, 7)).toEqual(['08:00', '08:30', '09:00', '10:15', '10:45', '11:15', '14:00']);
  });

  it('when the doctor takes no bookings, is inactive, absent that day or off that weekday, or the clinic set no hours, then none', () => {
    const settings = { hours: WEEK, timeZone: TUNIS };
    expect(doctorSlots(doctor(null), settings, MONDAY)).toEqual([]);
    expect(doctorSlots(doctor({}, { active: false }), settings, MONDAY)).toEqual([]);
    expect(doctorSlots(doctor({}, { absentDay: MONDAY }), settings, MONDAY)).toEqual([]);
    expect(doctorSlots(doctor({}, { absentDay: '2026-12-08' }), settings, MONDAY)).toHaveLength(14);
    expect(doctorSlots(doctor({ daysOff: [1] }), settings, MONDAY)).toEqual([]);
    expect(doctorSlots(doctor({ daysOff: [1] }), settings, '2026-12-08')).toHaveLength(14);
    expect(doctorSlots(doctor(), { hours: null, timeZone: TUNIS }, MONDAY)).toEqual([]);
    expect(doctorSlots(doctor(), settings, '2026-12-06')).toEqual([]); // a Sunday: closed
  });

  it('when a date override covers the day, then its hours: a holiday has no slots, Ramadan its shorter day', () => {
    const hours: OpeningHours = {
      ...WEEK,
      overrides: [
        { from: '2027-02-08', to: '2027-03-09', spans: [{ open: '09:00', close: '11:00' }] },
        { from: '2027-03-01', to: '2027-03-01', spans: [] },
      ],
    };
    const d = doctor({ slotMinutes: 60 });
    expect(wall(doctorSlots(d, { hours, timeZone: TUNIS }, '2027-02-15'), 1)).toEqual(['09:00', '10:00']);
    expect(doctorSlots(d, { hours, timeZone: TUNIS }, '2027-03-01')).toEqual([]);
    expect(wall(doctorSlots(d, { hours, timeZone: TUNIS }, '2027-03-15'), 1)).toHaveLength(7);
  });

  it('when the clocks change, then slots keep their wall-clock times: 09:00 Paris is 08:00 UTC in winter, 07:00 UTC in summer', () => {
    const hours: OpeningHours = { spans: [0, 1].map((weekday) => ({ weekday, open: '09:00', close: '10:00' })) };
    const d = doctor({ slotMinutes: 60 });
    expect(doctorSlots(d, { hours, timeZone: PARIS }, '2027-03-22')[0]!.start).toBe(Date.UTC(2027, 2, 22, 8));
    expect(doctorSlots(d, { hours, timeZone: PARIS }, '2027-03-29')[0]!.start).toBe(Date.UTC(2027, 2, 29, 7));
    expect(doctorSlots(d, { hours, timeZone: PARIS }, '2027-10-31')[0]!.start).toBe(Date.UTC(2027, 9, 31, 8));
  });

  it('when the clocks change inside the opening hours, then every slot offered lasts its length and none overlap', () => {
    // A night service open 01:00–05:00 on the nights the clocks go forward (28 March 2027) and back (31 October 2027).
    const hours: OpeningHours = { spans: [{ weekday: 0, open: '01:00', close: '05:00' }] };
    const d = doctor({ slotMinutes: 30 });
    const utc = (day: string) => wall(doctorSlots(d, { hours, timeZone: PARIS }, day), 0);
    // Forward: 02:00–03:00 does not exist; 01:30 CET (00:30 UTC) still lasts 30 minutes, to 03:00 CEST.
    expect(utc('2027-03-28')).toEqual(['00:00', '00:30', '01:00', '01:30', '02:00', '02:30']);
    // Back: 02:00–03:00 happens twice; the slot from 01:30 CEST would last 90 minutes, and the hour is offered once.
    expect(utc('2027-10-31')).toEqual(['23:00', '01:00', '01:30', '02:00', '02:30', '03:00', '03:30']);
  });
});

describe('freeSlots', () => {
  const slots = doctorSlots(doctor({ slotMinutes: 30 }), { hours: WEEK, timeZone: TUNIS }, MONDAY);
  const booking = (id: string, h: number, m: number, minutes = 30, doctorId = 'doc-1') =>
    bookAppointment(
      {
        id,
        clinicId: CLINIC,
        doctorId,
        start: tunis(MONDAY, h, m),
        minutes,
        timeZone: TUNIS,
        name: 'P',
        phone: null,
        language: null,
        whatsapp: false,
        source: 'desk',
      },
      1,
    );

  it('when slots are booked or the patient arrived, then they are taken; cancelled and moved bookings free theirs', () => {
    const free = freeSlots(
      slots,
      [
        booking('a', 8, 0),
        { ...booking('b', 8, 30), status: 'arrived' },
        { ...booking('c', 9, 0), status: 'cancelled' },
        { ...booking('d', 9, 30), status: 'rescheduled' },
        { ...booking('e', 10, 0), status: 'no_show' },
        booking('f', 10, 30, 30, 'doc-2'),
      ],
      0,
    );
    expect(wall(free, 1).slice(0, 4)).toEqual(['09:00', '09:30', '10:00', '10:30']);
  });

  it('when a booking is longer or off the grid, then every slot it overlaps is taken', () => {
    expect(wall(freeSlots(slots, [booking('a', 8, 15, 50)], 0), 1).slice(0, 2)).toEqual(['09:30', '10:00']);
  });

  it('when a slot has started, then it is not offered', () => {
    expect(wall(freeSlots(slots, [], tunis(MONDAY, 9)), 1)[0]).toBe('09:30');
  });
});

describe('bookableDays', () => {
  it('when the clinic offers 3 days ahead, then today and the next two on its calendar', () => {
    // 23:30 UTC on the 6th is already the 7th in Tunis.
    const days = bookableDays({ timeZone: TUNIS, booking: { ...BOOKING_DEFAULTS, daysAhead: 3 } }, Date.UTC(2026, 11, 6, 23, 30));
    expect(days).toEqual(['2026-12-07', '2026-12-08', '2026-12-09']);
  });
});
