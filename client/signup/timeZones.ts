// The time zones offered at sign-up: the clinic's day (ticket numbers, the
// reports) turns at its midnight. Tunisia first, its neighbours, and where
// clinics' owners are likely to live; plus the browser's own.

/** Each usual zone with its country (ISO 3166), which the browser can name in any language; UTC has none. */
const USUAL = {
  'Africa/Tunis': 'TN',
  'Africa/Algiers': 'DZ',
  'Africa/Tripoli': 'LY',
  'Africa/Casablanca': 'MA',
  'Africa/Cairo': 'EG',
  'Africa/Nouakchott': 'MR',
  'Africa/Dakar': 'SN',
  'Africa/Abidjan': 'CI',
  'Europe/Paris': 'FR',
  'Europe/Brussels': 'BE',
  'Europe/London': 'GB',
  'Europe/Istanbul': 'TR',
  'Asia/Riyadh': 'SA',
  'Asia/Dubai': 'AE',
  'Asia/Qatar': 'QA',
  UTC: null,
} as const satisfies Record<string, string | null>;
const USUAL_ZONES = Object.keys(USUAL) as (keyof typeof USUAL)[];

export const DEFAULT_TIME_ZONE = 'Africa/Tunis';

export interface ZoneOption {
  zone: string;
  ownZone: boolean;
}

/** The usual zones, then the browser's own when it is not one of them. */
export function zoneOptions(): ZoneOption[] {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const options: ZoneOption[] = USUAL_ZONES.map((zone) => ({ zone, ownZone: false }));
  if (own && !(USUAL_ZONES as readonly string[]).includes(own)) options.push({ zone: own, ownZone: true });
  return options;
}

/** The zone's name in `locale` at `at`: "(GMT+01:00)"-like offsets where the language has no better name. */
function zoneName(zone: string, locale: string, style: 'longGeneric' | 'shortOffset', at: number): string | null {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style }).formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? null;
  } catch {
    return null;
  }
}

/**
 * A zone in the reader's language: the country and its offset now for the
 * usual ones ("تونس — غرينتش+1", "Tunisie — UTC+1"), the browser's own name
 * of the zone for others ("heure de l’Est nord-américain"), and the id itself
 * only where the browser knows no name.
 */
export function zoneLabel(zone: string, locale: string, at = Date.now()): string {
  const country = (USUAL as Record<string, string | null>)[zone];
  const offset = zoneName(zone, locale, 'shortOffset', at);
  if (country) {
    const place = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }).of(country);
    if (place && offset) return `${place} — ${offset}`;
  }
  if (zone === 'UTC') return offset ?? 'UTC';
  return zoneName(zone, locale, 'longGeneric', at) ?? zone.replaceAll('_', ' ').replaceAll('/', ' / ');
}
