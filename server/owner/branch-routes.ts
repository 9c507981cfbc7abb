// An owner's branches: a new clinic on the same account, and the reports of
// every clinic they own side by side. Mounted inside ownerRoutes, after its
// authentication. The set of clinics always comes from the person's
// memberships, never from the request: a clinic id in a query means nothing here.
import { Router, type Request, type RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { withClinic } from '../db/tenant.ts';
import { HttpError, parseBody, parseQuery } from '../http/errors.ts';
import { perHour } from '../http/rate-limit.ts';
import { authorized } from '../auth/policy.ts';
import { listDocs } from '../docs/reads.ts';
import type { Documents } from '../docs/writes.ts';
import { createClinic } from '../signup/new-clinic.ts';
import { usableTimeZone } from '../../shared/schemas.ts';
import { BRANCHES_PER_HOUR, type BranchReport, combineReports, MAX_BRANCHES_PER_ACCOUNT, NewBranchBody } from '../../shared/branches.ts';
import { audit } from './audit.ts';
import { clinicReport, ReportRange } from './reports.ts';

export interface BranchDeps {
  db: Database;
  documents: Documents;
  rateLimitNamespace: string;
  trialDays: number;
}

interface OwnedRow {
  id: string;
  name: string;
  time_zone: string;
}

/** The open clinics this person owns, by name; 403 when none: only an owner has branches. A closed one is no branch any more. */
async function ownedClinics(db: Queryable, userId: string): Promise<OwnedRow[]> {
  const rows = await db.query<OwnedRow>(
    `SELECT c.id, c.name, c.time_zone FROM memberships m JOIN clinics c ON c.id = m.clinic_id
      WHERE m.user_id = $1 AND m.role = 'owner' AND c.closed_at IS NULL ORDER BY c.name, c.id`,
    [userId],
  );
  if (rows.length === 0) throw new HttpError(403, 'forbidden', 'only the owner of a clinic has branches');
  return rows;
}

export function branchRoutes(d: BranchDeps): Router {
  const r = Router();
  // Before the body and the hourly count: a receptionist's attempt is refused as such, and spends no owner's budget.
  const ownerPerson: RequestHandler = async (req, _res, next) => {
    await ownedClinics(d.db, authorized(req, 'owner.area').userId);
    next();
  };
  const branchLimit = perHour(
    d.db,
    `${d.rateLimitNamespace}:branches`,
    BRANCHES_PER_HOUR,
    'too many new branches from this account, try again later',
    (req: Request) => authorized(req, 'owner.area').userId,
  );

  r.post('/clinics', ownerPerson, branchLimit, async (req, res) => {
    const { userId } = authorized(req, 'owner.area');
    const body = parseBody(NewBranchBody, req.body);
    const clinicId = randomUUID();
    const actor = { userId, deviceId: null };
    await d.documents.transaction(async (tx) => {
      // The person's row locked: two branches added at once still count against the cap one after the other.
      const [person] = await tx.query<{ verified: boolean }>(
        'SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1 FOR UPDATE',
        [userId],
      );
      const owned = await ownedClinics(tx, userId);
      // As for enrolling a device: an unverified address does not multiply trials.
      if (!person?.verified) throw new HttpError(403, 'email_unverified', 'verify your email address before adding a branch');
      if (owned.length >= MAX_BRANCHES_PER_ACCOUNT)
        throw new HttpError(409, 'branch_limit', `an account holds at most ${MAX_BRANCHES_PER_ACCOUNT} clinics`);
      await createClinic(tx, { clinicId, ownerId: userId, trialDays: d.trialDays, ...body });
      await audit(tx, clinicId, actor, 'clinic.branch', clinicId, { languages: body.languages, timeZone: body.timeZone });
    });
    res.status(201).json({ id: clinicId, name: body.clinicName, timeZone: body.timeZone });
  });

  r.get('/reports', async (req, res) => {
    const owned = await ownedClinics(d.db, authorized(req, 'owner.area').userId);
    const q = parseQuery(ReportRange, req.query);
    const branches: BranchReport[] = [];
    for (const c of owned) {
      // Each clinic behind its own row-level security, exactly as its own report.
      branches.push(
        await withClinic(d.db, c.id, async (tx) => ({
          clinicId: c.id,
          name: c.name,
          report: await clinicReport(tx, c.id, q.from, q.to, usableTimeZone(c.time_zone)),
          doctors: await listDocs<{ id: string; name: string }>(tx, c.id, 'doctors', { withDeleted: true }),
        })),
      );
    }
    res.json(combineReports(q.from, q.to, branches));
  });

  return r;
}
