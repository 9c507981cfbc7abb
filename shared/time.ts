// Calendar maths in a clinic's time zone (Intl only, no time-zone library).

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at instant `ms`, in milliseconds (e.g. +3_600_000 for Tunis). */
export function zoneOffset(ms: number, timeZone: string): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant the clinic's day `day` (YYYY-MM-DD) ends: its next local midnight. */
export function endOfClinicDay(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return zonedTime(next, 0, 0, timeZone);
}

/**
 * The instant of a wall-clock time in the zone. Two passes: the offset at the
 * first guess can differ from the offset at the answer across a DST change.
 * E.g. (2026-03-29, 3, 10) in Paris is 01:10 UTC.
 */
export function zonedTime(day: string, hour: number, minute: number, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  const t = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(t, timeZone);
}
