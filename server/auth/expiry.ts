// Spent and expired one-time credentials (enrolment codes, verification
// links, operator sign-ins) are deleted by the housekeeping job a day after
// they end; nothing reads them after that.
import type { Database } from '../db/database.ts';

export async function pruneExpiredCredentials(db: Database): Promise<void> {
  await db.query(`DELETE FROM enrolment_codes WHERE expires_at < now() - interval '1 day'`);
  await db.query(`DELETE FROM email_verifications WHERE expires_at < now() - interval '1 day' OR used_at < now() - interval '1 day'`);
  await db.query(`DELETE FROM operator_sessions WHERE expires_at < now() - interval '1 day'`);
}
