import type { Request } from 'express';
import { Uuid, usableTimeZone } from '../../shared/schemas.ts';
import type { Queryable } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { authorized } from '../auth/policy.ts';
import { closedError, isSuspended, suspendedError } from '../billing/plans.ts';
import type { Actor } from '../docs/writes.ts';

export interface OwnedClinic {
  clinicId: string;
  timeZone: string;
  actor: Actor;
}

/**
 * `read` reads; `write` changes the clinic, refused once its owner closed it
 * (403 clinic_account_closed: during the grace period its owner area only
 * reads) and while it is suspended (403 clinic_suspended, as the sync refuses
 * its changes). This early refusal reads
 * without a lock: each write checks again inside its transaction, under the
 * clinic's row lock (lockWritableClinic, or dq_push for documents). A few writes protect the
 * clinic rather than change what it runs (revoking a lost device, resending
 * the verification mail): those use `read` on purpose (docs/security.md).
 */
export type OwnerAccess = 'read' | 'write';

/**
 * The clinic in the path, if a PERSON signed in who owns it: 404 for a
 * malformed id, 403 for a device (whoever enrolled it) or a non-owner.
 */
export function ownedClinic(db: Queryable): (req: Request, access?: OwnerAccess) => Promise<OwnedClinic> {
  return async (req, access = 'read') => {
    const id = Uuid.safeParse(req.params.clinicId);
    if (!id.success) throw new HttpError(404, 'not_found', 'no such clinic');
    const person = authorized(req, 'owner.area');
    const [m] = await db.query<{ role: string; time_zone: string; status: string; closed: boolean }>(
      `SELECT m.role, c.time_zone, c.status, c.closed_at IS NOT NULL AS closed FROM memberships m JOIN clinics c ON c.id = m.clinic_id
        WHERE m.clinic_id = $1 AND m.user_id = $2`,
      [id.data, person.userId],
    );
    if (m?.role !== 'owner') throw new HttpError(403, 'forbidden', "only the clinic's owner may do this");
    if (access === 'write' && m.closed) throw closedError();
    if (access === 'write' && isSuspended(m.status)) throw suspendedError();
    return { clinicId: id.data, timeZone: usableTimeZone(m.time_zone), actor: { userId: person.userId, deviceId: null } };
  };
}
