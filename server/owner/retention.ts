// Personal data of every visit is erased once the clinic's retention period
// has passed since its day, whatever its end (done, no-show, cancelled, not
// seen, or left open on a day nobody closed): no name or phone outlives the
// period. The anonymised visit stays for reports. The erasure is
// an ordinary replicated write, so the tablets' copies are erased too. A
// visit's push subscription (a way to reach the patient's phone) goes with it.
import { ERASED_NAME, type Settings } from '../../shared/schemas.ts';
import { erasePerson } from '../../shared/erasure.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { allSettings, visitsToErase } from '../docs/reads.ts';
import { purgePushSubscriptions } from '../docs/subscriptions.ts';
import type { Documents } from '../docs/writes.ts';
import type { Queryable } from '../db/database.ts';
import { eachClinic, type ClinicRun } from '../clinic-run.ts';

const BATCH = 500;

/** Erases what is due in every clinic; `done` counts the visits erased. */
export async function eraseExpiredVisits(db: Queryable, documents: Documents, now = Date.now()): Promise<ClinicRun> {
  const settings = new Map((await allSettings(db)).map((r) => [r.clinicId, r.settings]));
  return eachClinic([...settings.keys()], (clinicId) => eraseClinic(db, documents, clinicId, settings.get(clinicId)!, now));
}

async function eraseClinic(db: Queryable, documents: Documents, clinicId: string, s: Settings, now: number): Promise<number> {
  let erased = 0;
  const cutoff = clinicDay(now - s.retentionDays * 86_400_000, s.timeZone);
  for (;;) {
    const rows = await visitsToErase(db, clinicId, { beforeDay: cutoff, erasedName: ERASED_NAME, limit: BATCH });
    if (rows.length === 0) break;
    // Compare-and-write: a visit edited meanwhile is left for the next run. The system's
    // duty goes on while the clinic is suspended (personal data must not outlive its period).
    const result = await documents.push(
      clinicId,
      'entries',
      rows.map((data) => ({
        assumedMasterState: data,
        newDocumentState: { ...erasePerson(data), updatedAt: Math.max(now, data.updatedAt + 1) },
      })),
      { whileSuspended: true },
    );
    erased += result.written;
    if (result.written === 0) break;
  }
  await purgePushSubscriptions(db, clinicId, {
    beforeDay: cutoff,
    before: new Date(now - s.retentionDays * 86_400_000),
  });
  return erased;
}
