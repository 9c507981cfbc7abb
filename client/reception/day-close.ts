// The tablet's close of the day (shared/day-close.ts decides): by hand from
// the desk, and by itself once the day's close time has passed while the
// tablet is open, offline too. Each write is compare-and-write: a visit that
// changed since the decision keeps its newer state, and the next pass decides
// again. Two tablets closing the same day write the same documents; the
// merge settles two different closes (shared/merge.ts).
import type { ClinicDb } from '../db/database.ts';
import { autoClose, closeDay, closeMoment, CLOSABLE_STATUSES, recordClose, type CloseChoice } from '../../shared/day-close.ts';
import type { Entry, Settings } from '../../shared/schemas.ts';
import { clinicToday } from './useClinicData.ts';

/** Closes `day` as the receptionist chose; resolves with the visits written. */
export async function closeDayByHand(
  db: ClinicDb,
  settings: Settings,
  day: string,
  choice: CloseChoice,
  now = Date.now(),
): Promise<number> {
  // The day's visits, and those already on the day a carried patient joins (their tickets).
  const entries = (await db.entries.find({ selector: { day: { $gte: day } } }).exec()).map((d) => d.toJSON() as Entry);
  return write(db, settings, entries, day, closeDay(settings, entries, day, choice, now), now);
}

/** The automatic close: every due day, patients marked not seen (carrying over is a person's choice). */
export async function closeDueDays(db: ClinicDb, settings: Settings, now = Date.now()): Promise<number> {
  const today = clinicToday(now, settings.timeZone);
  const open = (await db.entries.find({ selector: { status: { $in: [...CLOSABLE_STATUSES] } } }).exec()).map((d) => d.toJSON() as Entry);
  let written = 0;
  for (const { day, writes } of autoClose(settings, open, today, now)) written += await write(db, settings, open, day, writes, now);
  return written;
}

/**
 * Writes one day's close: each visit only if it is still as decided on, then
 * the settings' record of the close. Resolves with the visits written.
 */
async function write(
  db: ClinicDb,
  settings: Settings,
  entries: readonly Entry[],
  day: string,
  writes: readonly Entry[],
  now: number,
): Promise<number> {
  const seen = new Map(entries.map((e) => [e.id, e]));
  const docs = await db.entries.findByIds(writes.map((w) => w.id)).exec();
  let written = 0;
  for (const next of writes) {
    const before = seen.get(next.id)!;
    await docs.get(next.id)?.incrementalModify((latest) => {
      if (latest.updatedAt !== before.updatedAt || latest.status !== before.status) return latest;
      written++;
      return { ...latest, ...next };
    });
  }
  const doc = await db.settings.findOne(settings.id).exec();
  const at = closeMoment(settings, day, now);
  await doc?.incrementalModify((latest) => recordClose(latest, day, at) ?? latest);
  return written;
}
