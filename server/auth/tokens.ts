// Short-lived access tokens (HS256, jose). The secret is shared by every
// instance: from JWT_SECRET, or generated once and kept in the database.
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { DeviceKind, StaffRole } from '../../shared/auth.ts';
import { verifyHs256 } from './hs256.ts';

export const ISSUER = 'doctorq';
export const STAFF_AUDIENCE = 'doctorq:staff';

const StaffClaims = z.object({
  sub: z.uuid(),
  cid: z.uuid(),
  /** A person's membership role. Device tokens carry none (older ones did: auth/policy.ts ignores it on a device). */
  role: StaffRole.optional(),
  sid: z.uuid(),
  dev: z.uuid().optional(),
  /** Device kind: the device's whole authority (auth/policy.ts). */
  dk: DeviceKind.optional(),
  exp: z.number(),
});
export type StaffClaims = z.infer<typeof StaffClaims>;

export type VerifyResult = { ok: true; claims: StaffClaims } | { ok: false; reason: 'expired' | 'invalid' };

export class TokenKeys {
  /** Imported once: jose would import raw bytes again on every sign (a fifth of a push's CPU, measured, when it verified too). */
  private readonly key: KeyObject;

  private constructor(
    private readonly secret: Uint8Array,
    private readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(secret);
  }

  static async load(db: Database, configured: string | undefined, ttlSeconds: number): Promise<TokenKeys> {
    if (configured) return new TokenKeys(new TextEncoder().encode(configured), ttlSeconds);
    // First instance to start generates it; the others read the same row.
    await db.query(`INSERT INTO server_secrets (name, value) VALUES ('jwt', $1) ON CONFLICT (name) DO NOTHING`, [
      randomBytes(32).toString('base64url'),
    ]);
    const [row] = await db.query<{ value: string }>(`SELECT value FROM server_secrets WHERE name = 'jwt'`);
    return new TokenKeys(new TextEncoder().encode(row!.value), ttlSeconds);
  }

  /** A key for another purpose, derived from the secret (never the same bytes). */
  derive(label: string): Uint8Array {
    return createHmac('sha256', this.secret).update(label).digest();
  }

  async sign(c: Omit<StaffClaims, 'exp'>): Promise<{ token: string; expiresAt: number }> {
    const expiresAt = Math.floor(Date.now() / 1000) + this.ttlSeconds;
    const payload: Record<string, string> = { cid: c.cid, sid: c.sid };
    if (c.role && !c.dev) payload.role = c.role;
    if (c.dev) payload.dev = c.dev;
    if (c.dk) payload.dk = c.dk;
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(c.sub)
      .setIssuer(ISSUER)
      .setAudience(STAFF_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: expiresAt * 1000 };
  }

  /** Synchronous: every push and pull verifies a token (hs256.ts says why not jose). */
  verify(token: string): VerifyResult {
    const v = verifyHs256(token, this.key, { issuer: ISSUER, audience: STAFF_AUDIENCE });
    if (!v.ok) return v;
    const claims = StaffClaims.safeParse(v.payload);
    return claims.success ? { ok: true, claims: claims.data } : { ok: false, reason: 'invalid' };
  }
}
