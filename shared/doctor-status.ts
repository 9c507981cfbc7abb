// A doctor's day at a glance: working, on a break until a given time, or
// absent for the day. Pure, the clock and the clinic's day passed in, so the
// desk, the TV, the patient page and the ETA read the same answer.
import type { Doctor } from './schemas.ts';
import { zonedTime } from './time.ts';

export type DoctorState = { kind: 'working' } | { kind: 'paused'; until: number } | { kind: 'absent' } | { kind: 'inactive' };

type Availability = Pick<Doctor, 'active' | 'pausedUntil' | 'absentDay'>;

/** A pause whose time has passed is over by itself: nobody has to tap "resume" for the ETA to stop counting it. */
export function doctorState(d: Availability, day: string, now: number): DoctorState {
  if (!d.active) return { kind: 'inactive' };
  if (d.absentDay === day) return { kind: 'absent' };
  if (d.pausedUntil !== null && d.pausedUntil > now) return { kind: 'paused', until: d.pausedUntil };
  return { kind: 'working' };
}

/** Who can see patients today (paused doctors included: they come back). */
export function seesPatients(d: Availability, day: string): boolean {
  return d.active && d.absentDay !== day;
}

/** How long each doctor on a break, for the ETA (shared/eta.ts). */
export function pausesOf(doctors: readonly (Pick<Doctor, 'id'> & Availability)[], day: string, now: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of doctors) {
    const s = doctorState(d, day, now);
    if (s.kind === 'paused') out.set(d.id, s.until - now);
  }
  return out;
}

/** Null when nothing changes, to spare a write. */
export function pause<D extends Doctor>(d: D, until: number | null, now: number): D | null {
  const pausedUntil = until !== null && until > now ? until : null;
  return d.pausedUntil === pausedUntil ? null : { ...d, pausedUntil, updatedAt: now };
}

/** `absent` false gives the doctor back to today (a wrong tap); another day's mark is cleared too. */
export function markAbsent<D extends Doctor>(d: D, day: string, absent: boolean, now: number): D | null {
  const absentDay = absent ? day : null;
  return d.absentDay === absentDay ? null : { ...d, absentDay, updatedAt: now };
}

/** "11:30" as typed at the desk, on the clinic's day in its zone; null unless a valid time still to come that day. */
export function backAtTime(day: string, hhmm: string, timeZone: string, now: number): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) return null;
  const at = zonedTime(day, Number(m[1]), Number(m[2]), timeZone);
  return at > now ? at : null;
}
