// The server's side of the day's close (shared/day-close.ts): a clinic whose
// tablets are all off still has its day closed once the time has passed.
// The tablets run the same rule; whoever comes first writes, the others find
// nothing left to do (or write identical documents, which the push takes as equal).
// The automatic close always marks patients "not seen": carrying them over is
// the receptionist's choice, made by hand. Bookings still waiting for their
// patient become no-shows.
import { autoClose, closeMoment, CLOSABLE_STATUSES, recordClose } from '../../shared/day-close.ts';
import type { Settings } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { allSettings, openVisits } from '../docs/reads.ts';
import { bookedThrough } from '../docs/appointments.ts';
import type { Documents } from '../docs/writes.ts';
import type { Queryable } from '../db/database.ts';
import { eachClinic, type ClinicRun } from '../clinic-run.ts';

/** Closes every clinic's due days; `done` counts the days closed. */
export async function closeDueDays(db: Queryable, documents: Documents, now = Date.now()): Promise<ClinicRun> {
  const settings = new Map((await allSettings(db)).map((r) => [r.clinicId, r.settings]));
  return eachClinic([...settings.keys()], (clinicId) => closeClinic(db, documents, clinicId, settings.get(clinicId)!, now));
}

/** Closes one clinic's due days; resolves with the number of days closed. */
export async function closeClinic(db: Queryable, documents: Documents, clinicId: string, s: Settings, now: number): Promise<number> {
  const today = clinicDay(now, s.timeZone);
  const open = (await openVisits(db, clinicId, CLOSABLE_STATUSES, today)).filter((e) => !e._deleted);
  const booked = await bookedThrough(db, clinicId, today);
  const byId = new Map(open.map((e) => [e.id, e]));
  const bookingById = new Map(booked.map((a) => [a.id, a]));
  const closes = autoClose(s, open, booked, today, now);
  for (const { writes, noShows } of closes) {
    // Compare-and-write: a document a tablet changed meanwhile is left for the next run.
    // A suspended clinic's day is closed too: it only ends what was left open.
    if (writes.length > 0)
      await documents.push(
        clinicId,
        'entries',
        writes.map((e) => ({ assumedMasterState: byId.get(e.id)!, newDocumentState: { ...e, _deleted: false } })),
        { whileSuspended: true },
      );
    if (noShows.length > 0)
      await documents.push(
        clinicId,
        'appointments',
        noShows.map((a) => ({ assumedMasterState: bookingById.get(a.id)!, newDocumentState: { ...a, _deleted: false } })),
        { whileSuspended: true },
      );
  }
  const last = closes.at(-1);
  const recorded = last && recordClose(s, last.day, closeMoment(s, last.day, now));
  if (recorded) {
    await documents.push(
      clinicId,
      'settings',
      [{ assumedMasterState: { ...s, _deleted: false }, newDocumentState: { ...recorded, _deleted: false } }],
      { whileSuspended: true },
    );
  }
  return closes.length;
}
