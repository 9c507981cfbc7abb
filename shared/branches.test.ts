import { describe, expect, it } from 'vitest';
import { type BranchReport, combineReports, doctorKey, NewBranchBody } from './branches.ts';

describe('doctorKey', () => {
  it('when two spellings differ in case, accents or spaces, then they are one doctor', () => {
    expect(doctorKey('Dr Amél  Ben Salah')).toBe(doctorKey(' dr amel ben\tsalah '));
    expect(doctorKey('DR. ÉLODIE')).toBe('dr. elodie');
  });

  it('when Arabic names differ only in short vowels, then they are one doctor', () => {
    expect(doctorKey('د. مُحَمَّد')).toBe(doctorKey('د. محمد'));
  });

  it('when the letters differ, then they are two doctors', () => {
    expect(doctorKey('Dr Amel B. Salah')).not.toBe(doctorKey('Dr Amel Salah'));
    expect(doctorKey('Dr Ali')).not.toBe(doctorKey('Dr Alia'));
  });
});

const branch = (
  clinicId: string,
  over: {
    perDay: { seen: number; noShow: number }[];
    visits: number;
    wait: { count: number; medianMin: number | null; meanMin: number | null };
    consultation?: BranchReport['report']['consultation'];
    doctors?: BranchReport['doctors'];
  },
): BranchReport => ({
  clinicId,
  name: `Branch ${clinicId}`,
  report: { perDay: over.perDay, totals: { visits: over.visits }, wait: over.wait, consultation: over.consultation ?? [] },
  doctors: over.doctors ?? [],
});

describe('combineReports', () => {
  const a = branch('a', {
    perDay: [
      { seen: 3, noShow: 1 },
      { seen: 2, noShow: 0 },
    ],
    visits: 7,
    wait: { count: 4, medianMin: 10, meanMin: 12 },
    consultation: [
      { doctorId: 'd1', count: 3, medianMin: 9, meanMin: 10 },
      { doctorId: null, count: 2, medianMin: 5, meanMin: 5 },
    ],
    doctors: [{ id: 'd1', name: 'Dr Amel Ben Salah' }],
  });
  const b = branch('b', {
    perDay: [{ seen: 1, noShow: 2 }],
    visits: 4,
    wait: { count: 1, medianMin: 30, meanMin: 32 },
    consultation: [
      { doctorId: 'x', count: 1, medianMin: 20, meanMin: 20 },
      { doctorId: 'y', count: 2, medianMin: 8, meanMin: 8 },
    ],
    doctors: [
      { id: 'x', name: 'dr amél  ben salah' },
      { id: 'y', name: 'Dr Other' },
    ],
  });

  it('when branches are combined, then each keeps its own row and the total is their sum', () => {
    const c = combineReports('2026-01-01', '2026-01-31', [a, b]);
    expect(c.branches.map((r) => [r.clinicId, r.visits, r.seen, r.noShows, r.waitMedianMin])).toEqual([
      ['a', 7, 5, 1, 10],
      ['b', 4, 1, 2, 30],
    ]);
    expect(c.total).toEqual({ visits: 11, seen: 6, noShows: 3, waitCount: 5, waitMeanMin: 16 });
  });

  it('when the same doctor works in two branches, then one row holds both, pooled by count', () => {
    const c = combineReports('2026-01-01', '2026-01-31', [a, b]);
    expect(c.doctors).toEqual([
      {
        key: 'dr amel ben salah',
        name: 'Dr Amel Ben Salah',
        consultations: 4,
        meanMin: 12.5,
        perBranch: [
          { clinicId: 'a', consultations: 3, meanMin: 10 },
          { clinicId: 'b', consultations: 1, meanMin: 20 },
        ],
      },
      { key: 'dr other', name: 'Dr Other', consultations: 2, meanMin: 8, perBranch: [{ clinicId: 'b', consultations: 2, meanMin: 8 }] },
    ]);
  });

  it('when no visit was called anywhere, then the total has no wait rather than zero', () => {
    const quiet = branch('q', { perDay: [], visits: 0, wait: { count: 0, medianMin: null, meanMin: null } });
    expect(combineReports('2026-01-01', '2026-01-01', [quiet]).total).toEqual({
      visits: 0,
      seen: 0,
      noShows: 0,
      waitCount: 0,
      waitMeanMin: null,
    });
  });
});

describe('NewBranchBody', () => {
  it('when the body carries an owner or a password, then it is refused: the branch is the signed-in account', () => {
    const ok = { clinicName: 'Cabinet Sfax', languages: ['fr', 'ar'], timeZone: 'Africa/Tunis' };
    expect(NewBranchBody.safeParse(ok).success).toBe(true);
    expect(NewBranchBody.safeParse({ ...ok, email: 'x@y.tn' }).success).toBe(false);
    expect(NewBranchBody.safeParse({ ...ok, languages: ['fr', 'fr'] }).success).toBe(false);
  });
});
