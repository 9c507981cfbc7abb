// Whether a clinic is open, from its weekly hours in its own time zone: self
// check-in from outside the clinic is refused while it is closed, with the
// next opening time. Pure: the clock and the zone are passed in.
import type { OpeningHours } from './opening-hours.ts';
import { clinicDay } from './tickets.ts';
import { zonedTime } from './time.ts';

const DAY_MS = 86_400_000;

/** Open now, or closed until `next` (epoch ms; null when no day of the week has hours). */
export type Opening = { open: true } | { open: false; next: number | null };

/** Days are named at noon UTC, far from any midnight, so adding days never lands on the wrong date. */
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** 0 is Sunday, as in OpeningHours. */
const weekdayOf = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

/** A clinic that has set no hours takes check-ins at any time, as it did before hours existed. */
export function openingAt(hours: OpeningHours | null, now: number, timeZone: string): Opening {
  if (!hours || hours.spans.length === 0) return { open: true };
  const today = clinicDay(now, timeZone);
  // Today and the next seven days: a clinic open one day a week reopens on the same weekday.
  for (let i = 0; i <= 7; i++) {
    const day = addDays(today, i);
    const spans = hours.spans
      .filter((s) => s.weekday === weekdayOf(day))
      .map((s) => ({ from: at(day, s.open, timeZone), to: at(day, s.close, timeZone) }))
      .sort((a, b) => a.from - b.from);
    for (const s of spans) {
      if (now >= s.from && now < s.to) return { open: true };
      if (s.from > now) return { open: false, next: s.from };
    }
  }
  return { open: false, next: null };
}

function at(day: string, hhmm: string, timeZone: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return zonedTime(day, h, m, timeZone);
}
