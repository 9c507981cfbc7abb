import { describe, expect, it } from 'vitest';
import { openingAt } from './hours.ts';
import type { OpeningHours } from './opening-hours.ts';

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
