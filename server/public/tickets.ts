// Verifies ticket links (capability tokens, shared/capability.ts). Device
// keys are cached briefly: a revocation is seen within a minute, and a busy
// waiting room costs no database read per connection. A device revoked as
// lost keeps the links it signed before its revocation (their patients are
// waiting) until their day ends; one revoked as stolen loses them all (its
// key was replaced at its revocation, server/auth/sessions.ts). A closed
// clinic's links all stop (server/owner/closing.ts).
import type { RequestHandler, Response } from 'express';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { bearer } from '../auth/middleware.ts';
import { HttpError } from '../http/errors.ts';
import type { Database } from '../db/database.ts';
import type { TokenKeys } from '../auth/tokens.ts';
import { PATIENT_AUDIENCE, SERVER_KID, TicketClaims } from '../../shared/capability.ts';
import { ONSITE_AUDIENCE, onSiteWindowValid } from '../../shared/onsite.ts';

const CACHE_MS = 60_000;
/**
 * A lost tablet's links must have been signed before its revocation, for a
 * day that ends soon after it. The tablet's own clock signs `iat`, so a link
 * backdated by whoever holds the tablet still dies with that day.
 */
const LOST_LINK_MAX_MS_AFTER_REVOCATION = 36 * 3_600_000;

type Signer = { clinicId: string | null; key: Uint8Array; revokedAt?: number | null };

export type TicketCheck = { ok: true; clinicId: string; entryId: string; expiresAt: number } | { ok: false; reason: 'expired' | 'invalid' };

export class TicketVerifier {
  private readonly cache = new Map<
    string,
    { at: number; clinicId: string; key: Uint8Array; revokedAt: number | null } | { at: number; missing: true }
  >();
  readonly serverKey: Uint8Array;
  private readonly closedClinics = new Set<string>();
  private readonly openClinics = new Map<string, number>();

  constructor(
    private readonly db: Database,
    keys: TokenKeys,
  ) {
    this.serverKey = keys.derive('doctorq ticket links');
  }

  async verify(token: string, now = Date.now()): Promise<TicketCheck> {
    const t = await this.signedBy(token, now);
    // Outside the signature's try: a failed read of the clinic is a server error, not a bad link.
    if (t.ok && (await this.closed(t.clinicId, now))) return { ok: false, reason: 'invalid' };
    return t;
  }

  /** The link's claims, if one of our keys signed it and its signer may still vouch for it. */
  private async signedBy(token: string, now: number): Promise<TicketCheck> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (!kid) return { ok: false, reason: 'invalid' };
    const signer: Signer | null = kid === SERVER_KID ? { clinicId: null, key: this.serverKey } : await this.deviceKey(kid, now);
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
      if (signer.revokedAt != null && !signedBeforeRevocation(payload.iat, claims.exp, signer.revokedAt))
        return { ok: false, reason: 'invalid' };
      return { ok: true, clinicId: claims.cid, entryId: claims.eid, expiresAt: claims.exp * 1000 };
    } catch (err) {
      return { ok: false, reason: (err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
    }
  }

  /**
   * Whether a check-in's on-site code (shared/onsite.ts) was signed for this
   * clinic, by one of its reception devices that is not revoked, for the
   * current or the previous window.
   */
  async verifyOnSite(code: string | null, clinicId: string, now = Date.now()): Promise<boolean> {
    if (!code) return false;
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(code).kid;
    } catch {
      return false;
    }
    const signer = kid ? await this.deviceKey(kid, now) : null;
    if (!signer || signer.clinicId !== clinicId || signer.revokedAt !== null) return false;
    try {
      const { payload } = await jwtVerify(code, signer.key, {
        audience: ONSITE_AUDIENCE,
        algorithms: ['HS256'],
        currentDate: new Date(now),
      });
      return payload.cid === clinicId && typeof payload.w === 'number' && onSiteWindowValid(payload.w, now);
    } catch {
      return false;
    }
  }

  /**
   * Whether the clinic was closed by its owner: none of its links works any
   * more, the server's own (self check-in) included. A close is final, so it
   * is remembered for good; an open clinic is read again after CACHE_MS.
   */
  private async closed(clinicId: string, now: number): Promise<boolean> {
    if (this.closedClinics.has(clinicId)) return true;
    const seen = this.openClinics.get(clinicId);
    if (seen !== undefined && now - seen < CACHE_MS) return false;
    const [row] = await this.db.query<{ closed: boolean }>('SELECT closed_at IS NOT NULL AS closed FROM clinics WHERE id = $1', [clinicId]);
    if (row?.closed) {
      this.closedClinics.add(clinicId);
      this.openClinics.delete(clinicId);
      return true;
    }
    this.openClinics.set(clinicId, now);
    return false;
  }

  private async deviceKey(kid: string, now: number): Promise<Signer | null> {
    const hit = this.cache.get(kid);
    if (hit && now - hit.at < CACHE_MS) return 'missing' in hit ? null : hit;
    if (!/^[0-9a-f-]{36}$/.test(kid)) return null;
    const [row] = await this.db.query<{ clinic_id: string; capability_key: string; revoked_at: Date | null }>(
      `SELECT clinic_id, capability_key, revoked_at FROM devices WHERE id = $1 AND kind = 'reception'`,
      [kid],
    );
    const entry = row
      ? {
          at: now,
          clinicId: row.clinic_id,
          key: new TextEncoder().encode(row.capability_key),
          revokedAt: row.revoked_at ? new Date(row.revoked_at).getTime() : null,
        }
      : { at: now, missing: true as const };
    this.cache.set(kid, entry);
    return 'missing' in entry ? null : entry;
  }
}

/** Links without `iat` were signed by an older app: their signing time is unknown, so a revoked device's are refused. */
function signedBeforeRevocation(iat: number | undefined, exp: number, revokedAt: number): boolean {
  return typeof iat === 'number' && iat * 1000 <= revokedAt && exp * 1000 <= revokedAt + LOST_LINK_MAX_MS_AFTER_REVOCATION;
}

/** The visit a request's ticket link names, once `ticketAuth` has verified it. */
export interface TicketLocals {
  clinicId: string;
  entryId: string;
}

export const ticketOf = (res: Response) => res.locals.ticket as TicketLocals;

/**
 * The ticket link (as Bearer) is the only credential of a patient's own
 * requests: it names the clinic and the entry, so a patient can only act on
 * their own visit.
 */
export function ticketAuth(tickets: TicketVerifier): RequestHandler {
  return async (req, res, next) => {
    const token = bearer(req.headers.authorization);
    if (!token) return next(new HttpError(401, 'unauthenticated', 'a ticket link is required'));
    const t = await tickets.verify(token);
    if (!t.ok) {
      return next(
        t.reason === 'expired'
          ? new HttpError(401, 'token_expired', 'this ticket link has expired')
          : new HttpError(401, 'unauthenticated', 'invalid ticket link'),
      );
    }
    res.locals.ticket = { clinicId: t.clinicId, entryId: t.entryId } satisfies TicketLocals;
    next();
  };
}
