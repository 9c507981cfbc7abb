import { describe, expect, it } from 'vitest';
import { OpeningHours } from '../../../shared/opening-hours.ts';
import { dayBefore, fromWeek, proposedSpan, rowValid, spanValid, toRows, toWeek } from './hours.ts';

describe('opening hours in the editor', () => {
  it('when the API lists spans in any order, then each day holds its own, earliest first, and goes back as the same list', () => {
    const hours: OpeningHours = {
      spans: [
        { weekday: 1, open: '14:00', close: '18:00' },
        { weekday: 0, open: '09:00', close: '12:00' },
        { weekday: 1, open: '08:30', close: '12:30' },
      ],
    };
    const week = toWeek(hours);
    expect(week[1]).toEqual([
      { open: '08:30', close: '12:30' },
      { open: '14:00', close: '18:00' },
    ]);
    expect(week[0]).toEqual([{ open: '09:00', close: '12:00' }]);
    expect(week[3]).toEqual([]);
    expect(fromWeek(week).spans).toEqual([
      { weekday: 0, open: '09:00', close: '12:00' },
      { weekday: 1, open: '08:30', close: '12:30' },
      { weekday: 1, open: '14:00', close: '18:00' },
    ]);
    expect(OpeningHours.safeParse(fromWeek(week)).success).toBe(true);
  });

  it('when a span is added, then a morning is proposed, then an afternoon, then an empty one to type', () => {
    const morning = proposedSpan([]);
    const afternoon = proposedSpan([morning]);
    expect([morning, afternoon].every(spanValid)).toBe(true);
    expect(afternoon.open > morning.close).toBe(true);
    expect(proposedSpan([morning, afternoon])).toEqual({ open: '', close: '' });
  });

  it('when a time is missing or closing is not after opening, then the span is refused', () => {
    expect(spanValid({ open: '', close: '12:00' })).toBe(false);
    expect(spanValid({ open: '12:00', close: '12:00' })).toBe(false);
    expect(spanValid({ open: '14:00', close: '09:00' })).toBe(false);
    expect(spanValid({ open: '09:00', close: '14:00' })).toBe(true);
  });

  it('when the week starts on Monday, then Monday has no day before and Sunday follows Saturday', () => {
    expect(dayBefore(1)).toBeNull();
    expect(dayBefore(2)).toBe(1);
    expect(dayBefore(0)).toBe(6);
  });
});

describe('date overrides in the editor', () => {
  it('when the API sends overrides, then the editor holds copies; none becomes an empty list', () => {
    const o = [{ from: '2027-02-08', to: '2027-03-09', spans: [{ open: '09:00', close: '14:00' }] }];
    const rows = toRows(o);
    expect(rows).toEqual(o);
    rows[0]!.spans[0]!.open = '10:00';
    expect(o[0]!.spans[0]!.open).toBe('09:00');
    expect(toRows(undefined)).toEqual([]);
  });

  it('when a date is cleared, the dates are reversed or a span is not in order, then the row is invalid', () => {
    expect(rowValid({ from: '2027-01-01', to: '2027-01-01', spans: [] })).toBe(true);
    expect(rowValid({ from: '', to: '2027-01-01', spans: [] })).toBe(false);
    expect(rowValid({ from: '2027-01-02', to: '2027-01-01', spans: [] })).toBe(false);
    expect(rowValid({ from: '2027-01-01', to: '2027-01-01', spans: [{ open: '14:00', close: '09:00' }] })).toBe(false);
  });
});
