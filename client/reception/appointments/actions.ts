// The desk's booking actions, local-first like the queue's: the decision is
// shared/bookings.ts's, made on the bookings this tablet holds at the moment of
// writing, then written to the local database (replicated later). Actions run
// one after another, so two quick taps on one slot cannot both book it. A
// double booking made on two offline tablets is not refused here (neither can
// see the other's): displaced() flags it once both have synced.
import type { RxCollection } from 'rxdb';
import { bookAppointment, cancelAppointment, clash, type BookingInput, moveAppointment } from '../../../shared/bookings.ts';
import { Appointment } from '../../../shared/schemas.ts';
import type { Slot } from '../../../shared/slots.ts';
import { type DeviceClock, deviceClock } from '../../db/device-clock.ts';
import { clinicToday } from '../useClinicData.ts';

export type AppointmentCollection = RxCollection<Appointment>;

/** What a booking action did: `clash`, the slot is held by another booking; `changed`, the booking changed meanwhile. */
export type BookingOutcome = { ok: true; appointment: Appointment } | { ok: false; code: 'clash' | 'changed' };

export type NewBooking = Omit<BookingInput, 'id' | 'clinicId' | 'timeZone'>;

export function dayBookingsQuery(col: AppointmentCollection, from: string, to: string) {
  return col.find({ selector: { day: { $gte: from, $lte: to } } });
}

const sameState = (latest: Appointment, seen: Appointment) => latest.updatedAt === seen.updatedAt && latest.status === seen.status;

export class AppointmentActions {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly col: AppointmentCollection,
    private readonly who: { clinicId: string; timeZone: () => string },
    private readonly newId: () => string,
    private readonly clock: DeviceClock = deviceClock,
  ) {}

  book(b: NewBooking): Promise<BookingOutcome> {
    return this.serial(async () => {
      const held = await this.dayOf(b.start, b.doctorId);
      if (clash(held, b)) return { ok: false, code: 'clash' } as const;
      // No schema validation runs in production RxDB; a document the server would refuse must never be written.
      const appointment = Appointment.parse(
        bookAppointment({ ...b, id: this.newId(), clinicId: this.who.clinicId, timeZone: this.who.timeZone() }, this.clock.now()),
      );
      await this.col.insert(appointment);
      return { ok: true, appointment } as const;
    });
  }

  /** Two writes: the old booking `rescheduled` (pointing at the new one), then the new booking. */
  move(seen: Appointment, to: Pick<Slot, 'doctorId' | 'start' | 'minutes'>): Promise<BookingOutcome> {
    return this.serial(async () => {
      const held = await this.dayOf(to.start, to.doctorId);
      if (clash(held, { ...to, id: seen.id })) return { ok: false, code: 'clash' } as const;
      const doc = await this.col.findOne(seen.id).exec();
      const latest = doc?.toJSON() as Appointment | undefined;
      if (!doc || !latest || !sameState(latest, seen) || latest.status !== 'booked') return { ok: false, code: 'changed' } as const;
      const [old, moved] = moveAppointment(latest, to, this.newId(), this.who.timeZone(), this.clock.now(latest.updatedAt));
      const next = Appointment.parse(moved);
      await doc.incrementalPatch(Appointment.parse(old));
      await this.col.insert(next);
      return { ok: true, appointment: next } as const;
    });
  }

  cancel(seen: Appointment): Promise<BookingOutcome> {
    return this.serial(async () => {
      const doc = await this.col.findOne(seen.id).exec();
      const latest = doc?.toJSON() as Appointment | undefined;
      const cancelled = latest && sameState(latest, seen) ? cancelAppointment(latest, this.clock.now(latest.updatedAt)) : null;
      if (!doc || !cancelled) return { ok: false, code: 'changed' } as const;
      await doc.incrementalPatch(Appointment.parse(cancelled));
      return { ok: true, appointment: cancelled } as const;
    });
  }

  /** The bookings of a doctor's day as stored now, whatever the screen shows. */
  private async dayOf(start: number, doctorId: string): Promise<Appointment[]> {
    const docs = await this.col.find({ selector: { day: clinicToday(start, this.who.timeZone()), doctorId } }).exec();
    return docs.map((d) => d.toJSON() as Appointment);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const done = this.writes.then(work);
    this.writes = done.catch(() => undefined);
    return done;
  }
}
