// The one rule for adding a device to a clinic, whichever way it is added:
// signing in with `device`, using an enrolment code, or making one (refused
// when the code could not be used). Call inside the transaction that adds it.
import type { Queryable } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { assertDeviceAllowed } from '../billing/plans.ts';
import { readDoc } from '../docs/reads.ts';
import type { DeviceKind, StaffRole } from '../../shared/auth.ts';

/** The roles whose sign-in may enrol a device of any kind. */
export const ENROLLING_ROLES: readonly StaffRole[] = ['owner', 'receptionist'];

/** Whether a member of this role may enrol a device of this kind: a doctor only their room's screen. */
export function mayEnrolKind(role: StaffRole | null | undefined, kind: DeviceKind): boolean {
  if (!role) return false;
  return ENROLLING_ROLES.includes(role) || (role === 'doctor' && kind === 'doctor');
}

/**
 * Whether `userId` may enrol a device of `kind` in the clinic now: an owner or
 * receptionist of it (a doctor: a doctor device); an owner of the clinic has verified their email (a
 * throwaway sign-up does not get devices); then the clinic is not suspended
 * and the plan has a slot (assertDeviceAllowed, which locks the clinic row).
 */
export async function assertMayEnrol(tx: Queryable, clinicId: string, userId: string, kind: DeviceKind): Promise<void> {
  const [row] = await tx.query<{ role: StaffRole | null; verified: boolean }>(
    `SELECT (SELECT role FROM memberships WHERE clinic_id = $1 AND user_id = $2) AS role,
            EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
                     WHERE m.clinic_id = $1 AND m.role = 'owner' AND u.email_verified_at IS NOT NULL) AS verified`,
    [clinicId, userId],
  );
  if (!mayEnrolKind(row?.role, kind)) throw new HttpError(403, 'device_not_allowed', 'this role cannot enrol a device');
  await assertDeviceAllowed(tx, clinicId);
  if (!row?.verified)
    throw new HttpError(403, 'email_unverified', "the clinic owner's email address must be verified before devices are enrolled");
}

/** A doctor device's doctor is one of the clinic's doctors (deactivated included: the screen still shows their queue). */
export async function assertDoctorOf(tx: Queryable, clinicId: string, doctorId: string): Promise<void> {
  const doctor = await readDoc(tx, clinicId, 'doctors', doctorId);
  if (!doctor || doctor._deleted) throw new HttpError(422, 'unknown_doctor', 'no such doctor in this clinic');
}
