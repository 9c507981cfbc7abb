// What the public booking page may offer and take: the free slots of the
// bookable days, and whether a requested slot is one of them. Pure: the
// server reads the documents and the clock, then asks here.
import type { Appointment, Doctor, Settings } from './schemas.ts';
import { bookableDays, doctorSlots, freeSlots, type Slot } from './slots.ts';

/** The most days one request of the free slots covers (a week and a day): the page asks again for later ones. */
export const MAX_SLOT_DAYS = 8;

/** How many live bookings one phone number may hold at a clinic through the public page. */
export const MAX_LIVE_BOOKINGS_PER_PHONE = 2;

type BookingSettings = Pick<Settings, 'hours' | 'timeZone' | 'booking'>;
type Held = Pick<Appointment, 'id' | 'doctorId' | 'start' | 'minutes' | 'status'>;

/**
 * The days the page offers from `from` on, at most `days` of them, inside
 * today .. today + daysAhead - 1 (a `from` before today starts today).
 */
export function offeredDays(settings: Pick<Settings, 'timeZone' | 'booking'>, now: number, from: string | null, days: number): string[] {
  const all = bookableDays(settings, now);
  return all.filter((d) => from === null || d >= from).slice(0, Math.min(days, MAX_SLOT_DAYS));
}

/** Free slot starts per doctor taking bookings, over `days`: free/busy only, nothing of who holds the others. */
export function freeSlotsByDoctor(
  doctors: readonly Doctor[],
  settings: BookingSettings,
  days: readonly string[],
  held: readonly Held[],
  now: number,
): { doctor: Doctor; slots: Slot[] }[] {
  return doctors
    .filter((d) => d.booking !== null && d.active)
    .map((doctor) => ({
      doctor,
      slots: freeSlots(
        days.flatMap((day) => doctorSlots(doctor, settings, day)),
        held,
        now,
      ),
    }));
}

/**
 * The slot of `doctorId` starting at `start` on a bookable day, or null: the
 * page may only book a slot the doctor's schedule has (never an arbitrary
 * time or length), and only one still to come.
 */
export function bookableSlot(
  doctors: readonly Doctor[],
  settings: BookingSettings,
  now: number,
  doctorId: string,
  start: number,
): Slot | null {
  const doctor = doctors.find((d) => d.id === doctorId);
  if (!doctor || start <= now) return null;
  for (const day of bookableDays(settings, now)) {
    const slot = doctorSlots(doctor, settings, day).find((s) => s.start === start);
    if (slot) return slot;
  }
  return null;
}
