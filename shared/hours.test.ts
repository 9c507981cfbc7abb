import { describe, expect, it } from 'vitest';
import { lastCloseOn, nextOpenDay, openingAt, spansOn } from './hours.ts';
import { OpeningHours } from './opening-hours.ts';

const TZ = 'Africa/Tunis'; // UTC+1, no summer time
/** Monday to Friday 08:00–12:00 and 14:00–18:00; Saturday 08:00–12:00; closed on Sunday. */
const HOURS: OpeningHours = {
  spans: [1, 2, 3, 4, 5]
    .flatMap((weekday) => [
      { weekday, open: '08:00', close: '12:00' },
      { weekday, open: '14:00', close: '18:00' },
    ])
    .concat([{ weekday: 6, open: '08:00', close: '12:00' }]),
};
// 2026-12-07 is a Monday. Tunis wall clock = UTC + 1.
const tunis = (day: string, h: number, m = 0) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10), h - 1, m);

describe('openingAt', () => {
  it('when the clinic set no hours, then it is always open', () => {
    expect(openingAt(null, tunis('2026-12-06', 3), TZ)).toEqual({ open: true });
    expect(openingAt({ spans: [] }, tunis('2026-12-06', 3), TZ)).toEqual({ open: true });
  });

  it('when inside a span, then open; its closing minute is closed', () => {
    expect(openingAt(HOURS, tunis('2026-12-07', 8), TZ)).toEqual({ open: true });
    expect(openingAt(HOURS, tunis('2026-12-07', 11, 59), TZ)).toEqual({ open: true });
    expect(openingAt(HOURS, tunis('2026-12-07', 12), TZ)).toEqual({ open: false, next: tunis('2026-12-07', 14) });
  });

  it('when closed, then the next opening: after lunch, the next morning, or Monday after the weekend', () => {
    expect(openingAt(HOURS, tunis('2026-12-07', 6), TZ)).toEqual({ open: false, next: tunis('2026-12-07', 8) });
    expect(openingAt(HOURS, tunis('2026-12-07', 19), TZ)).toEqual({ open: false, next: tunis('2026-12-08', 8) });
    expect(openingAt(HOURS, tunis('2026-12-12', 13), TZ)).toEqual({ open: false, next: tunis('2026-12-14', 8) });
    // Just after midnight UTC is already Sunday 01:00 in Tunis.
    expect(openingAt(HOURS, Date.UTC(2026, 11, 6, 0, 30), TZ)).toEqual({ open: false, next: tunis('2026-12-07', 8) });
  });

  it('when the clinic opens one day a week, then the next opening is a week on', () => {
    const weekly: OpeningHours = { spans: [{ weekday: 1, open: '09:00', close: '10:00' }] };
    expect(openingAt(weekly, tunis('2026-12-07', 10, 30), TZ)).toEqual({ open: false, next: tunis('2026-12-14', 9) });
  });
});

describe('date overrides', () => {
  const RAMADAN = { from: '2026-02-18', to: '2026-03-19', spans: [{ open: '09:00', close: '14:00' }] };
  const EID = { from: '2026-03-20', to: '2026-03-22', spans: [] };
  const WITH: OpeningHours = { ...HOURS, overrides: [RAMADAN, EID, { from: '2026-03-02', to: '2026-03-02', spans: [] }] };

  it('when a holiday covers the day, then the clinic is closed and reopens on the next working day', () => {
    // 2026-03-20 is a Friday: Eid runs to Sunday, so Monday 23rd at 08:00.
    expect(openingAt(WITH, tunis('2026-03-20', 10), TZ)).toEqual({ open: false, next: tunis('2026-03-23', 8) });
    expect(spansOn(WITH, '2026-03-21')).toEqual([]);
  });

  it('when Ramadan hours cover the day, then they replace the weekday hours', () => {
    expect(openingAt(WITH, tunis('2026-03-04', 13), TZ)).toEqual({ open: true });
    expect(openingAt(WITH, tunis('2026-03-04', 15), TZ)).toEqual({ open: false, next: tunis('2026-03-05', 9) });
    expect(lastCloseOn(WITH, '2026-03-04', TZ)).toBe(tunis('2026-03-04', 14));
  });

  it('when a one-day holiday falls inside Ramadan, then the shorter run wins', () => {
    expect(spansOn(WITH, '2026-03-02')).toEqual([]);
    expect(openingAt(WITH, tunis('2026-03-02', 10), TZ)).toEqual({ open: false, next: tunis('2026-03-03', 9) });
  });

  it('when the next open day is asked, then holidays and closed weekdays are skipped', () => {
    expect(nextOpenDay(WITH, '2026-03-19')).toBe('2026-03-23');
    expect(nextOpenDay(null, '2026-03-19')).toBe('2026-03-20');
  });

  it('when the clock changes for summer time, then the spans stay at their wall-clock times', () => {
    // Paris moves to summer time on 2026-03-29 at 02:00 (UTC+1 → UTC+2).
    const paris: OpeningHours = {
      spans: [{ weekday: 1, open: '08:00', close: '12:00' }],
      overrides: [{ from: '2026-03-29', to: '2026-03-29', spans: [{ open: '01:00', close: '04:00' }] }],
    };
    expect(openingAt(paris, Date.UTC(2026, 2, 29, 0, 30), 'Europe/Paris')).toEqual({ open: true }); // 01:30 CET
    expect(lastCloseOn(paris, '2026-03-29', 'Europe/Paris')).toBe(Date.UTC(2026, 2, 29, 2)); // 04:00 CEST
    expect(openingAt(paris, Date.UTC(2026, 2, 29, 3), 'Europe/Paris')).toEqual({ open: false, next: Date.UTC(2026, 2, 30, 6) });
  });

  it('when an override is too long or too many, then the schema refuses it', () => {
    expect(OpeningHours.safeParse({ spans: [], overrides: [{ from: '2026-01-01', to: '2026-06-01', spans: [] }] }).success).toBe(false);
    expect(OpeningHours.safeParse({ spans: [], overrides: Array.from({ length: 41 }, () => EID) }).success).toBe(false);
    expect(OpeningHours.safeParse({ spans: [], overrides: [{ from: '2026-03-05', to: '2026-03-04', spans: [] }] }).success).toBe(false);
    expect(OpeningHours.safeParse(WITH).success).toBe(true);
  });
});
