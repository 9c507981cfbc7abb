// The stream routes, served before Express (server/http/bare-routes.ts): the
// same credentials, policy, caps and refusals as every other route, without
// the per-request weight an open stream would carry for hours.
import type { IncomingMessage } from 'node:http';
import { decodeJwt } from 'jose';
import { PATIENT_AUDIENCE } from '../../shared/capability.ts';
import type { Database } from '../db/database.ts';
import { type BareRoutes, STREAM, forgetAuthorization } from '../http/bare-routes.ts';
import { HttpError } from '../http/errors.ts';
import { perMinuteByAddress } from '../http/rate-limit.ts';
import { bearer, staffClaimsOf } from '../auth/middleware.ts';
import { authorizedClaims, can, principalOf, withoutPhones } from '../auth/policy.ts';
import type { Revocations } from '../auth/revocations.ts';
import { markDeviceSeen } from '../auth/sessions.ts';
import type { TokenKeys } from '../auth/tokens.ts';
import type { PublicLimits } from '../public/routes.ts';
import { publicStream } from '../public/projection.ts';
import type { TicketVerifier } from '../public/tickets.ts';
import { requireSchemaVersion } from './routes.ts';
import { doctorStream, staffStream, type StreamRegistry } from './streams.ts';

export function streamRoutes(
  r: BareRoutes,
  deps: {
    db: Database;
    keys: TokenKeys;
    revocations: Revocations;
    streams: StreamRegistry;
    tickets: TicketVerifier;
    limits: PublicLimits;
    /** The client's address as Express sees it (TRUST_PROXY), for the per-address limit. */
    clientAddress: (req: IncomingMessage) => string;
  },
): void {
  // The replication stream: documents carry names and phones, so a display is refused (auth/policy.ts).
  const staffKind = staffStream(deps.db);
  const doctorKind = doctorStream(deps.db);
  r.get(
    '/api/sync/v1/stream',
    async (req, res) => {
      const staff = staffClaimsOf(deps.keys, deps.revocations, req.headers.authorization);
      requireSchemaVersion(req.headers);
      const principal = authorizedClaims(staff, 'queue.replicate');
      forgetAuthorization(req);
      if (staff.dev) await markDeviceSeen(deps.db, staff.cid, staff.dev);
      deps.streams.presence.heard(staff.cid);
      await deps.streams.open(
        { clinicId: staff.cid, sessionId: staff.sid, holder: staff.sid, expiresAt: staff.exp * 1000 },
        withoutPhones(principal) ? doctorKind : staffKind,
        res,
      );
    },
    STREAM,
  );

  // A patient phone (ticket link) or an enrolled display (device token). The
  // limit per address is the one the check-in form's reads share (public/routes.ts).
  const publicKind = publicStream(deps.db, deps.streams.presence);
  const reads = perMinuteByAddress(
    deps.db,
    `${deps.limits.namespace}:public-read`,
    deps.limits.publicReadsPerIpPerMinute,
    'too many requests, try again in a minute',
  );
  r.get(
    '/api/queue/v1/stream',
    async (req, res) => {
      await reads(deps.clientAddress(req));
      const token = bearer(req.headers.authorization);
      if (!token) throw new HttpError(401, 'unauthenticated', 'a ticket link or a display sign-in is required');
      let aud: unknown;
      try {
        aud = decodeJwt(token).aud;
      } catch {
        throw new HttpError(401, 'unauthenticated', 'invalid token');
      }
      if (aud === PATIENT_AUDIENCE) {
        const t = await deps.tickets.verify(token);
        if (!t.ok)
          throw new HttpError(
            401,
            t.reason === 'expired' ? 'token_expired' : 'unauthenticated',
            t.reason === 'expired' ? 'this ticket link has expired' : 'invalid ticket link',
          );
        forgetAuthorization(req);
        await deps.streams.open(
          { clinicId: t.clinicId, sessionId: null, holder: `${t.clinicId}:${t.entryId}`, expiresAt: t.expiresAt },
          publicKind,
          res,
        );
        return;
      }
      const v = await deps.keys.verify(token);
      if (!v.ok) throw new HttpError(401, v.reason === 'expired' ? 'token_expired' : 'unauthenticated', 'invalid access token');
      if (deps.revocations.has(v.claims.sid)) throw new HttpError(401, 'revoked', 'this device was revoked');
      if (!can(principalOf(v.claims), 'queue.watch')) throw new HttpError(403, 'forbidden', 'this session cannot watch the queue');
      forgetAuthorization(req);
      if (v.claims.dev) await markDeviceSeen(deps.db, v.claims.cid, v.claims.dev);
      await deps.streams.open(
        { clinicId: v.claims.cid, sessionId: v.claims.sid, holder: v.claims.sid, expiresAt: v.claims.exp * 1000 },
        publicKind,
        res,
      );
    },
    STREAM,
  );
}
