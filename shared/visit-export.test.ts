import { describe, expect, it } from 'vitest';
import { isoInZone, VISIT_COLUMNS, VisitExportQuery, visitCells, visitRow, zonedClock, type ExportedEntry } from './visit-export.ts';

const TUNIS = 'Africa/Tunis'; // UTC+1, no summer time
const PARIS = 'Europe/Paris';
const at = (iso: string) => Date.parse(iso);

const seen: ExportedEntry = {
  day: '2026-12-07',
  ticket: 'A-001',
  name: 'Amel',
  phone: '+216 20 000 000',
  doctorId: 'doc-1',
  priority: 'normal',
  source: 'reception',
  status: 'done',
  cancelReason: null,
  arrivedAt: at('2026-12-07T08:00:00Z'),
  calledAt: at('2026-12-07T08:12:30Z'),
  startedAt: at('2026-12-07T08:14:00Z'),
  endedAt: at('2026-12-07T08:29:00Z'),
};

describe('isoInZone', () => {
  it('when an instant is written, then it is the clinic wall clock with the offset of that instant', () => {
    expect(isoInZone(at('2026-12-07T08:00:00.900Z'), TUNIS)).toBe('2026-12-07T09:00:00+01:00');
    expect(isoInZone(at('2026-07-01T08:00:00Z'), PARIS)).toBe('2026-07-01T10:00:00+02:00');
    expect(isoInZone(at('2026-07-01T08:00:00Z'), 'America/St_Johns')).toBe('2026-07-01T05:30:00-02:30');
  });

  it('when one clock writes many instants, then it agrees with isoInZone on both sides of a summer-time change', () => {
    const clock = zonedClock(PARIS);
    // Paris moves to summer time at 01:00 UTC on 2026-03-29.
    for (const iso of [
      '2026-03-29T00:44:59Z',
      '2026-03-29T00:59:59Z',
      '2026-03-29T01:00:00Z',
      '2026-03-29T01:14:00Z',
      '2026-10-25T00:59:59Z',
      '2026-10-25T01:00:00Z',
    ])
      expect(clock(at(iso))).toBe(isoInZone(at(iso), PARIS));
    expect(clock(at('2026-03-29T00:59:59Z'))).toBe('2026-03-29T01:59:59+01:00');
    expect(clock(at('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00');
  });
});

describe('visitRow', () => {
  const names = new Map([['doc-1', 'Dr One']]);
  const tunis = zonedClock(TUNIS);

  it('when a seen visit is exported, then it has its times, the wait to the call and the consultation from its start', () => {
    expect(visitRow(seen, names, tunis, false)).toEqual({
      day: '2026-12-07',
      ticket: 'A-001',
      doctor: 'Dr One',
      priority: 'normal',
      source: 'reception',
      status: 'done',
      cancelReason: null,
      arrivedAt: '2026-12-07T09:00:00+01:00',
      calledAt: '2026-12-07T09:12:30+01:00',
      startedAt: '2026-12-07T09:14:00+01:00',
      endedAt: '2026-12-07T09:29:00+01:00',
      waitMinutes: 12.5,
      consultationMinutes: 15,
    });
  });

  it('when names are not asked for, then the row has no name and no phone; when they are, it has both', () => {
    expect(JSON.stringify(visitRow(seen, names, tunis, false))).not.toMatch(/Amel|216/);
    expect(visitRow(seen, names, tunis, true)).toMatchObject({ name: 'Amel', phone: '+216 20 000 000' });
    expect(visitCells(visitRow(seen, names, tunis, false), false)).toHaveLength(VISIT_COLUMNS.length);
    expect(visitCells(visitRow(seen, names, tunis, true), true).slice(-2)).toEqual(['Amel', '+216 20 000 000']);
  });

  it('when a visit was cancelled before its call, then it has no wait and no consultation, and its reason', () => {
    const r = visitRow(
      { ...seen, status: 'cancelled', cancelReason: 'left', calledAt: null, startedAt: null, endedAt: null, doctorId: null },
      names,
      tunis,
      false,
    );
    expect(r).toMatchObject({ doctor: null, cancelReason: 'left', calledAt: null, waitMinutes: null, consultationMinutes: null });
  });

  it('when the doctor is gone from the clinic, then the row names the doctor id', () => {
    expect(visitRow({ ...seen, doctorId: 'doc-gone' }, names, tunis, false).doctor).toBe('doc-gone');
  });
});

describe('VisitExportQuery', () => {
  const ok = (q: Record<string, string>) => VisitExportQuery.safeParse(q).success;

  it('when names is 0, 1 or absent, then it is read as such', () => {
    expect(VisitExportQuery.parse({ from: '2026-01-01', to: '2026-01-31' }).names).toBe(false);
    expect(VisitExportQuery.parse({ from: '2026-01-01', to: '2026-01-31', names: '1' }).names).toBe(true);
  });

  it('when names is anything else, or the period is reversed, or longer than a leap year, then it is refused', () => {
    expect(ok({ from: '2026-01-01', to: '2026-01-31', names: '2' })).toBe(false);
    expect(ok({ from: '2026-01-01', to: '2026-01-31', names: 'true' })).toBe(false);
    expect(ok({ from: '2026-02-01', to: '2026-01-31' })).toBe(false);
    expect(ok({ from: '2024-01-01', to: '2024-12-31' })).toBe(true);
    expect(ok({ from: '2024-01-01', to: '2025-01-01' })).toBe(false);
    expect(ok({ from: '2026-02-30', to: '2026-03-01' })).toBe(false);
  });
});
