// A closed clinic's documents (server/owner/closing.ts): its patients erased
// at the close, its documents deleted after the grace period. Not through
// dq_push, on purpose: the close revokes every device and session of the
// clinic in the same transaction, and dq_push refuses a closed clinic's
// writes (dq_refuse_if_closed), so no tablet will ever pull again and there
// is nothing to number, announce or notify. One statement erases every visit
// of every year at once, atomically with the close, where a push would write
// (and audit) each document. What erasing a person means is shared with
// retention, which does go through dq_push (shared/erasure.ts).
import type { Queryable } from '../db/database.ts';
import { ERASED_PERSON } from '../../shared/erasure.ts';
import { PERSON_COLLECTIONS } from '../../shared/schemas.ts';

/**
 * Counts the clinic's visits per day, without any person, into
 * closed_clinic_days: what stays of its activity once its documents are gone.
 */
export async function keepDailyTotals(tx: Queryable, clinicId: string): Promise<void> {
  await tx.query(
    `INSERT INTO closed_clinic_days (clinic_id, day, visits, seen, no_shows, cancelled)
     SELECT $1, data ->> 'day', count(*), count(*) FILTER (WHERE data ->> 'status' = 'done'),
            count(*) FILTER (WHERE data ->> 'status' = 'no_show'), count(*) FILTER (WHERE data ->> 'status' = 'cancelled')
       FROM docs WHERE clinic_id = $1 AND collection = 'entries' AND NOT (data ->> '_deleted')::boolean
      GROUP BY data ->> 'day'
     ON CONFLICT (clinic_id, day) DO NOTHING`,
    [clinicId],
  );
}

/** Erases the person of every document of the clinic that holds one; returns how many documents held one. */
export async function eraseClinicPersons(tx: Queryable, clinicId: string): Promise<number> {
  const erased = await tx.query(
    `UPDATE docs SET data = data || $3::jsonb
      WHERE clinic_id = $1 AND collection = ANY($2::text[]) AND NOT (data @> $3::jsonb) RETURNING id`,
    [clinicId, PERSON_COLLECTIONS, JSON.stringify(ERASED_PERSON)],
  );
  await tx.query(
    'UPDATE clinics SET doc_bytes = (SELECT coalesce(sum(octet_length(d.data::text)), 0) FROM docs d WHERE d.clinic_id = $1) WHERE id = $1',
    [clinicId],
  );
  return erased.length;
}

/** Deletes every document of the clinic (the purge at the end of its grace period). */
export async function deleteClinicDocs(tx: Queryable, clinicId: string): Promise<void> {
  await tx.query('DELETE FROM docs WHERE clinic_id = $1', [clinicId]);
  await tx.query('UPDATE clinics SET doc_bytes = 0 WHERE id = $1', [clinicId]);
}
