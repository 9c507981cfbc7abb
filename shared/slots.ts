// A doctor's bookable slots, derived from the clinic's opening hours (with
// their date overrides) and the doctor's schedule, never stored: the desk, the
// booking page and the bench compute the same slots from the same documents.
import type { Appointment, Doctor, Settings } from './schemas.ts';
import { HOLDS_SLOT, overlaps } from './bookings.ts';
import { addDays, weekdayOf } from './day.ts';
import { spansOn } from './hours.ts';
import { clinicDay } from './tickets.ts';
import { endOfClinicDay, zoneOffset, zonedTime } from './time.ts';

export interface Slot {
  doctorId: string;
  /** The clinic day the slot is on. */
  day: string;
  /** Epoch ms. */
  start: number;
  minutes: number;
}

const MINUTE = 60_000;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Wall-clock minutes of `day` as instants. Nearly every day has one offset
 * from midnight to midnight: one look-up serves all its slots (Intl is the
 * slow part of a week's slots). On the days the clocks change, each minute is
 * placed on its own, and a minute in the hour skipped in spring does not exist.
 */
function wallClock(day: string, timeZone: string): { at(minutes: number): number; exists(minutes: number, at: number): boolean } {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  const first = zoneOffset(zonedTime(day, 0, 0, timeZone), timeZone);
  if (first === zoneOffset(endOfClinicDay(day, timeZone) - 1, timeZone))
    return { at: (m) => midnight + m * MINUTE - first, exists: () => true };
  return {
    at: (m) => zonedTime(day, Math.floor(m / 60), m % 60, timeZone),
    exists: (m, at) => at + zoneOffset(at, timeZone) === midnight + m * MINUTE,
  };
}

/**
 * The slots of `doctor` on `day`: each opening span cut into `slotMinutes`
 * on the wall clock, the grid starting again where a break ends. None when
 * the doctor takes no bookings, is inactive or absent that day, has the
 * weekday off, or the clinic set no hours (nothing to derive them from).
 */
export function doctorSlots(doctor: Doctor, settings: Pick<Settings, 'hours' | 'timeZone'>, day: string): Slot[] {
  const b = doctor.booking;
  if (!b || !doctor.active || doctor.absentDay === day || b.daysOff.includes(weekdayOf(day)) || !settings.hours) return [];
  const breaks = b.breaks.map((x) => ({ from: minutesOf(x.from), to: minutesOf(x.to) }));
  const clock = wallClock(day, settings.timeZone);
  const out: Slot[] = [];
  for (const span of spansOn(settings.hours, day)) {
    const close = minutesOf(span.close);
    let t = minutesOf(span.open);
    while (t + b.slotMinutes <= close) {
      const inBreak = breaks.find((x) => t < x.to && x.from < t + b.slotMinutes);
      if (inBreak) {
        t = inBreak.to;
        continue;
      }
      const start = clock.at(t);
      const end = clock.at(t + b.slotMinutes);
      // A slot the clocks change inside, or in the hour skipped in spring, is not the time the doctor set: offering
      // it would book the same real minutes twice.
      if (clock.exists(t, start) && end - start === b.slotMinutes * MINUTE)
        out.push({ doctorId: doctor.id, day, start, minutes: b.slotMinutes });
      t += b.slotMinutes;
    }
  }
  return out;
}

/** The slots still to come that no live booking (booked or arrived) overlaps. */
export function freeSlots(
  slots: readonly Slot[],
  appointments: readonly Pick<Appointment, 'id' | 'doctorId' | 'start' | 'minutes' | 'status'>[],
  now: number,
): Slot[] {
  const live = appointments.filter((a) => HOLDS_SLOT.includes(a.status));
  return slots.filter((s) => s.start > now && !live.some((a) => overlaps(a, s)));
}

/** The days a patient may book: today and the `daysAhead - 1` days after, on the clinic's calendar. */
export function bookableDays(settings: Pick<Settings, 'timeZone' | 'booking'>, now: number): string[] {
  const today = clinicDay(now, settings.timeZone);
  return Array.from({ length: settings.booking.daysAhead }, (_, i) => addDays(today, i));
}
