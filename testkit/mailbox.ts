// Links the server mailed, read from the mail outbox as the recipient would click them.
import type { Queryable } from '../server/db/database.ts';

export type LinkKind = 'invite' | 'reset';

/** The token of the newest link of this kind mailed to `email`. */
export async function mailedToken(db: Queryable, email: string, param: LinkKind): Promise<string> {
  const [m] = await db.query<{ body: string }>(
    'SELECT body FROM mail_outbox WHERE lower(to_email) = lower($1) AND body LIKE $2 ORDER BY created_at DESC LIMIT 1',
    [email, `%?${param}=%`],
  );
  const token = new RegExp(`\\?${param}=([A-Za-z0-9_-]+)`).exec(m?.body ?? '')?.[1];
  if (!token) throw new Error(`no ${param} mail to ${email}`);
  return token;
}

/** How many mails with a link of this kind went to `email`. */
export async function mailedCount(db: Queryable, email: string, param: LinkKind): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM mail_outbox WHERE lower(to_email) = lower($1) AND body LIKE $2',
    [email, `%?${param}=%`],
  );
  return row!.n;
}
