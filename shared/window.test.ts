import { describe, expect, it } from 'vitest';
import {
  PURGE_CLOCK_GRACE_MS,
  PastDays,
  appointmentKeptOnTablet,
  entryInWindow,
  keptOnTablet,
  purgeBounds,
  retainFromDay,
  windowBounds,
} from './window.ts';

// 2026-12-06 10:00 in Tunis (UTC+1).
const NOW = Date.UTC(2026, 11, 6, 9, 0);
const TUNIS = 'Africa/Tunis';
const visit = (day: string, status: 'waiting' | 'called' | 'in_consultation' | 'done' | 'no_show' | 'cancelled', updatedAt: number) => ({
  day,
  status,
  updatedAt,
});
const longAgo = Date.UTC(2026, 0, 1);

describe('windowBounds', () => {
  it('when one past day is kept, then the window starts at yesterday’s local midnight', () => {
    const b = windowBounds(NOW, TUNIS, 1);
    expect(b.fromDay).toBe('2026-12-05');
    expect(new Date(b.fromMillis).toISOString()).toBe('2026-12-04T23:00:00.000Z');
  });

  it('when it is just after midnight in the clinic but still the previous day in UTC, then "today" is the clinic’s', () => {
    const justAfter = Date.UTC(2026, 11, 5, 23, 30);
    expect(windowBounds(justAfter, TUNIS, 0).fromDay).toBe('2026-12-06');
    expect(windowBounds(justAfter, 'UTC', 0).fromDay).toBe('2026-12-05');
  });

  it('when the window crosses a month, a year or a DST change, then the day and its midnight are the calendar’s', () => {
    expect(windowBounds(Date.UTC(2027, 0, 1, 12), TUNIS, 7).fromDay).toBe('2026-12-25');
    // Paris goes to summer time on 2026-03-29: midnight of the 28th is still UTC+1.
    const b = windowBounds(Date.UTC(2026, 2, 30, 12), 'Europe/Paris', 2);
    expect(b.fromDay).toBe('2026-03-28');
    expect(new Date(b.fromMillis).toISOString()).toBe('2026-03-27T23:00:00.000Z');
  });

  it('when a clinic asks for more past days than the maximum, then the setting is refused', () => {
    expect(PastDays.safeParse(7).success).toBe(true);
    expect(PastDays.safeParse(8).success).toBe(false);
    expect(PastDays.safeParse(-1).success).toBe(false);
  });
});

describe('entryInWindow', () => {
  const b = windowBounds(NOW, TUNIS, 1);

  it('when a visit is of today or of a kept past day, then it is inside whatever its status', () => {
    for (const status of ['done', 'cancelled', 'no_show', 'waiting'] as const) {
      expect(entryInWindow(visit('2026-12-06', status, longAgo), b)).toBe(true);
      expect(entryInWindow(visit('2026-12-05', status, longAgo), b)).toBe(true);
    }
  });

  it('when an old visit is over and untouched since, then it is outside', () => {
    for (const status of ['done', 'cancelled', 'no_show'] as const)
      expect(entryInWindow(visit('2026-12-04', status, longAgo), b)).toBe(false);
    expect(entryInWindow({ ...visit('2026-12-04', 'waiting', longAgo), _deleted: true }, b)).toBe(false);
  });

  it('when an old visit is still open, then it is inside: a waiting patient never vanishes', () => {
    for (const status of ['waiting', 'called', 'in_consultation'] as const)
      expect(entryInWindow(visit('2025-06-01', status, longAgo), b)).toBe(true);
  });

  it('when an old visit was changed inside the window (closed elsewhere, reopened), then it is inside until the change leaves it', () => {
    expect(entryInWindow(visit('2025-06-01', 'done', b.fromMillis), b)).toBe(true);
    expect(entryInWindow(visit('2025-06-01', 'done', b.fromMillis - 1), b)).toBe(false);
  });

  it('when the tablet purges, then its bounds are those of a moment earlier, never narrower than the server’s', () => {
    const atMidnight = Date.UTC(2026, 11, 5, 23, 0) + 60_000;
    const p = purgeBounds(atMidnight, TUNIS, 1);
    const s = windowBounds(atMidnight, TUNIS, 1);
    expect(p.fromDay <= s.fromDay && p.fromMillis <= s.fromMillis).toBe(true);
    expect(p).toEqual(windowBounds(atMidnight - PURGE_CLOCK_GRACE_MS, TUNIS, 1));
  });
});

describe('keptOnTablet', () => {
  const b = windowBounds(Date.UTC(2026, 11, 6, 10), 'Africa/Tunis', 1);
  it('when a visit is left open from a day past the retention period, then the tablet no longer keeps it', () => {
    const from = retainFromDay(Date.UTC(2026, 11, 6, 10), 'Africa/Tunis', 30);
    expect(from).toBe('2026-11-06');
    const open = { day: '2026-11-05', status: 'waiting' as const, updatedAt: 0 };
    expect(entryInWindow(open, b)).toBe(true);
    expect(keptOnTablet(open, b, from)).toBe(false);
    expect(keptOnTablet({ ...open, day: '2026-11-06' }, b, from)).toBe(true);
  });
});

describe('appointmentKeptOnTablet', () => {
  const b = windowBounds(NOW, TUNIS, 1);
  const from = retainFromDay(NOW, TUNIS, 30);
  const booking = (day: string, updatedAt = longAgo) => ({ day, updatedAt });

  it('when a booking is of today, of a kept past day or of any day to come, then the tablet keeps it', () => {
    for (const day of ['2026-12-05', '2026-12-06', '2026-12-07', '2027-03-01'])
      expect(appointmentKeptOnTablet(booking(day), b, from)).toBe(true);
  });

  it('when a booking is of an older day, then it leaves the tablet whatever its status, unless it changed inside the window', () => {
    expect(appointmentKeptOnTablet(booking('2026-12-04'), b, from)).toBe(false);
    expect(appointmentKeptOnTablet(booking('2026-12-04', b.fromMillis), b, from)).toBe(true);
  });

  it('when a booking is of a day past the retention period, then it leaves the tablet even if it just changed', () => {
    expect(appointmentKeptOnTablet(booking('2026-11-05', NOW), b, from)).toBe(false);
  });
});
