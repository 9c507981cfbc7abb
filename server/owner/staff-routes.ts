// Staff management by the clinic's owner: invitations (the invitee sets or
// proves their own password, server/auth/account-routes.ts), role changes,
// removal, and password resets by mail. Mounted inside ownerRoutes, after its
// authentication; every route checks that the caller owns the clinic.
import { Router, type Request } from 'express';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Database, Queryable } from '../db/database.ts';
import { HttpError, parseBody } from '../http/errors.ts';
import type { LinkBase } from '../http/origin.ts';
import { perHour } from '../http/rate-limit.ts';
import type { Sessions } from '../auth/sessions.ts';
import { settingSql } from '../docs/sql.ts';
import { queueMail } from '../signup/mail.ts';
import { InviteBody, RoleBody, type Invitation } from '../../shared/staff.ts';
import type { StaffRole } from '../../shared/auth.ts';
import type { Language } from '../../shared/schemas.ts';
import { audit } from './audit.ts';
import { ownedClinic } from './owned.ts';
import { lockWritableClinic } from '../billing/plans.ts';
import { invitationMail, resetMail } from './staff-mail.ts';

export const INVITATION_DAYS = 7;
export const RESET_HOURS = 24;
/** Invitations and reset mails per clinic and hour: enough for a clinic's staff, too few to spam anyone from it. */
export const STAFF_MAILS_PER_HOUR = 30;

export interface StaffDeps {
  db: Database;
  log: Logger;
  sessions: Sessions;
  rateLimitNamespace: string;
  linkBase: LinkBase;
  printLinks: boolean;
}

export const hashLinkToken = (t: string) => createHash('sha256').update(t).digest();
export const newLinkToken = () => randomBytes(32).toString('base64url');

const UserId = z.uuid();

async function clinicMailContext(tx: Queryable, clinicId: string): Promise<{ clinic: string; lang: Language }> {
  const [c] = await tx.query<{ clinic: string; lang: Language | null }>(
    `SELECT c.name AS clinic, ${settingSql('c.id', '{languages,0}')} AS lang FROM clinics c WHERE c.id = $1`,
    [clinicId],
  );
  if (!c) throw new HttpError(404, 'not_found', 'no such clinic');
  return { clinic: c.clinic, lang: c.lang ?? 'fr' };
}

/**
 * Locks the clinic row, so two owners changing roles or removing each other at
 * once are serialised and the last-owner rule holds.
 */
async function member(tx: Queryable, clinicId: string, userId: string): Promise<{ role: StaffRole; owners: number }> {
  await tx.query('SELECT 1 FROM clinics WHERE id = $1 FOR UPDATE', [clinicId]);
  const [m] = await tx.query<{ role: StaffRole; owners: number }>(
    `SELECT role, (SELECT count(*)::int FROM memberships WHERE clinic_id = $1 AND role = 'owner') AS owners
       FROM memberships WHERE clinic_id = $1 AND user_id = $2`,
    [clinicId, userId],
  );
  if (!m) throw new HttpError(404, 'not_found', 'no such member of this clinic');
  return m;
}

const lastOwner = () => new HttpError(409, 'last_owner', 'a clinic keeps at least one owner: make someone else owner first');

