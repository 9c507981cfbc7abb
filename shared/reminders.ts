// When a booked patient is reminded: the day before (24 hours ahead) and an
// hour before. Pure; the server's job asks here and the outbox sends each
// reminder once (its unique key: appointment, kind).
import type { Appointment } from './schemas.ts';

export const REMINDER_KINDS = ['remind_day', 'remind_hour'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

const HOUR_MS = 3_600_000;
/** How long before the slot each reminder is due. */
export const REMINDER_LEAD_MS: Record<ReminderKind, number> = { remind_day: 24 * HOUR_MS, remind_hour: HOUR_MS };

export const isReminder = (kind: string): kind is ReminderKind => (REMINDER_KINDS as readonly string[]).includes(kind);

/**
 * The reminders due at `now` for a booking: each from its lead time before
 * the slot until the next one is due (the day's until the hour's, the hour's
 * until the slot starts), and only for a booking made before that lead time:
 * a patient who booked this morning for this afternoon needs no "tomorrow"
 * reminder. Nothing for a booking that is no longer booked.
 */
export function dueReminders(a: Pick<Appointment, 'status' | 'start' | 'bookedAt'>, now: number): ReminderKind[] {
  if (a.status !== 'booked') return [];
  const from = (k: ReminderKind) => a.start - REMINDER_LEAD_MS[k];
  const due: ReminderKind[] = [];
  if (a.bookedAt <= from('remind_day') && now >= from('remind_day') && now < from('remind_hour')) due.push('remind_day');
  if (a.bookedAt <= from('remind_hour') && now >= from('remind_hour') && now < a.start) due.push('remind_hour');
  return due;
}
