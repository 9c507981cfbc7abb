// "Forgot your password?": a person asks for a reset link by email, signed
// out. The answer never says whether the address has an account (the route
// answers before this runs), and the link is the owner-initiated reset's:
// one use, stored hashed, RESET_HOURS, landing on owner.html?reset=.
import type { Database } from '../db/database.ts';
import { settingSql } from '../docs/sql.ts';
import { queueMail } from '../signup/mail.ts';
import { audit } from '../owner/audit.ts';
import { RESET_HOURS, hashLinkToken, newLinkToken } from '../owner/staff-routes.ts';
import { selfResetMail } from '../owner/staff-mail.ts';
import type { Language } from '../../shared/schemas.ts';

/**
 * Mails a reset link to the person with this (normalised) email, if there is
 * one with a clinic to sign into; returns the link, or null when nothing was sent.
 */
export async function requestPasswordReset(db: Database, email: string, linkBase: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    // The first clinic joined: its language for the mail, and the audit log the request is written to.
    const [u] = await tx.query<{ id: string; email: string; name: string; clinic_id: string; lang: Language | null }>(
      `SELECT u.id, u.email, u.name, m.clinic_id, ${settingSql('m.clinic_id', '{languages,0}')} AS lang
         FROM users u JOIN memberships m ON m.user_id = u.id
        WHERE lower(u.email) = $1 ORDER BY m.created_at LIMIT 1`,
      [email],
    );
    if (!u) return null;
    const token = newLinkToken();
    // Only the newest link works.
    await tx.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [u.id]);
    await tx.query(
      `INSERT INTO password_resets (token_hash, user_id, clinic_id, requested_by, expires_at)
       VALUES ($1, $2, $3, $2, now() + make_interval(hours => $4))`,
      [hashLinkToken(token), u.id, u.clinic_id, RESET_HOURS],
    );
    const link = `${linkBase}/owner.html?reset=${token}`;
    await queueMail(tx, selfResetMail(u.lang ?? 'fr', u.email, u.name, link, RESET_HOURS));
    await audit(tx, u.clinic_id, { userId: u.id, deviceId: null }, 'staff.password_reset_request', u.id);
    return link;
  });
}
