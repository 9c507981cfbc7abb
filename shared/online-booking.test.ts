import { describe, expect, it } from 'vitest';
import { bookableSlot, freeSlotsByDoctor, MAX_SLOT_DAYS, offeredDays } from './online-booking.ts';
import { BOOKING_DEFAULTS, DOCTOR_DEFAULTS } from './doc-defaults.ts';
import type { Doctor, Settings } from './schemas.ts';
import { zonedTime } from './time.ts';

const TZ = 'Africa/Tunis';
// Monday 2 March 2026, 08:30 in Tunis.
const NOW = zonedTime('2026-03-02', 8, 30, TZ);
const settings: Pick<Settings, 'hours' | 'timeZone' | 'booking'> = {
  timeZone: TZ,
  hours: { spans: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '08:00', close: '10:00' })) },
  booking: { ...BOOKING_DEFAULTS, online: true, daysAhead: 3 },
};
const doctor = (id: string, over: Partial<Doctor> = {}): Doctor => ({
  id,
  clinicId: '00000000-0000-4000-8000-000000000000',
  name: id,
  room: '',
  active: true,
  ...DOCTOR_DEFAULTS,
  booking: { slotMinutes: 30, breaks: [], daysOff: [] },
  updatedAt: 0,
  ...over,
});
const at = (day: string, h: number, m: number) => zonedTime(day, h, m, TZ);

describe('offeredDays', () => {
  it('when a from day is given, then the days start there, inside the bookable days, at most the asked number', () => {
    expect(offeredDays(settings, NOW, null, 10)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(offeredDays(settings, NOW, '2026-03-03', 1)).toEqual(['2026-03-03']);
    expect(offeredDays(settings, NOW, '2026-02-01', 2)).toEqual(['2026-03-02', '2026-03-03']);
    expect(offeredDays(settings, NOW, '2026-04-01', 2)).toEqual([]);
    const far = { ...settings, booking: { ...settings.booking, daysAhead: 30 } };
    expect(offeredDays(far, NOW, null, 99)).toHaveLength(MAX_SLOT_DAYS);
  });
});

describe('freeSlotsByDoctor', () => {
  it('when a slot is held or past, then it is not offered; doctors without bookings or inactive are not listed', () => {
    const held = [{ id: 'a', doctorId: 'd1', start: at('2026-03-02', 9, 0), minutes: 30, status: 'booked' as const }];
    const cancelled = [{ id: 'b', doctorId: 'd1', start: at('2026-03-02', 9, 30), minutes: 30, status: 'cancelled' as const }];
    const out = freeSlotsByDoctor(
      [doctor('d1'), doctor('d2', { booking: null }), doctor('d3', { active: false })],
      settings,
      ['2026-03-02'],
      [...held, ...cancelled],
      NOW,
    );
    expect(out.map((d) => d.doctor.id)).toEqual(['d1']);
    // 08:00 and 08:30 have begun or passed at 08:30; 09:00 is held; the cancelled 09:30 is free again.
    expect(out[0]!.slots.map((s) => s.start)).toEqual([at('2026-03-02', 9, 30)]);
  });
});

describe('bookableSlot', () => {
  it('when the start is a slot of the doctor on a bookable day, then that slot; any other time, doctor or day, null', () => {
    const doctors = [doctor('d1'), doctor('d2', { booking: null })];
    expect(bookableSlot(doctors, settings, NOW, 'd1', at('2026-03-03', 9, 30))).toEqual({
      doctorId: 'd1',
      day: '2026-03-03',
      start: at('2026-03-03', 9, 30),
      minutes: 30,
    });
    expect(bookableSlot(doctors, settings, NOW, 'd1', at('2026-03-03', 9, 40))).toBeNull();
    expect(bookableSlot(doctors, settings, NOW, 'd1', at('2026-03-02', 8, 0))).toBeNull();
    expect(bookableSlot(doctors, settings, NOW, 'd1', at('2026-03-05', 9, 0))).toBeNull();
    expect(bookableSlot(doctors, settings, NOW, 'd2', at('2026-03-03', 9, 0))).toBeNull();
    expect(bookableSlot(doctors, settings, NOW, 'nobody', at('2026-03-03', 9, 0))).toBeNull();
  });
});
