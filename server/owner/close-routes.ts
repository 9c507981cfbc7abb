// The owner closes a clinic (server/owner/closing.ts). Mounted in the owner
// area, behind its person-only sign-in (server/owner/routes.ts).
import { type Request, Router } from 'express';
import type { Database } from '../db/database.ts';
import type { Sessions } from '../auth/sessions.ts';
import { parseBody } from '../http/errors.ts';
import { staffOf } from '../auth/middleware.ts';
import { perHour } from '../http/rate-limit.ts';
import { CloseClinicBody } from '../../shared/closing.ts';
import { closeClinic } from './closing.ts';
import { ownedClinic } from './owned.ts';

/** Attempts per clinic and person and hour: a few mistyped names, never a guessing loop. */
export const CLOSE_ATTEMPTS_PER_HOUR = 10;

export interface CloseDeps {
  db: Database;
  sessions: Sessions;
  rateLimitNamespace: string;
  /** CLOSED_CLINIC_GRACE_DAYS. */
  closedGraceDays: number;
}

export function closeRoutes(d: CloseDeps): Router {
  const r = Router();
  const owned = ownedClinic(d.db);
  const attempts = perHour(
    d.db,
    `${d.rateLimitNamespace}:clinic-close`,
    CLOSE_ATTEMPTS_PER_HOUR,
    'too many attempts to close this clinic, try again later',
    // Per person too: another clinic's owner, refused 403, cannot use up this owner's tries.
    (req: Request) => `${String(req.params.clinicId).toLowerCase()}:${staffOf(req).sub}`,
  );

  r.post('/clinics/:clinicId/close', attempts, async (req, res) => {
    // `read`: a closed clinic is answered 409 by the close itself, not 403 as a write to it would be.
    const { clinicId, actor } = await owned(req);
    const { confirmName } = parseBody(CloseClinicBody, req.body);
    res.json(await closeClinic(d.db, d.sessions, { clinicId, actor, confirmName, graceDays: d.closedGraceDays }));
  });

  return r;
}
