// Personal data of finished visits is erased once the clinic's retention
// period has passed; the anonymised visit stays for reports. The erasure is
// an ordinary replicated write, so the tablets' copies are erased too.
import type { Database } from '../db/database.ts';
import { ERASED_NAME, type Entry, type Settings } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { SYSTEM, pushDocs } from '../sync/store.ts';
import type { Feed } from '../sync/feed.ts';

const BATCH = 500;
const FINISHED = ['done', 'no_show', 'cancelled'];

type Wire<T> = T & { _deleted: boolean };

/** Erases what is due in every clinic; returns how many visits were erased. */
export async function eraseExpiredVisits(db: Database, feed: Feed | null, now = Date.now()): Promise<number> {
  const clinics = await db.query<{ clinic_id: string; data: Settings }>(`SELECT clinic_id, data FROM docs WHERE collection = 'settings'`);
  let erased = 0;
  for (const { clinic_id: clinicId, data: s } of clinics) {
    const cutoff = clinicDay(now - s.retentionDays * 86_400_000, s.timeZone);
    for (;;) {
      const rows = await db.query<{ data: Wire<Entry> }>(
        `SELECT data FROM docs
          WHERE clinic_id = $1 AND collection = 'entries' AND data ->> 'day' < $2
            AND data ->> 'status' = ANY($3) AND (data ->> 'name' <> $4 OR data ->> 'phone' IS NOT NULL)
          LIMIT $5`,
        [clinicId, cutoff, FINISHED, ERASED_NAME, BATCH],
      );
      if (rows.length === 0) break;
      // Compare-and-write: a visit edited meanwhile is left for the next run.
      const result = await pushDocs(
        db,
        clinicId,
        'entries',
        rows.map(({ data }) => ({
          assumedMasterState: data,
          newDocumentState: { ...data, name: ERASED_NAME, phone: null, updatedAt: Math.max(now, data.updatedAt + 1) },
        })),
        feed?.notifiesInDatabase ?? true,
        SYSTEM,
        true,
      );
      erased += result.written;
      if (result.written > 0) await feed?.announce(clinicId, result.seq);
      if (result.written === 0) break;
    }
  }
  return erased;
}
