// The server's side of the day's close (shared/day-close.ts): a clinic whose
// tablets are all off still has its day closed once the time has passed.
// The tablets run the same rule; whoever comes first writes, the others find
// nothing left to do (or write identical documents, which the push takes as equal).
// The automatic close always marks patients "not seen": carrying them over is
// the receptionist's choice, made by hand.
import { autoClose, closeMoment, CLOSABLE_STATUSES, recordClose } from '../../shared/day-close.ts';
import type { Settings } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { allSettings, openVisits } from '../docs/reads.ts';
import type { Documents } from '../docs/writes.ts';
import type { Queryable } from '../db/database.ts';
import { eachClinic, type ClinicRun } from '../clinic-run.ts';

/** Closes every clinic's due days; `done` counts the days closed. */
export async function closeDueDays(db: Queryable, documents: Documents, now = Date.now()): Promise<ClinicRun> {
  const settings = new Map((await allSettings(db)).map((r) => [r.clinicId, r.settings]));
  return eachClinic([...settings.keys()], (clinicId) => closeClinic(db, documents, clinicId, settings.get(clinicId)!, now));
}

async function closeClinic(db: Queryable, documents: Documents, clinicId: string, s: Settings, now: number): Promise<number> {
  const open = (await openVisits(db, clinicId, CLOSABLE_STATUSES, clinicDay(now, s.timeZone))).filter((e) => !e._deleted);
  const byId = new Map(open.map((e) => [e.id, e]));
  const closes = autoClose(s, open, clinicDay(now, s.timeZone), now);
  for (const { writes } of closes) {
    // Compare-and-write: a visit a tablet changed meanwhile is left for the next run.
    // A suspended clinic's day is closed too: it only ends what was left open.
    await documents.push(
      clinicId,
      'entries',
      writes.map((e) => ({ assumedMasterState: byId.get(e.id)!, newDocumentState: { ...e, _deleted: false } })),
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
