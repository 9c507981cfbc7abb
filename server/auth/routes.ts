import { Router } from 'express';
import { z } from 'zod';
import { HttpError, parseBody } from '../http/errors.ts';
import type { Sessions } from './sessions.ts';
import type { Database } from '../db/database.ts';
import { perMinute } from '../http/rate-limit.ts';
import { closedError } from '../billing/plans.ts';
import { DocId, Text, Uuid } from '../../shared/schemas.ts';
import { BOUND_RIGHT, DeviceKind, boundRight } from '../../shared/auth.ts';
import { EnrolBody } from '../../shared/saas.ts';

const LoginBody = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
  clinicId: Uuid.optional(),
  device: z
    .object({ kind: DeviceKind, name: Text(80, { min: 1 }), doctorId: DocId.optional() })
    .refine(boundRight, BOUND_RIGHT)
    .optional(),
});
const RefreshBody = z.object({ refreshToken: z.string().min(20).max(200) });

export function authRoutes(deps: { db: Database; sessions: Sessions; loginPerMinute: number; rateLimitNamespace: string }): Router {
  const r = Router();
  const limiter = perMinute(deps.db, `${deps.rateLimitNamespace}:auth`, deps.loginPerMinute, 'too many attempts, try again in a minute');

  r.post('/login', limiter, async (req, res) => {
    const body = parseBody(LoginBody, req.body);
    const result = await deps.sessions.login(body);
    if (!result.ok) {
      if (result.code === 'bad_credentials') throw new HttpError(401, 'bad_credentials', 'wrong email or password');
      if (result.code === 'no_clinic') throw new HttpError(403, 'no_clinic', 'this account has no access to that clinic');
      // The choices ride as issues, as the check-in's next opening does: one error shape for every page.
      if (result.code === 'choose_clinic')
        throw new HttpError(
          409,
          'choose_clinic',
          'this account belongs to several clinics: sign in again with the clinicId of the one this device is for',
          result.clinics.map((c) => ({ path: ['clinicId', c.id], message: c.name })),
        );
      if (result.code === 'clinic_closed') throw closedError();
      throw new HttpError(403, 'device_not_allowed', 'this role cannot enrol a device');
    }
    res.status(200).json(result.grant);
  });

  r.post('/enrol', limiter, async (req, res) => {
    const body = parseBody(EnrolBody, req.body);
    const result = await deps.sessions.enrolWithCode(body.code, body.device);
    if (!result.ok) throw new HttpError(400, 'invalid_code', 'this code is unknown, used or expired: ask the clinic owner for a new one');
    res.json(result.grant);
  });

  r.post('/refresh', limiter, async (req, res) => {
    const { refreshToken } = parseBody(RefreshBody, req.body);
    const result = await deps.sessions.refresh(refreshToken);
    if (!result.ok) {
      throw result.code === 'revoked'
        ? new HttpError(401, 'revoked', 'this session or device was revoked')
        : new HttpError(401, 'invalid_refresh', 'sign in again');
    }
    res.json(result.grant);
  });

  r.post('/logout', async (req, res) => {
    const { refreshToken } = parseBody(RefreshBody, req.body);
    await deps.sessions.logout(refreshToken);
    res.status(204).end();
  });

  return r;
}
