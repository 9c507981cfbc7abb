// Operator access tokens: signed with a key derived apart from the staff
// key and for another audience, so neither kind of token passes for the other.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import { z } from 'zod';
import type { TokenKeys } from '../auth/tokens.ts';
import { ISSUER } from '../auth/tokens.ts';

export const OPERATOR_AUDIENCE = 'doctorq:operator';
const Claims = z.object({ sub: z.uuid(), sid: z.uuid(), op: z.literal(true), exp: z.number() });

export class OperatorTokens {
  private readonly key: KeyObject;

  constructor(
    keys: TokenKeys,
    private readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(keys.derive('operator-access-tokens'));
  }

  get lifetimeSeconds(): number {
    return this.ttlSeconds;
  }

  async sign(operatorId: string, sessionId: string): Promise<{ token: string; expiresAt: number }> {
    const exp = Math.floor(Date.now() / 1000) + this.ttlSeconds;
    const token = await new SignJWT({ op: true, sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(operatorId)
      .setIssuer(ISSUER)
      .setAudience(OPERATOR_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: exp * 1000 };
  }

  async verify(token: string): Promise<{ ok: true; operatorId: string; sessionId: string } | { ok: false; reason: 'expired' | 'invalid' }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: OPERATOR_AUDIENCE, algorithms: ['HS256'] });
      const c = Claims.safeParse(payload);
      return c.success ? { ok: true, operatorId: c.data.sub, sessionId: c.data.sid } : { ok: false, reason: 'invalid' };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
