// Tablets issue tickets while offline, so no counter can be shared. Each
// issuing device gets its own series letters and counts within them, which
// makes a ticket unique per clinic and day without any coordination.
import type { Entry } from './schemas.ts';

/**
 * Self check-in (the web page) has a series of its own. It is kept out of the
 * device letters altogether so a ticket starting with W always means "checked
 * in by phone", and adding tablets can never collide with its counter.
 */
export const SELF_CHECKIN_SERIES = 'W';

const DEVICE_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVXYZ';

/** Spreadsheet-style (A..Z, AA, AB, ...) over the device letters, so every index has its own series. */
export function seriesForDevice(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`invalid device index: ${index}`);
  const base = DEVICE_LETTERS.length;
  let series = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / base)) {
    series = DEVICE_LETTERS[(n - 1) % base] + series;
  }
  return series;
}

/**
 * The series a device numbers in: the clinic's own prefix (settings, may be
 * empty) before the device's letters, e.g. "M" + "A" → tickets MA-001.
 */
export function ticketSeries(prefix: string, deviceSeries: string): string {
  return prefix + deviceSeries;
}

/** Three digits at least so the display columns line up on an ordinary day. */
export function formatTicket(series: string, n: number): string {
  return `${series}-${String(n).padStart(3, '0')}`;
}

const TICKET = /^([A-Z]+)-(\d+)$/;

export function parseTicket(t: string): { series: string; n: number } | null {
  const m = TICKET.exec(t);
  if (!m) return null;
  const n = Number(m[2]);
  return Number.isSafeInteger(n) ? { series: m[1]!, n } : null;
}

/**
 * Counts every entry of the day, cancelled or deleted ones included: a number
 * once handed out must never be given to a second patient the same day.
 */
export function nextTicket(entries: readonly Pick<Entry, 'ticket' | 'day'>[], series: string, day: string): string {
  let max = 0;
  for (const e of entries) {
    if (e.day !== day) continue;
    const t = parseTicket(e.ticket);
    if (t && t.series === series && t.n > max) max = t.n;
  }
  return formatTicket(series, max + 1);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Tickets restart at the clinic's midnight, not the device's or UTC's. Throws RangeError for an unknown zone. */
export function clinicDay(now: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}
