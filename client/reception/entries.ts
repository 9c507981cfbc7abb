// Every queue action of the reception: decided by the shared pure functions on
// the day in memory, shown at once, written to the local database, replicated
// later. Each action writes at most two documents (call-next: the patient it
// ends and the one it calls), but for moving an absent doctor's patients: one
// document per patient.
import type { RxCollection, RxDocument } from 'rxdb';
import { LiveDay, dayQuery } from './live-day.ts';
import * as queue from '../../shared/queue.ts';
import { registerEntry, type Registration } from '../../shared/register.ts';
import { Appointment, type CancelReason, Entry, type Settings } from '../../shared/schemas.ts';
import { arrive } from '../../shared/arrival.ts';
import { type Correction, correct, restore, transferAll } from '../../shared/corrections.ts';
import { type DeviceClock, deviceClock, latestStamp } from '../db/device-clock.ts';
import { clearLate, markArrived } from '../../shared/patient-actions.ts';

export type EntryCollection = RxCollection<Entry>;
type EntryDoc = RxDocument<Entry>;

const plainCache = new WeakMap<EntryDoc, Entry>();

/**
 * A stored entry as a plain object, for readers of the database itself (the
 * screen reads the day in memory instead). RxDB hands out one RxDocument per
 * stored revision, so the copy is cached per RxDocument.
 */
export function plain(doc: EntryDoc): Entry {
  let e = plainCache.get(doc);
  if (!e) {
    e = doc.toJSON() as Entry;
    plainCache.set(doc, e);
  }
  return e;
}

export { dayQuery };

function sameState(latest: Record<string, unknown>, seen: Entry): boolean {
  return (Object.keys(seen) as (keyof Entry)[]).every((k) => latest[k] === seen[k]);
}

export type NewPatient = Pick<Registration, 'name' | 'phone' | 'doctorId' | 'priority' | 'language' | 'whatsapp'>;

