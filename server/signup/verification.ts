// Email verification tokens: random, only their hash stored, one use, 48 hours.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { Language } from '../../shared/schemas.ts';
import { queueMail, verificationMail } from './mail.ts';

const VERIFY_HOURS = 48;
const hash = (token: string) => createHash('sha256').update(token).digest();

export interface VerificationTarget {
  userId: string;
  email: string;
  name: string;
  clinicName: string;
  language: Language;
}

/** A new link for the user (earlier ones stop working); returns it for demo-mode printing. */
export async function sendVerification(tx: Queryable, t: VerificationTarget, baseUrl: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.query('UPDATE email_verifications SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [t.userId]);
  await tx.query(`INSERT INTO email_verifications (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`, [
    hash(token),
    t.userId,
    VERIFY_HOURS,
  ]);
  const link = `${baseUrl}/owner.html?verify=${token}`;
  await queueMail(tx, verificationMail(t.language, t.email, t.name, t.clinicName, link));
  return link;
}

/** True when the token was valid; it is used up either way. */
export async function verifyEmail(tx: Queryable, token: string): Promise<boolean> {
  const [row] = await tx.query<{ user_id: string }>(
    'UPDATE email_verifications SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id',
    [hash(token)],
  );
  if (!row) return false;
  await tx.query('UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1', [row.user_id]);
  return true;
}
