// The one rule for adding a device to a clinic, whichever way it is added:
// signing in with `device`, using an enrolment code, or making one (refused
// when the code could not be used). Call inside the transaction that adds it.
import type { Queryable } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { assertDeviceAllowed } from '../billing/plans.ts';
import type { StaffRole } from '../../shared/auth.ts';

/** The roles whose sign-in may enrol a device (a doctor's device kind is planned, not enrollable yet). */
export const ENROLLING_ROLES: readonly StaffRole[] = ['owner', 'receptionist'];

/**
 * Whether `userId` may enrol a device in the clinic now: an owner or
 * receptionist of it; an owner of the clinic has verified their email (a
 * throwaway sign-up does not get devices); then the clinic is not suspended
 * and the plan has a slot (assertDeviceAllowed, which locks the clinic row).
 */
export async function assertMayEnrol(tx: Queryable, clinicId: string, userId: string): Promise<void> {
  const [row] = await tx.query<{ role: StaffRole | null; verified: boolean }>(
    `SELECT (SELECT role FROM memberships WHERE clinic_id = $1 AND user_id = $2) AS role,
            EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
                     WHERE m.clinic_id = $1 AND m.role = 'owner' AND u.email_verified_at IS NOT NULL) AS verified`,
    [clinicId, userId],
  );
  if (!row?.role || !ENROLLING_ROLES.includes(row.role)) throw new HttpError(403, 'device_not_allowed', 'this role cannot enrol a device');
  await assertDeviceAllowed(tx, clinicId);
  if (!row.verified)
    throw new HttpError(403, 'email_unverified', "the clinic owner's email address must be verified before devices are enrolled");
}
