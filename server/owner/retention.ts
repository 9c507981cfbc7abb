// Personal data of finished visits is erased once the clinic's retention
// period has passed; the anonymised visit stays for reports. The erasure is
// an ordinary replicated write, so the tablets' copies are erased too.
import { ERASED_NAME } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { allSettings, visitsToErase } from '../docs/reads.ts';
import type { Documents } from '../docs/writes.ts';
import type { Queryable } from '../db/database.ts';

const BATCH = 500;
const FINISHED = ['done', 'no_show', 'cancelled'];

/** Erases what is due in every clinic; returns how many visits were erased. */
export async function eraseExpiredVisits(db: Queryable, documents: Documents, now = Date.now()): Promise<number> {
  let erased = 0;
  for (const { clinicId, settings: s } of await allSettings(db)) {
    const cutoff = clinicDay(now - s.retentionDays * 86_400_000, s.timeZone);
    for (;;) {
      const rows = await visitsToErase(db, clinicId, { beforeDay: cutoff, statuses: FINISHED, erasedName: ERASED_NAME, limit: BATCH });
      if (rows.length === 0) break;
      // Compare-and-write: a visit edited meanwhile is left for the next run. The system's
      // duty goes on while the clinic is suspended (personal data must not outlive its period).
      const result = await documents.push(
        clinicId,
        'entries',
        rows.map((data) => ({
          assumedMasterState: data,
          newDocumentState: { ...data, name: ERASED_NAME, phone: null, updatedAt: Math.max(now, data.updatedAt + 1) },
        })),
        { whileSuspended: true },
      );
      erased += result.written;
      if (result.written === 0) break;
    }
  }
  return erased;
}
