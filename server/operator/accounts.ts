// Operator accounts: the service's own staff, in their own table.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/passwords.ts';

export interface Operator {
  id: string;
  name: string;
  email: string;
}

export async function addOperator(db: Queryable, o: { email: string; name: string; password: string }): Promise<Operator> {
  const id = randomUUID();
  await db.query('INSERT INTO operators (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [
    id,
    o.email,
    o.name,
    await hashPassword(o.password),
  ]);
  return { id, name: o.name, email: o.email };
}

/** The operator these credentials belong to, unless wrong or disabled (same time either way). */
export async function checkOperator(db: Queryable, email: string, password: string): Promise<Operator | null> {
  const [o] = await db.query<Operator & { password_hash: string; disabled: boolean }>(
    'SELECT id, name, email, password_hash, disabled_at IS NOT NULL AS disabled FROM operators WHERE lower(email) = lower($1)',
    [email],
  );
  const valid = await verifyPassword(password, o?.password_hash ?? DUMMY_HASH);
  return o && valid && !o.disabled ? { id: o.id, name: o.name, email: o.email } : null;
}

export async function openOperatorSession(db: Queryable, operatorId: string, ttlSeconds: number): Promise<string> {
  const id = randomUUID();
  await db.query('INSERT INTO operator_sessions (id, operator_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))', [
    id,
    operatorId,
    ttlSeconds,
  ]);
  return id;
}

/** The operator of a live session: not signed out, not expired, not disabled. */
export async function sessionOperator(db: Queryable, operatorId: string, sessionId: string): Promise<Operator | null> {
  const [o] = await db.query<Operator>(
    `SELECT o.id, o.name, o.email FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
      WHERE s.id = $1 AND s.operator_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND o.disabled_at IS NULL`,
    [sessionId, operatorId],
  );
  return o ?? null;
}

export async function closeOperatorSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query('UPDATE operator_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
}
