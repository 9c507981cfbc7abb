// The room's quick pause choices. The pause itself is the desk's write
// (client/reception/doctors.ts, rules in shared/doctor-status.ts), stamped by
// the device's clock, so a pause and a change made at the desk meanwhile merge
// by the real order, not by the screens' clocks.
import { type DeviceClock, deviceClock } from '../db/device-clock.ts';

/** The quick choices, in minutes. */
export const PAUSE_MINUTES = [15, 30, 60] as const;
const MINUTE = 60_000;

/** Real minutes from now: the device's clock corrected by the server's time. */
export function pauseFor(minutes: number, clock: DeviceClock = deviceClock): number {
  return clock.correctedNow() + minutes * MINUTE;
}
