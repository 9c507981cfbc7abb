import { describe, expect, it } from 'vitest';
import { zoneLabel, zoneOptions } from './timeZones.ts';

// A winter instant: Tunisia and France at UTC+1, New York at UTC−5.
const JANUARY = Date.UTC(2026, 0, 15, 12);

describe('zoneLabel', () => {
  it('when the zone is a usual one, then its country and offset read in the page language, Arabic included', () => {
    expect(zoneLabel('Africa/Tunis', 'ar-TN', JANUARY)).toBe('تونس — غرينتش+1');
    expect(zoneLabel('Africa/Tunis', 'fr-TN', JANUARY)).toBe('Tunisie — UTC+1');
    expect(zoneLabel('Europe/Paris', 'en-GB', JANUARY)).toBe('France — GMT+1');
  });

  it("when the zone is another one (the browser's own), then the browser's name for it, in the page language", () => {
    expect(zoneLabel('America/New_York', 'fr-TN', JANUARY)).toBe('heure de l’Est nord-américain');
    expect(zoneLabel('America/New_York', 'ar-TN', JANUARY)).not.toMatch(/[A-Za-z]/);
  });

  it('names UTC by its offset, and every offered zone without a Latin letter in Arabic', () => {
    expect(zoneLabel('UTC', 'fr-TN', JANUARY)).toBe('UTC+0');
    const latin = zoneOptions()
      .filter((o) => !o.ownZone)
      .map(({ zone }) => ({ zone, label: zoneLabel(zone, 'ar-TN', JANUARY) }))
      .filter(({ label }) => /[A-Za-z]/.test(label));
    expect(latin).toEqual([]);
  });
});
