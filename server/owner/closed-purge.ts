// The end of a closed clinic's grace period (CLOSED_CLINIC_GRACE_DAYS,
// docs/security.md "Closing a clinic and personal data"): everything the
// close left is deleted, in every table that holds rows of one clinic,
// found by their `clinic_id` column so that a table added later is purged
// without being listed. What the law or the accounts need stays: the clinic
// row (its name and dates), its payments and billing events, and counts
// without any person (the month's usage, the visits per day).
import type { Database, Queryable } from '../db/database.ts';
import { deleteClinicDocs } from '../docs/erasure.ts';
import { eachClinic, type ClinicRun } from '../clinic-run.ts';

/** Tables whose rows of a purged clinic are kept, and why (docs/security.md). */
export const KEPT_AFTER_PURGE: Record<string, string> = {
  payments: 'accounting and tax records',
  billing_events: 'accounting and tax records (what a payment provider told us)',
  clinic_usage: 'counts without persons',
  closed_clinic_days: 'counts without persons',
};

/** Purges every closed clinic whose grace period ended by `now`; `done` counts them. */
export async function purgeClosedClinics(db: Database, now = Date.now()): Promise<ClinicRun> {
  const due = await db.query<{ id: string }>('SELECT id FROM clinics WHERE purged_at IS NULL AND purge_after <= $1', [new Date(now)]);
  return eachClinic(
    due.map((c) => c.id),
    (clinicId) => purgeClinic(db, clinicId),
  );
}

async function purgeClinic(db: Database, clinicId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [due] = await tx.query('SELECT 1 FROM clinics WHERE id = $1 AND purged_at IS NULL FOR UPDATE', [clinicId]);
    if (!due) return 0;
    const members = await tx.query<{ user_id: string }>('SELECT user_id FROM memberships WHERE clinic_id = $1', [clinicId]);
    // The documents through their own module (server/docs/), the other tables as the catalog lists them.
    await deleteClinicDocs(tx, clinicId);
    for (const table of await clinicTables(tx)) await tx.query(`DELETE FROM ${quoted(table)} WHERE clinic_id = $1`, [clinicId]);
    await deleteLeftAccounts(
      tx,
      members.map((m) => m.user_id),
    );
    await tx.query('UPDATE clinics SET purged_at = now() WHERE id = $1', [clinicId]);
    return 1;
  });
}

/** Every table with a `clinic_id` column, but the kept ones and the documents. */
async function clinicTables(tx: Queryable): Promise<string[]> {
  const rows = await tx.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.column_name = 'clinic_id' AND NOT (c.table_name = ANY($1::text[]))
      ORDER BY c.table_name`,
    [[...Object.keys(KEPT_AFTER_PURGE), 'docs']],
  );
  return rows.map((r) => r.table_name);
}

const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * The accounts of the clinic's staff that belong to no clinic any more (their
 * name, address and password hash), unless something still points at them:
 * a person who also worked elsewhere keeps theirs.
 */
async function deleteLeftAccounts(tx: Queryable, userIds: string[]): Promise<void> {
  const left = `SELECT u.id FROM users u WHERE u.id = ANY($1::uuid[])
      AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)
      AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id)
      AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.enrolled_by = u.id)
      AND NOT EXISTS (SELECT 1 FROM enrolment_codes e WHERE e.created_by = u.id)
      AND NOT EXISTS (SELECT 1 FROM staff_invitations i WHERE u.id IN (i.invited_by, i.accepted_by))
      AND NOT EXISTS (SELECT 1 FROM password_resets p WHERE u.id IN (p.user_id, p.requested_by))`;
  await tx.query(`DELETE FROM email_verifications WHERE user_id IN (${left})`, [userIds]);
  await tx.query(`DELETE FROM users WHERE id IN (${left})`, [userIds]);
}
