// Verifies ticket links (capability tokens, shared/capability.ts). Device
// keys are cached briefly: a revoked device's links stop working within a
// minute, and a busy waiting room costs no database read per connection.
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { Database } from '../db/database.ts';
import type { TokenKeys } from '../auth/tokens.ts';
import { PATIENT_AUDIENCE, SERVER_KID, TicketClaims } from '../../shared/capability.ts';

const CACHE_MS = 60_000;

export type TicketCheck = { ok: true; clinicId: string; entryId: string; expiresAt: number } | { ok: false; reason: 'expired' | 'invalid' };

export class TicketVerifier {
  private readonly cache = new Map<string, { at: number; clinicId: string; key: Uint8Array } | { at: number; missing: true }>();
  readonly serverKey: Uint8Array;

  constructor(
    private readonly db: Database,
    keys: TokenKeys,
  ) {
    this.serverKey = keys.derive('doctorq ticket links');
  }

  async verify(token: string, now = Date.now()): Promise<TicketCheck> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (!kid) return { ok: false, reason: 'invalid' };
    const signer = kid === SERVER_KID ? { clinicId: null, key: this.serverKey } : await this.deviceKey(kid, now);
    if (!signer) return { ok: false, reason: 'invalid' };
    try {
      const { payload } = await jwtVerify(token, signer.key, {
        audience: PATIENT_AUDIENCE,
        algorithms: ['HS256'],
        currentDate: new Date(now),
      });
      const claims = TicketClaims.parse(payload);
      // A device signs for its own clinic only.
      if (signer.clinicId && signer.clinicId !== claims.cid) return { ok: false, reason: 'invalid' };
      return { ok: true, clinicId: claims.cid, entryId: claims.eid, expiresAt: claims.exp * 1000 };
    } catch (err) {
      return { ok: false, reason: (err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
    }
  }

  private async deviceKey(kid: string, now: number): Promise<{ clinicId: string; key: Uint8Array } | null> {
    const hit = this.cache.get(kid);
    if (hit && now - hit.at < CACHE_MS) return 'missing' in hit ? null : hit;
    if (!/^[0-9a-f-]{36}$/.test(kid)) return null;
    const [row] = await this.db.query<{ clinic_id: string; capability_key: string }>(
      `SELECT clinic_id, capability_key FROM devices WHERE id = $1 AND kind = 'reception' AND revoked_at IS NULL`,
      [kid],
    );
    const entry = row
      ? { at: now, clinicId: row.clinic_id, key: new TextEncoder().encode(row.capability_key) }
      : { at: now, missing: true as const };
    this.cache.set(kid, entry);
    return 'missing' in entry ? null : entry;
  }
}
