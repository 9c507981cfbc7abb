import { describe, expect, it } from 'vitest';
import { ExportLine, rehomed } from './clinic-export.ts';

const FROM = '0190f6c4-7a2b-7c3d-8e4f-123456789abc';
const TO = '0190f6c4-7a2b-7c3d-8e4f-cba987654321';

describe('rehomed', () => {
  it('when the settings document moves, then its id follows the clinic', () => {
    expect(rehomed({ id: FROM, clinicId: FROM, name: 'Cabinet' }, FROM, TO)).toEqual({ id: TO, clinicId: TO, name: 'Cabinet' });
  });

  it('when a visit moves, then it keeps its id and its doctor', () => {
    expect(rehomed({ id: 'e-1', clinicId: FROM, doctorId: 'doc-1' }, FROM, TO)).toEqual({ id: 'e-1', clinicId: TO, doctorId: 'doc-1' });
  });
});

describe('ExportLine', () => {
  it('when a line is of an unknown type, version or collection, then it is refused', () => {
    expect(ExportLine.safeParse({ type: 'secret', value: 1 }).success).toBe(false);
    expect(ExportLine.safeParse({ type: 'doc', collection: 'users', data: {} }).success).toBe(false);
    expect(
      ExportLine.safeParse({
        type: 'header',
        format: 'doctorq-clinic-export',
        version: 2,
        exportedAt: '',
        clinic: { id: FROM, name: 'C', timeZone: 'Africa/Tunis', localPastDays: 1, createdAt: '' },
        counts: { docs: {}, audit: 0 },
      }).success,
    ).toBe(false);
    expect(ExportLine.safeParse({ type: 'doc', collection: 'entries', data: { id: 'e-1' } }).success).toBe(true);
  });
});
