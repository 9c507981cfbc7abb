import type { Request } from 'express';
import { Uuid } from '../../shared/schemas.ts';
import type { Queryable } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { staffOf } from '../auth/middleware.ts';
import type { Actor } from '../docs/writes.ts';

export interface OwnedClinic {
  clinicId: string;
  timeZone: string;
  actor: Actor;
}

/** The clinic in the path, if the signed-in user owns it: 404 for a malformed id, 403 otherwise. */
export function ownedClinic(db: Queryable): (req: Request) => Promise<OwnedClinic> {
  return async (req) => {
    const id = Uuid.safeParse(req.params.clinicId);
    if (!id.success) throw new HttpError(404, 'not_found', 'no such clinic');
    const staff = staffOf(req);
    const [m] = await db.query<{ role: string; time_zone: string }>(
      'SELECT m.role, c.time_zone FROM memberships m JOIN clinics c ON c.id = m.clinic_id WHERE m.clinic_id = $1 AND m.user_id = $2',
      [id.data, staff.sub],
    );
    if (m?.role !== 'owner') throw new HttpError(403, 'forbidden', "only the clinic's owner may do this");
    return { clinicId: id.data, timeZone: m.time_zone, actor: { userId: staff.sub, deviceId: staff.dev ?? null } };
  };
}
