import { describe, it, expect } from 'vitest';
import { SELF_CHECKIN_SERIES, clinicDay, formatTicket, nextTicket, parseTicket, seriesForDevice } from './tickets.ts';

describe('formatTicket / parseTicket', () => {
  it('pads to three digits and grows beyond', () => {
    expect(formatTicket('A', 7)).toBe('A-007');
    expect(formatTicket('AB', 42)).toBe('AB-042');
    expect(formatTicket('A', 999)).toBe('A-999');
    expect(formatTicket('A', 1234)).toBe('A-1234');
  });

  it('round-trips', () => {
    for (const [s, n] of [
      ['A', 1],
      ['W', 100],
      ['ZZ', 1234],
    ] as const) {
      expect(parseTicket(formatTicket(s, n))).toEqual({ series: s, n });
    }
  });

  it('rejects malformed tickets', () => {
    for (const t of ['', 'A', 'A-', '-001', 'a-001', 'A001', 'A-01x', 'A-1-2', ' A-001']) {
      expect(parseTicket(t)).toBeNull();
    }
  });
});

describe('nextTicket', () => {
  it('starts at 1', () => {
    expect(nextTicket([], 'A', '2026-11-28')).toBe('A-001');
  });

  it('counts per series per day with series interleaved across days', () => {
    const entries = [
      { day: '2026-11-27', ticket: 'A-041' },
      { day: '2026-11-28', ticket: 'A-001' },
      { day: '2026-11-28', ticket: 'B-001' },
      { day: '2026-11-28', ticket: 'B-002' },
      { day: '2026-11-28', ticket: 'A-002' },
      { day: '2026-11-27', ticket: 'B-017' },
      { day: '2026-11-28', ticket: 'W-005' },
      { day: '2026-11-28', ticket: 'B-003' },
      { day: '2026-11-28', ticket: 'AB-090' },
    ];
    expect(nextTicket(entries, 'A', '2026-11-28')).toBe('A-003');
    expect(nextTicket(entries, 'B', '2026-11-28')).toBe('B-004');
    expect(nextTicket(entries, 'W', '2026-11-28')).toBe('W-006');
    expect(nextTicket(entries, 'AB', '2026-11-28')).toBe('AB-091');
    expect(nextTicket(entries, 'A', '2026-11-27')).toBe('A-042');
    expect(nextTicket(entries, 'B', '2026-11-27')).toBe('B-018');
    expect(nextTicket(entries, 'C', '2026-11-28')).toBe('C-001');
    expect(nextTicket(entries, 'A', '2026-11-29')).toBe('A-001');
  });

  it('uses the max, not the count, so gaps and out-of-order lists are safe', () => {
    const entries = [
      { day: 'd', ticket: 'A-009' },
      { day: 'd', ticket: 'A-002' },
      { day: 'd', ticket: 'garbage' },
    ];
    expect(nextTicket(entries, 'A', 'd')).toBe('A-010');
  });

  it('grows past three digits', () => {
    expect(nextTicket([{ day: 'd', ticket: 'A-999' }], 'A', 'd')).toBe('A-1000');
  });
});

describe('seriesForDevice', () => {
  it('maps indexes spreadsheet-style and skips W', () => {
    expect(seriesForDevice(0)).toBe('A');
    expect(seriesForDevice(1)).toBe('B');
    expect(seriesForDevice(21)).toBe('V');
    expect(seriesForDevice(22)).toBe('X');
    expect(seriesForDevice(24)).toBe('Z');
    expect(seriesForDevice(25)).toBe('AA');
    expect(seriesForDevice(26)).toBe('AB');
    expect(seriesForDevice(25 + 25 - 1)).toBe('AZ');
    expect(seriesForDevice(25 + 25)).toBe('BA');
  });

  it('is injective and never yields a series containing the self check-in letter', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const s = seriesForDevice(i);
      expect(s).toMatch(/^[A-Z]+$/);
      expect(s).not.toContain(SELF_CHECKIN_SERIES);
      seen.add(s);
    }
    expect(seen.size).toBe(2000);
  });

  it('rejects invalid indexes', () => {
    expect(() => seriesForDevice(-1)).toThrow(RangeError);
    expect(() => seriesForDevice(1.5)).toThrow(RangeError);
  });
});

describe('clinicDay', () => {
  it('uses the clinic time zone around midnight UTC (Tunis is UTC+1, no DST)', () => {
    expect(clinicDay(Date.UTC(2026, 10, 27, 22, 59, 59, 999), 'Africa/Tunis')).toBe('2026-11-27');
    expect(clinicDay(Date.UTC(2026, 10, 27, 23, 0, 0, 0), 'Africa/Tunis')).toBe('2026-11-28');
    expect(clinicDay(Date.UTC(2026, 10, 28, 0, 30), 'Africa/Tunis')).toBe('2026-11-28');
    expect(clinicDay(Date.UTC(2026, 10, 28, 0, 30), 'UTC')).toBe('2026-11-28');
    // Summer too: Tunisia keeps UTC+1 all year.
    expect(clinicDay(Date.UTC(2026, 6, 14, 23, 0), 'Africa/Tunis')).toBe('2026-07-15');
  });

  it('rolls over months and years', () => {
    expect(clinicDay(Date.UTC(2026, 11, 31, 23, 30), 'Africa/Tunis')).toBe('2027-01-01');
    expect(clinicDay(Date.UTC(2026, 11, 31, 23, 30), 'America/New_York')).toBe('2026-12-31');
  });

  it('rejects an unknown zone', () => {
    expect(() => clinicDay(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});
