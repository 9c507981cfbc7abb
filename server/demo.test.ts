import { describe, expect, it } from 'vitest';
import { demoHistory } from './demo-history.ts';
import { WIRE_COLLECTIONS } from '../shared/schemas.ts';
import { clinicDay } from '../shared/tickets.ts';

describe('demo history', () => {
  it('when generated, then four weeks of valid finished visits, none on Sundays, the same every time', () => {
    const clinicId = '00000000-0000-4000-8000-000000000001';
    const a = demoHistory(clinicId, ['d1', 'd2'], '2026-11-28', 'Africa/Tunis');
    const b = demoHistory(clinicId, ['d1', 'd2'], '2026-11-28', 'Africa/Tunis');
    expect(a).toEqual(b);
    const days = new Set(a.map((e) => e.day));
    expect(days.size).toBe(24);
    expect([...days].every((d) => new Date(`${d}T12:00:00Z`).getUTCDay() !== 0 && d < '2026-11-28')).toBe(true);
    for (const e of a) {
      expect(WIRE_COLLECTIONS.entries.safeParse({ ...e, _deleted: false }).success).toBe(true);
      expect(clinicDay(e.arrivedAt, 'Africa/Tunis')).toBe(e.day);
      expect(['done', 'no_show', 'cancelled']).toContain(e.status);
    }
    expect(new Set(a.map((e) => `${e.day}/${e.ticket}`)).size).toBe(a.length);
  });
});
