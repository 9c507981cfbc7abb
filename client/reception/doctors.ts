// The desk's doctor actions: a break with a "back at" time and an absence for
// the day. The decision is shared/doctor-status.ts's; the write is one doctor
// document, applied only if nobody changed the doctor's availability since the
// screen showed it (the doctor's own screen may pause them at the same time).
// Both screens write through here, stamped by the device's clock (device-clock.ts).
import type { RxCollection } from 'rxdb';
import { markAbsent, pause } from '../../shared/doctor-status.ts';
import type { Doctor } from '../../shared/schemas.ts';
import { type DeviceClock, deviceClock } from '../db/device-clock.ts';

export type DoctorCollection = RxCollection<Doctor>;

export class DoctorActions {
  constructor(
    private readonly col: DoctorCollection,
    private readonly clock: DeviceClock = deviceClock,
  ) {}

  /** `until` null resumes. */
  pause(seen: Doctor, until: number | null): Promise<void> {
    return this.write(seen, (d, now) => pause(d, until, now));
  }

  absent(seen: Doctor, day: string, absent: boolean): Promise<void> {
    return this.write(seen, (d, now) => markAbsent(d, day, absent, now));
  }

  private async write(seen: Doctor, decide: (d: Doctor, now: number) => Doctor | null): Promise<void> {
    const doc = await this.col.findOne(seen.id).exec();
    if (!doc) return;
    await doc.incrementalModify((latest) => {
      if (latest.pausedUntil !== seen.pausedUntil || latest.absentDay !== seen.absentDay) return latest;
      return decide(latest, this.clock.now(latest.updatedAt)) ?? latest;
    });
  }
}
