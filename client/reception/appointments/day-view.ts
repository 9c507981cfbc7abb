// What the desk's appointment views show, as plain data: the bookable doctors'
// slots of a day with the bookings in them (day view), a week's counts per
// doctor and day (week view), and today's expected patients. The slots are
// shared/slots.ts's, what holds a slot and which double booking gives way are
// shared/bookings.ts's: the views only lay them out.
import { HOLDS_SLOT, displaced, overlaps } from '../../../shared/bookings.ts';
import { addDays, weekdayOf } from '../../../shared/day.ts';
import type { Appointment, Doctor, Settings } from '../../../shared/schemas.ts';
import { type Slot, doctorSlots, freeSlots } from '../../../shared/slots.ts';

export type ClinicHours = Pick<Settings, 'hours' | 'timeZone'>;

export interface SlotRow {
  start: number;
  minutes: number;
  /** A bookable slot of the schedule; false: a booking outside it (the schedule changed since), shown so nobody is lost. */
  inSchedule: boolean;
  /** Bookable now: in the schedule, not held by a booking, not started. */
  free: boolean;
  /** The bookings overlapping it, those holding it first: cancelled, moved and no-show ones stay, greyed. */
  bookings: readonly Appointment[];
}

export interface DayColumn {
  doctor: Doctor;
  rows: readonly SlotRow[];
}

export interface DayView {
  columns: readonly DayColumn[];
  /** Bookings that lost their slot to an earlier one (two offline tablets): the receptionist moves them. */
  displaced: ReadonlySet<string>;
}

const MINUTE = 60_000;
const holds = (a: Pick<Appointment, 'status'>) => HOLDS_SLOT.includes(a.status);
const byHoldingThenStart = (a: Appointment, b: Appointment) =>
  Number(holds(b)) - Number(holds(a)) || a.start - b.start || a.bookedAt - b.bookedAt || (a.id < b.id ? -1 : 1);

/** Doctors who take appointments, the active ones, in the order given (the desk's room order). */
export function bookableDoctors(doctors: readonly Doctor[]): Doctor[] {
  return doctors.filter((d) => d.active && d.booking !== null);
}

function column(doctor: Doctor, slots: readonly Slot[], mine: readonly Appointment[], now: number): DayColumn {
  const free = new Set(freeSlots(slots, mine, now).map((s) => s.start));
  const rows: SlotRow[] = slots.map((s) => ({
    start: s.start,
    minutes: s.minutes,
    inSchedule: true,
    free: free.has(s.start),
    bookings: mine.filter((a) => overlaps(a, s)).sort(byHoldingThenStart),
  }));
  // A booking no slot covers (a break added, a day off, the doctor absent) gets a row of its own.
  for (const a of mine) {
    if (slots.some((s) => overlaps(a, s))) continue;
    const row = rows.find((r) => !r.inSchedule && r.start === a.start);
    if (row) row.bookings = [...row.bookings, a].sort(byHoldingThenStart);
    else rows.push({ start: a.start, minutes: a.minutes, inSchedule: false, free: false, bookings: [a] });
  }
  // A slot over and empty is nothing the desk can act on: the day shows from the slot under way.
  const shown = rows.filter((r) => r.bookings.length > 0 || r.start + r.minutes * MINUTE > now);
  return { doctor, rows: shown.sort((a, b) => a.start - b.start) };
}

/**
 * A column per bookable doctor, and one per other doctor holding a booking
 * that day (taken off appointments after it was made): every booking shows.
 */
export function dayView(
  doctors: readonly Doctor[],
  settings: ClinicHours,
  day: string,
  appointments: readonly Appointment[],
  now: number,
): DayView {
  const ofDay = appointments.filter((a) => a.day === day);
  const bookable = new Set(bookableDoctors(doctors).map((d) => d.id));
  const shown = doctors.filter((d) => bookable.has(d.id) || ofDay.some((a) => a.doctorId === d.id));
  return {
    columns: shown.map((d) =>
      column(
        d,
        bookable.has(d.id) ? doctorSlots(d, settings, day) : [],
        ofDay.filter((a) => a.doctorId === d.id),
        now,
      ),
    ),
    displaced: displaced(ofDay),
  };
}

/** The Monday of a day's week: the desk's week runs Monday to Sunday, as in Tunisia. */
export function weekStart(day: string): string {
  return addDays(day, -((weekdayOf(day) + 6) % 7));
}

export const weekDays = (day: string): string[] => Array.from({ length: 7 }, (_, i) => addDays(weekStart(day), i));

export interface WeekCell {
  day: string;
  slots: number;
  free: number;
  /** The day's bookings holding a slot, by time. */
  booked: readonly Appointment[];
}

export interface WeekRow {
  doctor: Doctor;
  days: readonly WeekCell[];
}

/** Per bookable doctor, each day of the week of `day`: slots, free slots and who is booked. */
export function weekView(
  doctors: readonly Doctor[],
  settings: ClinicHours,
  day: string,
  appointments: readonly Appointment[],
  now: number,
): WeekRow[] {
  const days = weekDays(day);
  return bookableDoctors(doctors).map((doctor) => ({
    doctor,
    days: days.map((d) => {
      const slots = doctorSlots(doctor, settings, d);
      const mine = appointments.filter((a) => a.day === d && a.doctorId === doctor.id);
      return {
        day: d,
        slots: slots.length,
        free: freeSlots(slots, mine, now).length,
        booked: mine.filter(holds).sort((a, b) => a.start - b.start),
      };
    }),
  }));
}

/** Today's bookings still to come in, by slot time: the list beside the register form. */
export function expectedToday(appointments: readonly Appointment[], today: string): Appointment[] {
  return appointments.filter((a) => a.day === today && a.status === 'booked').sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
}
