// Pause and resume from the room: the doctor's document gets `pausedUntil`
// (the TV, the patient page and the ETA read it), stamped by the device's
// clock like every write (device-clock.ts), so a pause and a change made at
// the desk meanwhile merge by the real order, not by the screens' clocks.
import type { RxCollection } from 'rxdb';
import type { Doctor } from '../../shared/schemas.ts';
import { type DeviceClock, deviceClock } from '../db/device-clock.ts';

/** The quick choices, in minutes. */
export const PAUSE_MINUTES = [15, 30, 60] as const;
const MINUTE = 60_000;

export async function setPausedUntil(
  col: RxCollection<Doctor>,
  doctorId: string,
  until: number | null,
  clock: DeviceClock = deviceClock,
): Promise<void> {
  const doc = await col.findOne(doctorId).exec();
  await doc?.incrementalModify((d) => ({ ...d, pausedUntil: until, updatedAt: clock.now(d.updatedAt) }));
}

export function pauseFor(minutes: number, clock: DeviceClock = deviceClock): number {
  return clock.correctedNow() + minutes * MINUTE;
}

/** "HH:MM" of the picker, today on this screen's calendar; null when it is not later than now. */
export function backAt(hhmm: string, clock: DeviceClock = deviceClock): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const now = clock.correctedNow();
  const at = new Date(now);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  return at.getTime() > now ? at.getTime() : null;
}

/** Whether the doctor is on a break at `now`. */
export function isPaused(d: Doctor, now: number): boolean {
  return d.pausedUntil !== null && d.pausedUntil > now;
}
