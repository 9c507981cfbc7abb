// When a clinic is open, from its weekly hours and their date overrides, in
// its own time zone: self check-in from outside the clinic is refused while
// it is closed, and the day closes itself some time after its last span
// (day-close.ts). Pure: the clock and the zone are passed in.
import { addDays, daysBetween, weekdayOf } from './day.ts';
import type { OpeningHours } from './opening-hours.ts';
import { clinicDay } from './tickets.ts';
import { zonedTime } from './time.ts';

/** Open now, or closed until `next` (epoch ms; null when no day ahead has hours). */
export type Opening = { open: true } | { open: false; next: number | null };

/** How far ahead to look for the next opening: a week, and the longest override's run of closed days. */
const LOOK_AHEAD_DAYS = 7 + 62;

/** The day's spans as wall-clock times, in order: an override's if one covers the day, else the weekday's. */
export function spansOn(hours: OpeningHours, day: string): { open: string; close: string }[] {
  const covering = (hours.overrides ?? []).filter((o) => o.from <= day && day <= o.to);
  // The shortest run is the most specific (a holiday inside Ramadan); sort is stable, so ties keep list order.
  const override = covering.sort((a, b) => daysBetween(a.from, a.to) - daysBetween(b.from, b.to))[0];
  const spans = override ? override.spans : hours.spans.filter((s) => s.weekday === weekdayOf(day));
  return spans.map((s) => ({ open: s.open, close: s.close })).sort((a, b) => a.open.localeCompare(b.open));
}

/** A clinic that has set no hours takes check-ins at any time, as it did before hours existed. */
export function openingAt(hours: OpeningHours | null, now: number, timeZone: string): Opening {
  if (!hours || hours.spans.length === 0) return { open: true };
  const today = clinicDay(now, timeZone);
  for (let i = 0; i <= LOOK_AHEAD_DAYS; i++) {
    const day = addDays(today, i);
    for (const s of spansOn(hours, day)) {
      const from = at(day, s.open, timeZone);
      if (now >= from && now < at(day, s.close, timeZone)) return { open: true };
      if (from > now) return { open: false, next: from };
    }
  }
  return { open: false, next: null };
}

/** When the day's last span closes; null when the clinic set no hours or is closed that day. */
export function lastCloseOn(hours: OpeningHours | null, day: string, timeZone: string): number | null {
  if (!hours || hours.spans.length === 0) return null;
  const last = spansOn(hours, day).at(-1);
  return last ? at(day, last.close, timeZone) : null;
}

/** The first day after `day` the clinic opens (the next calendar day when it set no hours or none is found). */
export function nextOpenDay(hours: OpeningHours | null, day: string): string {
  if (hours && hours.spans.length > 0)
    for (let i = 1; i <= LOOK_AHEAD_DAYS; i++) if (spansOn(hours, addDays(day, i)).length > 0) return addDays(day, i);
  return addDays(day, 1);
}

function at(day: string, hhmm: string, timeZone: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return zonedTime(day, h, m, timeZone);
}
