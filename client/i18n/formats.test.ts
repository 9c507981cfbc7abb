import { describe, expect, it } from 'vitest';
import { LOCALES } from './core.ts';
import { clinicMonthFormat, clockFormat, countFormat, dinarsFormat, publicFormatters } from './formats.ts';

describe('shared formatters', () => {
  it('write counts with Latin digits and no grouping in every language, as typed', () => {
    expect(Object.values(LOCALES).map((l) => countFormat(l)(12345))).toEqual(['12345', '12345', '12345']);
  });

  it('read a 24-hour clock in every language', () => {
    const afternoon = new Date(2024, 0, 1, 15, 5).getTime();
    expect(Object.values(LOCALES).map((l) => clockFormat(l)(afternoon))).toEqual(['15:05', '15:05', '15:05']);
  });

  it('show millimes as dinars, with decimals only when there are millimes', () => {
    // Intl puts a no-break space between the amount and the currency.
    const dinars = (millimes: number) => dinarsFormat('fr-TN')(millimes).replace(/\s/g, ' ');
    expect(dinars(150_000)).toBe('150 DT');
    expect(dinars(1_500)).toBe('1,5 DT');
  });

  it('name a clinic month with its year, whatever the time zone', () => {
    expect(clinicMonthFormat('fr-TN')('2024-03')).toBe('mars 2024');
    expect(clinicMonthFormat('en-GB')('2024-12')).toBe('December 2024');
  });
});

describe('public formatters', () => {
  it('say minutes, ranges and times ago in the language', () => {
    const fr = publicFormatters('fr-TN');
    expect([fr.minutes(1), fr.minutes(5), fr.minutesRange(10, 20), fr.minutesRange(5, 5), fr.minutesAgo(3)]).toEqual([
      '1 minute',
      '5 minutes',
      '10–20 minutes',
      '5 minutes',
      'il y a 3 minutes',
    ]);
    expect(publicFormatters('en-GB').minutesAgo(3)).toBe('3 minutes ago');
  });
});
