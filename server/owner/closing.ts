// Closing a clinic (docs/security.md, "Closing a clinic and personal data"):
// in one transaction, under the clinic's row lock, the clinic is marked
// closed, every device and session of it is revoked, its pending credentials
// (enrolment codes, invitations, password resets) are deleted, and every
// personal datum of its patients is erased: names and phones in the
// documents, push subscriptions, the numbers and texts of its messages. What
// is left goes at the end of the grace period (closed-purge.ts).
import type { Database, Queryable } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { Actor } from '../docs/writes.ts';
import { eraseClinicPersons, keepDailyTotals } from '../docs/erasure.ts';
import { confirmsClose, type ClosedClinic } from '../../shared/closing.ts';
import { audit } from './audit.ts';

export interface CloseRequest {
  clinicId: string;
  actor: Actor;
  confirmName: string;
  graceDays: number;
}

/** Closes the clinic: 400 confirm_mismatch when the typed name is not its name, 409 already_closed the second time. */
export async function closeClinic(db: Database, sessions: Sessions, r: CloseRequest): Promise<ClosedClinic> {
  return db.transaction(async (tx) => {
    // The lock every write of the clinic takes (dq_push, lockWritableClinic): none lands after the erasure.
    const [clinic] = await tx.query<{ name: string; closed: boolean }>(
      'SELECT name, closed_at IS NOT NULL AS closed FROM clinics WHERE id = $1 FOR UPDATE',
      [r.clinicId],
    );
    if (!clinic) throw new HttpError(404, 'not_found', 'no such clinic');
    if (clinic.closed) throw new HttpError(409, 'already_closed', 'this clinic is closed already');
    if (!confirmsClose(r.confirmName, clinic.name))
      throw new HttpError(400, 'confirm_mismatch', "the name typed is not the clinic's name: nothing was closed");
    const [closed] = (await tx.query<ClosedClinic>(
      `UPDATE clinics SET closed_at = now(), purge_after = now() + make_interval(days => $2) WHERE id = $1
       RETURNING to_json(closed_at) #>> '{}' AS "closedAt", to_json(purge_after) #>> '{}' AS "purgeAfter"`,
      [r.clinicId, r.graceDays],
    )) as [ClosedClinic];
    const revoked = await sessions.revokeClinic(tx, r.clinicId);
    await deletePendingCredentials(tx, r.clinicId);
    await keepDailyTotals(tx, r.clinicId);
    const visits = await eraseClinicPersons(tx, r.clinicId);
    await eraseMessages(tx, r.clinicId);
    // Counts only: the audit log never holds a patient's name or phone.
    await audit(tx, r.clinicId, r.actor, 'clinic.closed', r.clinicId, { ...revoked, visitsErased: visits, purgeAfter: closed.purgeAfter });
    return closed;
  });
}

/** Links and codes that would let someone into the clinic, and the addresses and names of people invited to it. */
async function deletePendingCredentials(tx: Queryable, clinicId: string): Promise<void> {
  await tx.query('DELETE FROM enrolment_codes WHERE clinic_id = $1', [clinicId]);
  await tx.query('DELETE FROM staff_invitations WHERE clinic_id = $1', [clinicId]);
  await tx.query('DELETE FROM password_resets WHERE clinic_id = $1', [clinicId]);
}

/**
 * The ways to reach its patients: push subscriptions, and the outbox's
 * messages. Unsent ones are dropped; sent ones keep their channel, kind and
 * dates (the month's SMS count) without their recipient, text or error.
 */
async function eraseMessages(tx: Queryable, clinicId: string): Promise<void> {
  await tx.query('DELETE FROM push_subscriptions WHERE clinic_id = $1', [clinicId]);
  await tx.query(`DELETE FROM outbox WHERE clinic_id = $1 AND status = 'pending'`, [clinicId]);
  await tx.query(`UPDATE outbox SET target = '{}'::jsonb, body = '', last_error = NULL WHERE clinic_id = $1`, [clinicId]);
}
