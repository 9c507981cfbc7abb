// Personal data of every visit and appointment is erased once the clinic's
// retention period has passed since its day, whatever its end (done, no-show,
// cancelled, not seen, or left open on a day nobody closed): no name or phone
// outlives the period. The anonymised documents stay for reports. The erasure
// is an ordinary replicated write, so the tablets' copies are erased too. A
// visit's push subscription (a way to reach the patient's phone) goes with it.
import { ERASED_NAME, PERSON_COLLECTIONS, type PersonCollection, type Settings } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { allSettings, personsToErase } from '../docs/reads.ts';
import { purgePushSubscriptions } from '../docs/subscriptions.ts';
import type { Documents } from '../docs/writes.ts';
import type { Queryable } from '../db/database.ts';
import { eachClinic, type ClinicRun } from '../clinic-run.ts';

const BATCH = 500;

/** Erases what is due in every clinic; `done` counts the visits and appointments erased. */
export async function eraseExpiredVisits(db: Queryable, documents: Documents, now = Date.now()): Promise<ClinicRun> {
  const settings = new Map((await allSettings(db)).map((r) => [r.clinicId, r.settings]));
  return eachClinic([...settings.keys()], (clinicId) => eraseClinic(db, documents, clinicId, settings.get(clinicId)!, now));
}

/** Erases what is due in one clinic; resolves with the number of documents erased. */
export async function eraseClinic(db: Queryable, documents: Documents, clinicId: string, s: Settings, now: number): Promise<number> {
  const cutoff = clinicDay(now - s.retentionDays * 86_400_000, s.timeZone);
  let erased = 0;
  for (const collection of PERSON_COLLECTIONS) erased += await eraseBefore(db, documents, clinicId, collection, cutoff, now);
  await purgePushSubscriptions(db, clinicId, {
    beforeDay: cutoff,
    before: new Date(now - s.retentionDays * 86_400_000),
  });
  return erased;
}

/** Names and phones of one collection's documents of days before `beforeDay`, in batches. */
async function eraseBefore(
  db: Queryable,
  documents: Documents,
  clinicId: string,
  collection: PersonCollection,
  beforeDay: string,
  now: number,
): Promise<number> {
  let erased = 0;
  for (;;) {
    const rows = await personsToErase(db, clinicId, collection, { beforeDay, erasedName: ERASED_NAME, limit: BATCH });
    if (rows.length === 0) break;
    // Compare-and-write: a document edited meanwhile is left for the next run. The system's
    // duty goes on while the clinic is suspended (personal data must not outlive its period).
    const result = await documents.push(
      clinicId,
      collection,
      rows.map((data) => ({
        assumedMasterState: data,
        newDocumentState: { ...data, name: ERASED_NAME, phone: null, updatedAt: Math.max(now, data.updatedAt + 1) },
      })),
      { whileSuspended: true },
    );
    erased += result.written;
    if (result.written === 0) break;
  }
  return erased;
}
