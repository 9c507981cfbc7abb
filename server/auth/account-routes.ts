// A person's own account: accepting a clinic's invitation, setting a new
// password from a reset link, and changing one's password. The link routes are
// public (the token is the credential), so they are rate-limited per IP.
import { Router, type Request } from 'express';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { HttpError, parseBody } from '../http/errors.ts';
import { perHour, perMinute } from '../http/rate-limit.ts';
import type { LinkBase } from '../http/origin.ts';
import { safeErr } from '../http/log-errors.ts';
import { audit } from '../owner/audit.ts';
import { lockWritableClinic } from '../billing/plans.ts';
import { hashLinkToken } from '../owner/staff-routes.ts';
import { AcceptBody, type InvitationInfo, PasswordChangeBody, ResetBody, ResetRequestBody, TokenBody } from '../../shared/staff.ts';
import { Password } from '../../shared/saas.ts';
import type { StaffRole } from '../../shared/auth.ts';
import { authorized } from './policy.ts';
import { authenticate, staffOf } from './middleware.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { requestPasswordReset } from './forgot-password.ts';
import type { Revocations } from './revocations.ts';
import type { Sessions } from './sessions.ts';
import type { TokenKeys } from './tokens.ts';

export interface AccountDeps {
  db: Database;
  log: Logger;
  linkBase: LinkBase;
  /** Demo mode: print mail links, there being no mail provider. */
  printLinks: boolean;
  sessions: Sessions;
  keys: TokenKeys;
  revocations: Revocations;
  loginPerMinute: number;
  rateLimitNamespace: string;
}

/** Reset mails one address may be sent per hour, whoever asks: enough to retry, too few to flood an inbox. */
export const RESET_REQUESTS_PER_EMAIL_PER_HOUR = 3;
/** Reset requests per client address and hour, whatever addresses they name. */
export const RESET_REQUESTS_PER_IP_PER_HOUR = 20;

const invalidLink = () => new HttpError(400, 'invalid_token', 'this link is unknown, already used or expired');

interface OpenInvitation {
  clinic_id: string;
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  invited_by: string;
  clinic_name: string;
}

const OPEN_INVITATION = `SELECT i.clinic_id, i.id, i.email, i.name, i.role, i.invited_by, c.name AS clinic_name
   FROM staff_invitations i JOIN clinics c ON c.id = i.clinic_id
  WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.cancelled_at IS NULL AND i.expires_at > now()`;