export function staffRoutes(d: StaffDeps): Router {
  const r = Router();
  const owned = ownedClinic(d.db);
  // Keyed on the clinic in the path: the routes below run only for its owner.
  const mailLimit = perHour(
    d.db,
    `${d.rateLimitNamespace}:staff-mail`,
    STAFF_MAILS_PER_HOUR,
    'too many invitations or reset mails from this clinic, try again later',
    (req: Request) => String(req.params.clinicId).toLowerCase(),
  );
  const printLink = (link: string, what: string) => {
    if (d.printLinks) d.log.info({ link }, `demo mode: ${what} link (no mail provider configured)`);
  };

  r.post('/clinics/:clinicId/invitations', mailLimit, async (req, res) => {
    const { clinicId, actor } = await owned(req, 'write');
    const body = parseBody(InviteBody, req.body);
    const token = newLinkToken();
    const id = randomUUID();
    const invitation = await d.db.transaction(async (tx) => {
      await lockWritableClinic(tx, clinicId);
      const [already] = await tx.query(
        'SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.clinic_id = $1 AND lower(u.email) = lower($2)',
        [clinicId, body.email],
      );
      if (already) throw new HttpError(409, 'already_member', 'this person is already on the staff');
      // Inviting the same address again replaces the open invitation: only the newest link works.
      await tx.query(
        `UPDATE staff_invitations SET cancelled_at = now()
          WHERE clinic_id = $1 AND lower(email) = lower($2) AND accepted_at IS NULL AND cancelled_at IS NULL`,
        [clinicId, body.email],
      );
      const [row] = await tx.query<{ created_at: Date; expires_at: Date }>(
        `INSERT INTO staff_invitations (clinic_id, id, token_hash, email, name, role, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(days => $8)) RETURNING created_at, expires_at`,
        [clinicId, id, hashLinkToken(token), body.email, body.name, body.role, actor.userId, INVITATION_DAYS],
      );
      const { clinic, lang } = await clinicMailContext(tx, clinicId);
      const link = `${d.linkBase()}/owner.html?invite=${token}`;
      await queueMail(tx, invitationMail(lang, body.email, body.name, clinic, body.role, link, INVITATION_DAYS));
      // Neither the address nor the name goes to the audit log: it says who invited, and for which role.
      await audit(tx, clinicId, actor, 'staff.invite', id, { role: body.role });
      printLink(link, 'staff invitation');
      return {
        id,
        email: body.email,
        name: body.name,
        role: body.role,
        invitedBy: null,
        createdAt: new Date(row!.created_at).toISOString(),
        expiresAt: new Date(row!.expires_at).toISOString(),
      } satisfies Invitation;
    });
    res.status(201).json(invitation);
  });

  r.get('/clinics/:clinicId/invitations', async (req, res) => {
    const { clinicId } = await owned(req);
    const rows = await d.db.query<{
      id: string;
      email: string;
      name: string;
      role: StaffRole;
      invited_by: string | null;
      created_at: Date;
      expires_at: Date;
    }>(
      `SELECT i.id, i.email, i.name, i.role, u.name AS invited_by, i.created_at, i.expires_at
         FROM staff_invitations i LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.clinic_id = $1 AND i.accepted_at IS NULL AND i.cancelled_at IS NULL AND i.expires_at > now()
        ORDER BY i.created_at`,
      [clinicId],
    );
    const invitations: Invitation[] = rows.map((i) => ({
      id: i.id,
      email: i.email,
      name: i.name,
      role: i.role,
      invitedBy: i.invited_by,
      createdAt: new Date(i.created_at).toISOString(),
      expiresAt: new Date(i.expires_at).toISOString(),
    }));
    res.json({ invitations });
  });

  r.delete('/clinics/:clinicId/invitations/:invitationId', async (req, res) => {
    const { clinicId, actor } = await owned(req);
    const id = z.uuid().safeParse(req.params.invitationId);
    const cancelled = id.success
      ? await d.db.transaction(async (tx) => {
          const rows = await tx.query(
            `UPDATE staff_invitations SET cancelled_at = now()
              WHERE clinic_id = $1 AND id = $2 AND accepted_at IS NULL AND cancelled_at IS NULL RETURNING 1`,
            [clinicId, id.data],
          );
          if (rows.length > 0) await audit(tx, clinicId, actor, 'staff.invite_cancel', id.data);
          return rows.length > 0;
        })
      : false;
    if (!cancelled) throw new HttpError(404, 'not_found', 'no such open invitation');
    res.status(204).end();
  });

  r.patch('/clinics/:clinicId/staff/:userId', async (req, res) => {
    const { clinicId, actor } = await owned(req, 'write');
    const userId = UserId.safeParse(req.params.userId);
    if (!userId.success) throw new HttpError(404, 'not_found', 'no such member of this clinic');
    const { role } = parseBody(RoleBody, req.body);
    await d.db.transaction(async (tx) => {
      await lockWritableClinic(tx, clinicId);
      const m = await member(tx, clinicId, userId.data);
      if (m.role === role) return;
      if (m.role === 'owner' && m.owners <= 1) throw lastOwner();
      await tx.query('UPDATE memberships SET role = $3 WHERE clinic_id = $1 AND user_id = $2', [clinicId, userId.data, role]);
      // Access tokens carry the role: the member's sessions here end, so the new role applies at once.
      await d.sessions.revokeMemberSessionsInClinic(tx, clinicId, userId.data);
      await audit(tx, clinicId, actor, 'staff.role', userId.data, { role: [m.role, role] });
    });
    res.json({ id: userId.data, role });
  });

  r.delete('/clinics/:clinicId/staff/:userId', async (req, res) => {
    const { clinicId, actor } = await owned(req);
    const userId = UserId.safeParse(req.params.userId);
    if (!userId.success) throw new HttpError(404, 'not_found', 'no such member of this clinic');
    await d.db.transaction(async (tx) => {
      const m = await member(tx, clinicId, userId.data);
      if (m.role === 'owner' && m.owners <= 1) throw lastOwner();
      await tx.query('DELETE FROM memberships WHERE clinic_id = $1 AND user_id = $2', [clinicId, userId.data]);
      const devices = await d.sessions.revokeMemberInClinic(tx, clinicId, userId.data);
      // A removed owner's open invitations stop too: their authority is gone.
      await tx.query(
        'UPDATE staff_invitations SET cancelled_at = now() WHERE clinic_id = $1 AND invited_by = $2 AND accepted_at IS NULL AND cancelled_at IS NULL',
        [clinicId, userId.data],
      );
      await tx.query('UPDATE password_resets SET used_at = now() WHERE clinic_id = $1 AND user_id = $2 AND used_at IS NULL', [
        clinicId,
        userId.data,
      ]);
      await audit(tx, clinicId, actor, 'staff.remove', userId.data, { role: m.role, devicesRevoked: devices.length });
    });
    res.status(204).end();
  });

  r.post('/clinics/:clinicId/staff/:userId/password-reset', mailLimit, async (req, res) => {
    const { clinicId, actor } = await owned(req);
    const userId = UserId.safeParse(req.params.userId);
    if (!userId.success) throw new HttpError(404, 'not_found', 'no such member of this clinic');
    const token = newLinkToken();
    await d.db.transaction(async (tx) => {
      const [u] = await tx.query<{ email: string; name: string }>(
        'SELECT u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.clinic_id = $1 AND m.user_id = $2',
        [clinicId, userId.data],
      );
      if (!u) throw new HttpError(404, 'not_found', 'no such member of this clinic');
      // Only the newest link works.
      await tx.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [userId.data]);
      await tx.query(
        `INSERT INTO password_resets (token_hash, user_id, clinic_id, requested_by, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
        [hashLinkToken(token), userId.data, clinicId, actor.userId, RESET_HOURS],
      );
      const { clinic, lang } = await clinicMailContext(tx, clinicId);
      const link = `${d.linkBase()}/owner.html?reset=${token}`;
      await queueMail(tx, resetMail(lang, u.email, u.name, clinic, link, RESET_HOURS));
      await audit(tx, clinicId, actor, 'staff.password_reset', userId.data);
      printLink(link, 'password reset');
    });
    res.status(202).json({ sent: true });
  });

  return r;
}
