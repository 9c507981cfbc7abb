// The operator portal's API. Operators see clinics, their settings, counts,
// usage and audit log, and change plans and statuses; they never see a
// patient (no query here reads an entry's fields) and cannot act as a clinic.
// Every call on a clinic, reads included, goes to that clinic's audit log.
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Database, Queryable } from '../db/database.ts';
import { HttpError, parseBody, parseQuery } from '../http/errors.ts';
import { perMinute } from '../http/rate-limit.ts';
import { bearer } from '../auth/middleware.ts';
import { readAudit } from '../owner/audit.ts';
import { listPlans } from '../billing/plans.ts';
import { listPayments, readSubscription, recordPayment, setPlan, setStatus } from '../billing/subscription.ts';
import { usageJson } from '../billing/usage.ts';
import { readSettings } from '../docs/reads.ts';
import { activeDoctorsSql, liveVisitsSql } from '../docs/sql.ts';
import {
  ManualPaymentBody,
  OperatorClinicPatch,
  OperatorClinicQuery,
  OperatorLoginBody,
  type OperatorClinicDetail,
  type OperatorGrant,
} from '../../shared/saas.ts';
import { STAFF_ROLES, type StaffRole } from '../../shared/auth.ts';
import { type Settings, Uuid } from '../../shared/schemas.ts';
import { checkOperator, closeOperatorSession, openOperatorSession, sessionOperator, type Operator } from './accounts.ts';
import type { OperatorTokens } from './tokens.ts';

export const OPERATOR_BASE = '/api/operator';

declare module 'express-serve-static-core' {
  interface Request {
    operator?: Operator & { sessionId: string };
  }
}

export interface OperatorDeps {
  db: Database;
  operatorTokens: OperatorTokens;
  loginPerMinute: number;
  rateLimitNamespace: string;
  trialDays: number;
}

function operatorAuth(d: OperatorDeps): RequestHandler {
  return async (req, _res, next) => {
    const token = bearer(req.headers.authorization);
    if (!token) return next(new HttpError(401, 'unauthenticated', 'operator sign-in required'));
    const v = await d.operatorTokens.verify(token);
    if (!v.ok) return next(new HttpError(401, v.reason === 'expired' ? 'token_expired' : 'unauthenticated', 'operator sign-in required'));
    // Looked up every time: signing out or disabling an operator takes effect on the next request.
    const op = await sessionOperator(d.db, v.operatorId, v.sessionId);
    if (!op) return next(new HttpError(401, 'revoked', 'this operator session has ended'));
    req.operator = { ...op, sessionId: v.sessionId };
    next();
  };
}

const operatorOf = (req: Request): Operator & { sessionId: string } => {
  if (!req.operator) throw new HttpError(401, 'unauthenticated', 'operator sign-in required');
  return req.operator;
};

/** The clinic's first owner: its sign-up's, or the account that added it as a branch. */
const FIRST_OWNER = `(SELECT m.user_id FROM memberships m WHERE m.clinic_id = c.id AND m.role = 'owner' ORDER BY m.created_at, m.user_id LIMIT 1)`;
const CLINIC_ROW = `c.id, c.name, c.status, c.plan_id AS "planId", to_json(c.created_at) #>> '{}' AS "createdAt",
  to_json(c.closed_at) #>> '{}' AS "closedAt", to_json(c.purge_after) #>> '{}' AS "purgeAfter",
  (SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.clinic_id = c.id AND m.role = 'owner'
    ORDER BY m.created_at, m.user_id LIMIT 1) AS "ownerEmail"`;

async function operatorAudit(
  db: Queryable,
  clinicId: string,
  op: Operator,
  action: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.query('INSERT INTO audit_log (clinic_id, actor_operator, action, target, details) VALUES ($1, $2, $3, $4, $5)', [
    clinicId,
    op.id,
    action,
    clinicId,
    JSON.stringify(details),
  ]);
}

async function clinicDetail(db: Queryable, clinicId: string): Promise<OperatorClinicDetail | null> {
  const [c] = await db.query<OperatorClinicDetail['clinic']>(
    `SELECT ${CLINIC_ROW}, c.time_zone AS "timeZone", to_json(c.setup_completed_at) #>> '{}' AS "setupCompletedAt",
            coalesce((SELECT bool_and(u.email_verified_at IS NOT NULL) FROM memberships m JOIN users u ON u.id = m.user_id
                       WHERE m.clinic_id = c.id AND m.role = 'owner'), false) AS "emailVerified"
       FROM clinics c WHERE c.id = $1`,
    [clinicId],
  );
  if (!c) return null;
  const staff = await db.query<{ role: StaffRole; n: number }>(
    'SELECT role, count(*)::int AS n FROM memberships WHERE clinic_id = $1 GROUP BY role',
    [clinicId],
  );
  const [counts] = await db.query<{ devices: number; revoked: number; doctors: number; visits: number }>(
    `SELECT (SELECT count(*)::int FROM devices WHERE clinic_id = $1 AND revoked_at IS NULL) AS devices,
            (SELECT count(*)::int FROM devices WHERE clinic_id = $1 AND revoked_at IS NOT NULL) AS revoked,
            ${activeDoctorsSql('$1')} AS doctors,
            ${liveVisitsSql('$1')} AS visits`,
    [clinicId],
  );
  const settings = await readSettings(db, clinicId);
  const { _deleted: _, ...settingsDoc } = settings ?? { _deleted: false };
  return {
    clinic: c,
    subscription: await readSubscription(db, clinicId),
    settings: settings ? (settingsDoc as Settings) : null,
    counts: {
      staff: Object.fromEntries(STAFF_ROLES.map((r) => [r, staff.find((s) => s.role === r)?.n ?? 0])) as Record<StaffRole, number>,
      devices: counts!.devices,
      revokedDevices: counts!.revoked,
      doctors: counts!.doctors,
      visitsAllTime: counts!.visits,
    },
    payments: await listPayments(db, clinicId),
  };
}