export function accountRoutes(d: AccountDeps): Router {
  const r = Router();
  // The same budget as sign-in: each attempt on an existing account checks a password.
  const limiter = perMinute(d.db, `${d.rateLimitNamespace}:account`, d.loginPerMinute, 'too many attempts, try again in a minute');

  /** What the accept page shows; a POST keeps the token out of URLs and logs. */
  r.post('/invitation', limiter, async (req, res) => {
    const { token } = parseBody(TokenBody, req.body);
    const [inv] = await d.db.query<OpenInvitation>(OPEN_INVITATION, [hashLinkToken(token)]);
    if (!inv) throw invalidLink();
    const [user] = await d.db.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [inv.email]);
    res.json({
      clinicName: inv.clinic_name,
      role: inv.role,
      email: inv.email,
      name: inv.name,
      existingAccount: Boolean(user),
    } satisfies InvitationInfo);
  });

  /**
   * An address without an account gets one with the password typed here. An
   * address with an account joins only if the password typed is that
   * account's: whoever made the account (maybe not the invitee) cannot be
   * attached to the clinic by someone else's invitation.
   */
  r.post('/invitation/accept', limiter, async (req, res) => {
    const body = parseBody(AcceptBody, req.body);
    const h = hashLinkToken(body.token);
    const [peek] = await d.db.query<OpenInvitation>(OPEN_INVITATION, [h]);
    if (!peek) throw invalidLink();
    const [existing] = await d.db.query<{ id: string; password_hash: string }>(
      'SELECT id, password_hash FROM users WHERE lower(email) = lower($1)',
      [peek.email],
    );
    if (existing) {
      if (!(await verifyPassword(body.password, existing.password_hash)))
        throw new HttpError(401, 'bad_credentials', "wrong password for this email's existing account");
    } else {
      // A new account: sign-up's minimum.
      parseBody(AcceptBody.extend({ password: Password }), req.body);
    }
    const hash = existing ? null : await hashPassword(body.password);
    const joined = await d.db
      .transaction(async (tx) => {
        // Locked and read again: the invitation may have been cancelled or used meanwhile.
        const [inv] = await tx.query<OpenInvitation>(`${OPEN_INVITATION} FOR UPDATE OF i`, [h]);
        if (!inv) throw invalidLink();
        // Joining adds staff: a suspended clinic's writes are refused, this one too.
        await lockWritableClinic(tx, inv.clinic_id);
        let userId = existing?.id;
        if (!userId) {
          userId = randomUUID();
          // The link reached this address: that verifies it.
          await tx.query('INSERT INTO users (id, email, name, password_hash, email_verified_at) VALUES ($1, $2, $3, $4, now())', [
            userId,
            inv.email,
            body.name ?? inv.name,
            hash,
          ]);
        }
        const added = await tx.query(
          'INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
          [inv.clinic_id, userId, inv.role],
        );
        if (added.length === 0) throw new HttpError(409, 'already_member', 'you are already on this clinic’s staff');
        await tx.query('UPDATE staff_invitations SET accepted_at = now(), accepted_by = $3 WHERE clinic_id = $1 AND id = $2', [
          inv.clinic_id,
          inv.id,
          userId,
        ]);
        await audit(tx, inv.clinic_id, { userId, deviceId: null }, 'staff.join', userId, { role: inv.role, invitation: inv.id });
        return inv;
      })
      .catch((err: unknown) => {
        // An account made for this address between the check above and the insert: accept again, proving its password.
        throw (err as { code?: string }).code === '23505' ? new HttpError(409, 'conflict', 'changed meanwhile, try again') : err;
      });
    const login = await d.sessions.login({ email: joined.email, password: body.password, clinicId: joined.clinic_id });
    if (!login.ok) throw new Error(`sign-in right after accepting an invitation failed: ${login.code}`);
    res.status(201).json({ grant: login.grant });
  });

  const resetsPerIp = perHour(
    d.db,
    `${d.rateLimitNamespace}:reset-request-ip`,
    RESET_REQUESTS_PER_IP_PER_HOUR,
    'too many reset requests, try again later',
  );
  // Keyed on the address as sign-in compares it: `A@x.tn ` and `a@x.tn` are one budget.
  const resetsPerEmail = perHour(
    d.db,
    `${d.rateLimitNamespace}:reset-request-email`,
    RESET_REQUESTS_PER_EMAIL_PER_HOUR,
    'too many reset requests for this address, try again later',
    (req: Request) => (req.body as ResetRequestBody).email,
  );

  /**
   * The same 202 whether or not the address has an account, sent before the
   * lookup so the time taken says nothing either; the mail is queued after.
   */
  r.post(
    '/password-reset/request',
    resetsPerIp,
    (req, _res, next) => {
      req.body = parseBody(ResetRequestBody, req.body);
      next();
    },
    resetsPerEmail,
    async (req, res) => {
      const { email } = req.body as ResetRequestBody;
      res.status(202).json({ sent: true });
      try {
        const link = await requestPasswordReset(d.db, email, d.linkBase());
        if (link && d.printLinks) d.log.info({ link }, 'demo mode: password reset link (no mail provider configured)');
      } catch (err) {
        d.log.error({ err: safeErr(err) }, 'password reset request failed');
      }
    },
  );

  r.post('/password-reset', limiter, async (req, res) => {
    const body = parseBody(ResetBody, req.body);
    const hash = await hashPassword(body.password);
    const done = await d.db.transaction(async (tx) => {
      const [row] = await tx.query<{ user_id: string; clinic_id: string }>(
        `UPDATE password_resets SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
         RETURNING user_id, clinic_id`,
        [hashLinkToken(body.token)],
      );
      if (!row) return false;
      // The link reached the address: that verifies it, too.
      await tx.query('UPDATE users SET password_hash = $2, email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1', [
        row.user_id,
        hash,
      ]);
      await tx.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [row.user_id]);
      // Whoever knew the old password is signed out everywhere.
      await d.sessions.revokePersonSessions(tx, row.user_id, null);
      await audit(tx, row.clinic_id, { userId: row.user_id, deviceId: null }, 'staff.password_set', row.user_id);
      return true;
    });
    if (!done) throw invalidLink();
    res.json({ reset: true });
  });

  r.post('/password', authenticate(d.keys, d.revocations), limiter, async (req, res) => {
    // A tablet's session belongs to whoever enrolled it: the tablet does not change their password.
    authorized(req, 'account.own');
    const staff = staffOf(req);
    const body = parseBody(PasswordChangeBody, req.body);
    const [user] = await d.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [staff.sub]);
    if (!user || !(await verifyPassword(body.currentPassword, user.password_hash)))
      throw new HttpError(403, 'bad_credentials', 'the current password is wrong');
    const hash = await hashPassword(body.newPassword);
    await d.db.transaction(async (tx) => {
      await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [staff.sub, hash]);
      await d.sessions.revokePersonSessions(tx, staff.sub, staff.sid);
      await audit(tx, staff.cid, { userId: staff.sub, deviceId: null }, 'staff.password_change', staff.sub);
    });
    res.json({ changed: true });
  });

  return r;
}
