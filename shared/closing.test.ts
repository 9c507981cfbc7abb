import { describe, expect, it } from 'vitest';
import { CloseClinicBody, confirmsClose, purgeAfter } from './closing.ts';

describe('confirmsClose', () => {
  it('when the typed name is the clinic name but for case, spaces and composition, then it confirms', () => {
    expect(confirmsClose('  cabinet   DR ben salah ', 'Cabinet Dr Ben Salah')).toBe(true);
    // "é" typed as e + combining accent (a decomposed keyboard) is the same letter.
    expect(confirmsClose('Clinique Médicale'.normalize('NFD'), 'Clinique Médicale')).toBe(true);
    expect(confirmsClose('عيادة الأمل', 'عيادة الأمل')).toBe(true);
  });

  it('when the typed name differs by a letter, or is another clinic name, then it does not', () => {
    expect(confirmsClose('Cabinet Dr Ben Sala', 'Cabinet Dr Ben Salah')).toBe(false);
    expect(confirmsClose('Clinique Medicale', 'Clinique Médicale')).toBe(false);
    expect(confirmsClose('عيادة الامل', 'عيادة الأمل')).toBe(false);
  });

  it('when either name is empty, then nothing is confirmed', () => {
    expect(confirmsClose('', '')).toBe(false);
    expect(confirmsClose('   ', ' ')).toBe(false);
  });
});

describe('CloseClinicBody', () => {
  it('takes the typed name only, trimmed, and refuses control characters and other fields', () => {
    expect(CloseClinicBody.parse({ confirmName: ' A ' })).toEqual({ confirmName: 'A' });
    expect(CloseClinicBody.safeParse({ confirmName: 'A\u0000' }).success).toBe(false);
    expect(CloseClinicBody.safeParse({ confirmName: 'A', clinicId: 'x' }).success).toBe(false);
    expect(CloseClinicBody.safeParse({}).success).toBe(false);
  });
});

describe('purgeAfter', () => {
  it('is the close plus the grace days', () => {
    expect(purgeAfter(Date.UTC(2026, 11, 6), 30)).toBe(Date.UTC(2027, 0, 5));
    expect(purgeAfter(Date.UTC(2026, 11, 6), 0)).toBe(Date.UTC(2026, 11, 6));
  });
});
