// A doctor's bookable schedule as the owner's form holds it: numbers as typed
// text (a cleared field is not silently 0) and "takes appointments" apart from
// the schedule, so unticking and ticking again gets the same schedule back.
import { DoctorBooking } from '../../../shared/schemas.ts';

export interface ScheduleDraft {
  takes: boolean;
  slotMinutes: string;
  breaks: { from: string; to: string }[];
  daysOff: number[];
}

/** What ticking "takes appointments" proposes for a doctor who had no schedule. */
const PROPOSED_SLOT_MINUTES = 15;

export function toScheduleDraft(booking: DoctorBooking | null): ScheduleDraft {
  return booking
    ? {
        takes: true,
        slotMinutes: String(booking.slotMinutes),
        breaks: booking.breaks.map((b) => ({ ...b })),
        daysOff: [...booking.daysOff],
      }
    : { takes: false, slotMinutes: String(PROPOSED_SLOT_MINUTES), breaks: [], daysOff: [] };
}

/** The value the doctor route takes, or null when the draft is not a valid schedule. */
export function fromScheduleDraft(d: ScheduleDraft): { booking: DoctorBooking | null } | null {
  if (!d.takes) return { booking: null };
  const parsed = DoctorBooking.safeParse({
    slotMinutes: d.slotMinutes.trim() === '' ? Number.NaN : Number(d.slotMinutes),
    breaks: [...d.breaks].sort((a, b) => a.from.localeCompare(b.from)),
    daysOff: [...new Set(d.daysOff)].sort((a, b) => a - b),
  });
  return parsed.success ? { booking: parsed.data } : null;
}
