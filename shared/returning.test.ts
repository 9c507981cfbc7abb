import { describe, expect, it } from 'vitest';
import { matches, mergeSuggestions, needleOf, returningPatients } from './returning.ts';
import { ERASED_NAME, type Entry } from './schemas.ts';

const v = (name: string, phone: string | null, day: string, status: Entry['status'] = 'done') => ({ name, phone, day, status });

describe('returningPatients', () => {
  const visits = [
    v('Amira Ben Salah', '+216 20 123 456', '2026-11-02'),
    v('Amira Ben Salah', '+216 20 123 456', '2026-11-20', 'no_show'),
    v('amira ben salah', '+216 20 123 456', '2026-11-25', 'cancelled'),
    v('Youssef Ben Salah', '20123456', '2026-10-01'),
    v('Hélène Martin', null, '2026-11-01'),
    v('سامي التونسي', '98 765 432', '2026-11-03', 'not_seen'),
    v(ERASED_NAME, null, '2026-01-01'),
  ];

  it('when a phone number is typed, then the names on that number, with visits and no-shows, latest first', () => {
    expect(returningPatients(visits, '20 123')).toEqual([
      { name: 'amira ben salah', phone: '+216 20 123 456', visits: 2, noShows: 1, lastDay: '2026-11-25' },
      { name: 'Youssef Ben Salah', phone: '20123456', visits: 1, noShows: 0, lastDay: '2026-10-01' },
    ]);
  });

  it('when a name is typed, then each word starts a word of the name, accents and case ignored', () => {
    expect(returningPatients(visits, 'ben sal').map((p) => p.name)).toEqual(['amira ben salah', 'Youssef Ben Salah']);
    expect(returningPatients(visits, 'helene').map((p) => p.name)).toEqual(['Hélène Martin']);
    expect(returningPatients(visits, 'سامي').map((p) => [p.name, p.visits])).toEqual([['سامي التونسي', 1]]);
    expect(returningPatients(visits, 'len')).toEqual([]);
  });

  it('when a visit was erased, then it is never suggested', () => {
    expect(matches({ name: ERASED_NAME, phone: null }, needleOf('—'))).toBe(false);
  });

  it('when there are more than the limit, then the most recent ones', () => {
    const many = Array.from({ length: 12 }, (_, i) => v(`Sami ${i}`, null, `2026-11-${String(i + 10)}`));
    expect(returningPatients(many, 'sami', 8).map((p) => p.name)).toEqual([
      'Sami 11',
      'Sami 10',
      'Sami 9',
      'Sami 8',
      'Sami 7',
      'Sami 6',
      'Sami 5',
      'Sami 4',
    ]);
  });

  it('when the tablet and the server both know a patient, then one suggestion with the larger counts', () => {
    const server = [{ name: 'Amira', phone: '1', visits: 5, noShows: 1, lastDay: '2026-11-01' }];
    const local = [{ name: 'AMIRA', phone: '1', visits: 1, noShows: 0, lastDay: '2026-12-06' }];
    expect(mergeSuggestions(local, server)).toEqual([{ name: 'AMIRA', phone: '1', visits: 5, noShows: 1, lastDay: '2026-12-06' }]);
  });
});
