import { describe, expect, it } from 'vitest';
import { endOfClinicDay, zonedTime, zoneOffset } from './time.ts';

describe('clinic time', () => {
  it('when the clinic is in Tunis (UTC+1, no DST), then its day ends at 23:00 UTC', () => {
    expect(zoneOffset(Date.UTC(2026, 6, 1), 'Africa/Tunis')).toBe(3_600_000);
    expect(new Date(endOfClinicDay('2026-11-28', 'Africa/Tunis')).toISOString()).toBe('2026-11-28T23:00:00.000Z');
  });

  it('when the zone changes offset that night, then the end is the real local midnight', () => {
    // Paris leaves summer time on 2026-10-25 at 03:00 local; midnight before it is still UTC+2.
    expect(new Date(endOfClinicDay('2026-10-24', 'Europe/Paris')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(new Date(endOfClinicDay('2026-10-25', 'Europe/Paris')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(new Date(endOfClinicDay('2026-12-31', 'UTC')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('zonedTime', () => {
  it('when the wall clock is on either side of a DST jump, then the instants are an hour closer than the clock says', () => {
    const before = zonedTime('2026-03-29', 1, 30, 'Europe/Paris');
    const after = zonedTime('2026-03-29', 3, 10, 'Europe/Paris');
    expect(new Date(before).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(new Date(after).toISOString()).toBe('2026-03-29T01:10:00.000Z');
    expect(new Date(zonedTime('2026-11-28', 9, 0, 'Africa/Tunis')).toISOString()).toBe('2026-11-28T08:00:00.000Z');
  });
});
