// The tablet's close of the day (shared/day-close.ts decides): by hand from
// the desk, and by itself once the day's close time has passed while the
// tablet is open, offline too: open visits get their outcome, bookings still
// waiting for their patient become no-shows. Each write is compare-and-write:
// a document that changed since the decision keeps its newer state, and the
// next pass decides again. Two tablets closing the same day write the same documents; the
// merge settles two different closes (shared/merge.ts).
import type { RxCollection } from 'rxdb';
import type { ClinicDb } from '../db/database.ts';
import {
  autoClose,
  closeDay,
  closeMoment,
  CLOSABLE_STATUSES,
  dayNoShows,
  recordClose,
  type CloseChoice,
  type DayCloseWrites,
} from '../../shared/day-close.ts';
import type { Appointment, Entry, Settings } from '../../shared/schemas.ts';
import { clinicToday } from './useClinicData.ts';

/** Closes `day` as the receptionist chose; resolves with the documents written. */
export async function closeDayByHand(
  db: ClinicDb,
  settings: Settings,
  day: string,
  choice: CloseChoice,
  now = Date.now(),
): Promise<number> {
  // The day's visits, and those already on the day a carried patient joins (their tickets).
  const entries = (await db.entries.find({ selector: { day: { $gte: day } } }).exec()).map((d) => d.toJSON() as Entry);
  const bookings = (await db.appointments.find({ selector: { day } }).exec()).map((d) => d.toJSON() as Appointment);
  const close = { day, writes: closeDay(settings, entries, day, choice, now), noShows: dayNoShows(bookings, day) };
  return write(db, settings, entries, bookings, close, now);
}

/** The automatic close: every due day, patients marked not seen (carrying over is a person's choice), bookings missed no-shows. */
export async function closeDueDays(db: ClinicDb, settings: Settings, now = Date.now()): Promise<number> {
  const today = clinicToday(now, settings.timeZone);
  const open = (await db.entries.find({ selector: { status: { $in: [...CLOSABLE_STATUSES] } } }).exec()).map((d) => d.toJSON() as Entry);
  const booked = (await db.appointments.find({ selector: { status: 'booked', day: { $lte: today } } }).exec()).map(
    (d) => d.toJSON() as Appointment,
  );
  let written = 0;
  for (const close of autoClose(settings, open, booked, today, now)) written += await write(db, settings, open, booked, close, now);
  return written;
}

/**
 * Writes one day's close: each visit and booking only if it is still as
 * decided on, then the settings' record of the close. Resolves with the
 * documents written.
 */
async function write(
  db: ClinicDb,
  settings: Settings,
  entries: readonly Entry[],
  bookings: readonly Appointment[],
  close: DayCloseWrites,
  now: number,
): Promise<number> {
  const written =
    (await writeIfUnchanged(db.entries, entries, close.writes)) + (await writeIfUnchanged(db.appointments, bookings, close.noShows));
  const doc = await db.settings.findOne(settings.id).exec();
  const at = closeMoment(settings, close.day, now);
  await doc?.incrementalModify((latest) => recordClose(latest, close.day, at) ?? latest);
  return written;
}

/** Each write applied only to a document still as it was read (same write time and status); resolves with those applied. */
async function writeIfUnchanged<T extends Entry | Appointment>(
  collection: RxCollection<T>,
  read: readonly T[],
  writes: readonly T[],
): Promise<number> {
  if (writes.length === 0) return 0;
  const seen = new Map(read.map((d) => [d.id, d]));
  const docs = await collection.findByIds(writes.map((w) => w.id)).exec();
  let written = 0;
  for (const next of writes) {
    const before = seen.get(next.id)!;
    await docs.get(next.id)?.incrementalModify((latest) => {
      if (latest.updatedAt !== before.updatedAt || latest.status !== before.status) return latest;
      written++;
      return { ...latest, ...next };
    });
  }
  return written;
}