export function operatorRoutes(d: OperatorDeps): Router {
  const r = Router();

  r.post(
    '/login',
    perMinute(d.db, `${d.rateLimitNamespace}:operator-login`, d.loginPerMinute, 'too many attempts, try again in a minute'),
    async (req, res) => {
      const body = parseBody(OperatorLoginBody, req.body);
      const op = await checkOperator(d.db, body.email, body.password);
      if (!op) throw new HttpError(401, 'bad_credentials', 'wrong email or password');
      const t = await d.operatorTokens.sign(op.id, await openOperatorSession(d.db, op.id, d.operatorTokens.lifetimeSeconds));
      const grant: OperatorGrant = { accessToken: t.token, expiresAt: t.expiresAt, operator: op };
      res.json(grant);
    },
  );

  r.use(operatorAuth(d));

  r.post('/logout', async (req, res) => {
    await closeOperatorSession(d.db, operatorOf(req).sessionId);
    res.status(204).end();
  });

  const clinicParam = (req: Request) => {
    const id = Uuid.safeParse(req.params.clinicId);
    if (!id.success) throw new HttpError(404, 'not_found', 'no such clinic');
    return id.data;
  };

  r.get('/plans', async (_req, res) => {
    res.json({ plans: await listPlans(d.db), trialDays: d.trialDays });
  });

  r.get('/clinics', async (req, res) => {
    const q = parseQuery(OperatorClinicQuery, req.query);
    const rows = await d.db.query<Record<string, unknown> & { total: number }>(
      `SELECT ${CLINIC_ROW}, ${usageJson('cu')} AS usage, count(*) OVER ()::int AS total
         FROM clinics c LEFT JOIN clinic_usage cu ON cu.clinic_id = c.id
        WHERE ($1::text IS NULL OR strpos(lower(c.name), lower($1)) > 0
               OR EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
                           WHERE m.clinic_id = c.id AND m.role = 'owner' AND strpos(lower(u.email), lower($1)) > 0))
          -- 'closed' is its own filter; a status names the open clinics in it.
          AND ($2::text IS NULL OR ($2 = 'closed' AND c.closed_at IS NOT NULL) OR (c.status = $2 AND c.closed_at IS NULL))
        -- Branches grouped by their owner (the first owner, as ownerEmail): the group whose newest clinic is newest
        -- first, so a page cut falls between groups as rarely as it can; a clinic without an owner is its own group.
        ORDER BY max(c.created_at) OVER (PARTITION BY coalesce(${FIRST_OWNER}, c.id)) DESC, coalesce(${FIRST_OWNER}, c.id),
                 c.created_at DESC, c.id
        LIMIT $3 OFFSET $4`,
      [q.q || null, q.status ?? null, q.limit, q.offset],
    );
    res.json({ clinics: rows.map(({ total: _, ...c }) => c), total: rows[0]?.total ?? 0 });
  });

  r.get('/clinics/:clinicId', async (req, res) => {
    const clinicId = clinicParam(req);
    const detail = await clinicDetail(d.db, clinicId);
    if (!detail) throw new HttpError(404, 'not_found', 'no such clinic');
    await operatorAudit(d.db, clinicId, operatorOf(req), 'operator.view');
    res.json(detail);
  });

  r.get('/clinics/:clinicId/audit', async (req, res) => {
    const clinicId = clinicParam(req);
    const q = parseQuery(
      z.object({ before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      req.query,
    );
    const [exists] = await d.db.query('SELECT 1 FROM clinics WHERE id = $1', [clinicId]);
    if (!exists) throw new HttpError(404, 'not_found', 'no such clinic');
    const events = await readAudit(d.db, clinicId, q.before, q.limit);
    await operatorAudit(d.db, clinicId, operatorOf(req), 'operator.audit_read');
    res.json({ events });
  });

  r.patch('/clinics/:clinicId', async (req, res) => {
    const clinicId = clinicParam(req);
    const patch = parseBody(OperatorClinicPatch, req.body);
    const actor = { operatorId: operatorOf(req).id };
    await d.db.transaction(async (tx) => {
      // Its owner closed it: no plan or status brings it back (docs/security.md).
      const [c] = await tx.query<{ closed: boolean }>('SELECT closed_at IS NOT NULL AS closed FROM clinics WHERE id = $1 FOR UPDATE', [
        clinicId,
      ]);
      if (c?.closed) throw new HttpError(409, 'already_closed', 'this clinic was closed by its owner: it cannot be changed or reopened');
      if (patch.planId !== undefined) await setPlan(tx, clinicId, patch.planId, actor, patch.note);
      if (patch.status !== undefined) await setStatus(tx, clinicId, patch.status, actor, patch.note);
    });
    res.json(await clinicDetail(d.db, clinicId));
  });

  r.post('/clinics/:clinicId/payments', async (req, res) => {
    const clinicId = clinicParam(req);
    const body = parseBody(ManualPaymentBody, req.body);
    const payment = await d.db.transaction((tx) =>
      recordPayment(tx, clinicId, { ...body, method: 'manual', provider: null }, { operatorId: operatorOf(req).id }),
    );
    res.status(201).json(payment);
  });

  return r;
}
