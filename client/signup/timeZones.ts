// The time zones offered at sign-up: the clinic's day (ticket numbers, the
// reports) turns at its midnight. Tunisia first, its neighbours, and where
// clinics' owners are likely to live; plus the browser's own.

const USUAL = [
  'Africa/Tunis',
  'Africa/Algiers',
  'Africa/Tripoli',
  'Africa/Casablanca',
  'Africa/Cairo',
  'Africa/Nouakchott',
  'Africa/Dakar',
  'Africa/Abidjan',
  'Europe/Paris',
  'Europe/Brussels',
  'Europe/London',
  'Europe/Istanbul',
  'Asia/Riyadh',
  'Asia/Dubai',
  'Asia/Qatar',
  'UTC',
] as const;

export const DEFAULT_TIME_ZONE = 'Africa/Tunis';

export interface ZoneOption {
  zone: string;
  ownZone: boolean;
}

/** The usual zones, then the browser's own when it is not one of them. */
export function zoneOptions(): ZoneOption[] {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const options: ZoneOption[] = USUAL.map((zone) => ({ zone, ownZone: false }));
  if (own && !(USUAL as readonly string[]).includes(own)) options.push({ zone: own, ownZone: true });
  return options;
}

/** "Africa/Tunis" reads "Africa / Tunis"; "America/New_York" reads "America / New York". */
export const zoneLabel = (zone: string) => zone.replaceAll('_', ' ').replaceAll('/', ' / ');