export class EntryActions {
  private live: LiveDay | null = null;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly col: EntryCollection,
    private readonly who: { clinicId: string; series: string },
    /** The clinic's calendar day now; read at each action so midnight needs no reload. */
    private readonly today: () => string,
    /** Stamps every write, after the latest change on the day (device-clock.ts). */
    private readonly clock: DeviceClock = deviceClock,
  ) {}

  /** The day in memory, opened on first use; another day closes the previous one. */
  liveDay(day: string): LiveDay {
    if (this.live?.day !== day) {
      this.live?.close();
      this.live = new LiveDay(this.col, day);
    }
    return this.live;
  }

  close(): void {
    this.live?.close();
    this.live = null;
  }

  /**
   * Decides on the day as shown (stored state plus the outcome of every action
   * not yet written), shows the outcome at once, and queues the write: actions
   * run one after another on the state the previous one left, so two quick
   * taps move a patient two places and two quick registrations never draw the
   * same ticket number. The returned promise settles when the write is
   * durable; on failure the screen goes back to what is stored.
   */
  private run<T>(
    decide: (entries: readonly Entry[], now: number) => { writes: readonly Entry[]; result: T },
    write: (writes: readonly Entry[], seen: ReadonlyMap<string, Entry>) => Promise<unknown>,
  ): Promise<T> {
    const live = this.liveDay(this.today());
    if (!live.isReady) return live.ready.then(() => this.run(decide, write));
    let decided: { writes: readonly Entry[]; result: T };
    try {
      const entries = live.entries();
      decided = decide(entries, this.clock.now(latestStamp(entries)));
    } catch (err) {
      return Promise.reject(err);
    }
    const { writes, result } = decided;
    if (writes.length === 0) return Promise.resolve(result);
    const seen = new Map(writes.flatMap((w) => (live.get(w.id) ? [[w.id, live.get(w.id)!] as const] : [])));
    const layer = live.lay(writes);
    const done = this.writes.then(() => write(writes, seen));
    this.writes = done.catch(() => undefined);
    return done.then(
      () => {
        live.settle(layer);
        return result;
      },
      (err: unknown) => {
        live.settle(layer);
        throw err;
      },
    );
  }

  /**
   * Writes what `decide` returned. A pulled change can land between deciding
   * and writing; the write then applies only if the document is still in the
   * state the decision was made on, else it is dropped and the screen shows
   * the newer state (never an old decision over a newer document).
   */
  private act(decide: (entries: readonly Entry[], now: number) => Entry | readonly Entry[] | null): Promise<void> {
    return this.run(
      (entries, now) => {
        const out = decide(entries, now);
        return { writes: out === null ? [] : Array.isArray(out) ? out : [out as Entry], result: undefined };
      },
      async (writes, seen) => {
        const docs = await this.col.findByIds(writes.map((w) => w.id)).exec();
        await Promise.all(
          writes.map((next) =>
            docs
              .get(next.id)
              ?.incrementalModify((latest) =>
                sameState(latest as unknown as Record<string, unknown>, seen.get(next.id)!) ? { ...latest, ...next } : latest,
              ),
          ),
        );
      },
    );
  }

  private one(id: string, transition: (e: Entry, entries: readonly Entry[], now: number) => Entry | null): Promise<void> {
    return this.act((entries, now) => {
      const e = entries.find((x) => x.id === id);
      return e ? transition(e, entries, now) : null;
    });
  }

  register(p: NewPatient, id: string): Promise<Entry> {
    return this.run(
      (entries, now) => {
        // No schema validation runs in production RxDB; a document the server
        // would refuse must never be written, or it stays unsynced forever.
        const entry = Entry.parse(registerEntry(entries, { ...p, ...this.who, id, day: this.today(), source: 'reception' }, now));
        return { writes: [entry], result: entry };
      },
      ([entry]) => this.col.insert(entry!),
    );
  }

  /**
   * A booked patient is at the desk: their visit joins the queue at its fair
   * place (shared/arrival.ts) and the appointment names it, two writes. Null
   * when the booking is not `booked` any more or already has its visit (a
   * second tap).
   */
  arrive(seen: Appointment, settings: Settings, appointments: RxCollection<Appointment>): Promise<Entry | null> {
    let arrived: Appointment | null = null;
    return this.run(
      (entries, now) => {
        if (entries.some((e) => e.appointmentId === seen.id)) return { writes: [], result: null };
        const out = arrive(seen, entries, settings, { series: this.who.series, day: this.today() }, now);
        if (!out) return { writes: [], result: null };
        arrived = Appointment.parse(out.appointment);
        const entry = Entry.parse(out.entry);
        return { writes: [entry], result: entry };
      },
      async ([entry]) => {
        await this.col.insert(entry!);
        // The patient is here whatever happened to the booking meanwhile: only a still-booked one is marked.
        const doc = await appointments.findOne(seen.id).exec();
        await doc?.incrementalModify((latest) => (latest.status === 'booked' && arrived ? { ...latest, ...arrived } : latest));
      },
    );
  }

  callNext(doctorId: string | null): Promise<void> {
    return this.act((entries, now) => queue.callNext(entries, doctorId, now));
  }

  /** Calls this patient out of turn: call-next over a queue holding only them. */
  call(id: string, doctorId: string | null): Promise<void> {
    return this.act((entries, now) => {
      const changed = queue.callNext(
        entries.filter((e) => e.status !== 'waiting' || e.id === id),
        doctorId,
        now,
      );
      return changed.some((e) => e.id === id) ? changed : null;
    });
  }

  /** `view` is the doctor tab the receptionist sees (null: all), so indexes match the screen. */
  moveTo(id: string, index: number, view: string | null): Promise<void> {
    return this.act((entries, now) => queue.moveTo(entries, id, index, now, view));
  }

  /** Overrides a patient's "running late": they are called in their place again. */
  clearLate(id: string): Promise<void> {
    return this.one(id, (e, _entries, now) => clearLate(e, now));
  }

  /** An expected patient (checked in from afar) is at the desk: they join at the end of the queue. */
  markArrived(id: string): Promise<void> {
    return this.one(id, (e, entries, now) => (e.status === 'expected' ? markArrived(entries, e, now) : null));
  }

  moveUp(id: string, view: string | null): Promise<void> {
    return this.act((entries, now) => queue.moveUp(entries, id, now, view));
  }

  moveDown(id: string, view: string | null): Promise<void> {
    return this.act((entries, now) => queue.moveDown(entries, id, now, view));
  }

  setUrgent(id: string, urgent: boolean): Promise<void> {
    return this.one(id, (e, _, now) => queue.setUrgent(e, urgent, now));
  }

  startConsultation(id: string): Promise<void> {
    return this.one(id, (e, _, now) => queue.startConsultation(e, now));
  }

  finish(id: string): Promise<void> {
    return this.one(id, (e, _, now) => queue.finish(e, now));
  }

  markNoShow(id: string): Promise<void> {
    return this.one(id, (e, _, now) => queue.markNoShow(e, now));
  }

  cancel(id: string, reason: CancelReason): Promise<void> {
    return this.one(id, (e, _, now) => queue.cancel(e, reason, now));
  }

  /** Name, phone, doctor and priority from the edit dialog: one write, the arrival place kept in a new queue. */
  correct(id: string, c: Correction): Promise<void> {
    return this.one(id, (e, entries, now) => correct(e, c, entries, now));
  }

  /** Takes back a cancel or a no-show: the patient waits again at their place. */
  restore(id: string): Promise<void> {
    return this.one(id, (e, _, now) => restore(e, now));
  }

  /** Every waiting patient of an absent doctor to `toDoctorId` (null: any doctor), in arrival order. */
  transferAll(fromDoctorId: string, toDoctorId: string | null): Promise<void> {
    return this.act((entries, now) => transferAll(entries, fromDoctorId, toDoctorId, now));
  }

  recall(id: string): Promise<void> {
    return this.one(id, (e, entries, now) => queue.recall(e, entries, now));
  }
}
