// The fair arrival rule: a booked patient joins the same queue as the walk-ins,
// placed by their slot time when they come around it, as a walk-in when they
// come too late. A rank computation, so arriving writes two documents (the new
// visit and the appointment) whatever the length of the queue.
import { arrivalRank } from './corrections.ts';
import { registerEntry } from './register.ts';
import type { Appointment, ClinicBooking, Entry, Settings } from './schemas.ts';

const MINUTE = 60_000;

/**
 * The time the patient is placed by: their slot's start when they arrive up
 * to `lateMinutes` after it, earlier ones included (they wait for their slot
 * rather than jump ahead of those who came before it); later, their real
 * arrival (a walk-in) unless the clinic keeps the slot for them (`lateAs`).
 */
export function arrivalTime(a: Pick<Appointment, 'start'>, booking: ClinicBooking, now: number): number {
  if (now <= a.start + booking.lateMinutes * MINUTE) return a.start;
  return booking.lateAs === 'walk_in' ? now : a.start;
}

/** Whether the patient came inside the clinic's window around their slot (reports count punctuality with it). */
export function onTime(a: Pick<Appointment, 'start'>, booking: ClinicBooking, arrivedAt: number): boolean {
  return arrivedAt >= a.start - booking.earlyMinutes * MINUTE && arrivedAt <= a.start + booking.lateMinutes * MINUTE;
}

/**
 * The visit a booking becomes has the booking's id (documents are keyed by
 * collection and id, so the two never meet): two desks marking one booking
 * arrived while offline write the same visit, which replication merges like
 * any concurrent edit, instead of queueing the patient twice.
 */
const arrivalEntryId = (a: Pick<Appointment, 'id'>): string => a.id;

export interface ArrivalRegistration {
  /** The arriving device's ticket series. */
  series: string;
  /** Today's clinic day. */
  day: string;
}

/**
 * The patient's visit, made as any registration is and then put at the place
 * of its arrival time among the day's waiting patients of its priority band
 * (urgent walk-ins stay first), and the appointment marked arrived with it.
 * The visit's `arrivedAt` is the real arrival, for waits and punctuality.
 * Null when the appointment is not waiting for its patient.
 */
export function arrive(
  a: Appointment,
  dayEntries: readonly Entry[],
  settings: Settings,
  reg: ArrivalRegistration,
  now: number,
): { entry: Entry; appointment: Appointment } | null {
  if (a.status !== 'booked') return null;
  const registered = registerEntry(
    dayEntries,
    {
      id: arrivalEntryId(a),
      clinicId: a.clinicId,
      name: a.name,
      phone: a.phone,
      doctorId: a.doctorId,
      priority: 'normal',
      source: 'reception',
      series: reg.series,
      day: reg.day,
      language: a.language,
      whatsapp: a.whatsapp,
    },
    now,
  );
  const placedBy = { ...registered, arrivedAt: arrivalTime(a, settings.booking, now) };
  const entry: Entry = { ...registered, appointmentId: a.id, rank: arrivalRank(dayEntries, placedBy) };
  return { entry, appointment: { ...a, status: 'arrived', entryId: entry.id, updatedAt: now } };
}
