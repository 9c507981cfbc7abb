// Who may do what, decided in one place (docs/security.md, DESIGN.md §4).
// A staff access token is either a PERSON's (their membership role) or a
// DEVICE's (its kind). A device's authority is its kind and nothing more:
// the token of a TV the owner enrolled still names the owner (`sub`, for the
// audit log) and may still carry the owner's role from older tokens, but that
// role grants nothing here, so no route can hand a device a person's powers.
import type { Request, RequestHandler } from 'express';
import { HttpError } from '../http/errors.ts';
import { staffOf } from './middleware.ts';
import type { StaffClaims } from './tokens.ts';
import type { DeviceKind, StaffRole } from '../../shared/auth.ts';

export type Principal =
  | { kind: 'person'; userId: string; clinicId: string; sessionId: string; role: StaffRole }
  | { kind: 'device'; userId: string; clinicId: string; sessionId: string; deviceId: string; deviceKind: DeviceKind };

/** What a staff token may be used for; each route names one. */
export type Action =
  /** Replicate the clinic's documents (names and phones included; a doctor device gets them without phones): pull, push, the sync stream. */
  | 'queue.replicate'
  /** Watch the public projection (no personal data): the queue stream. */
  | 'queue.watch'
  /** Enter the owner area; the clinic in the path is then checked for the owner role (owner/owned.ts). */
  | 'owner.area'
  /** Change the signed-in person's own account (their password): never from a device, whoever enrolled it. */
  | 'account.own';

export function principalOf(c: StaffClaims): Principal | null {
  if (c.dev) {
    // A device token without its kind is not one we sign: refuse rather than guess.
    if (!c.dk) return null;
    return { kind: 'device', userId: c.sub, clinicId: c.cid, sessionId: c.sid, deviceId: c.dev, deviceKind: c.dk };
  }
  if (!c.role) return null;
  return { kind: 'person', userId: c.sub, clinicId: c.cid, sessionId: c.sid, role: c.role };
}

export function can(p: Principal | null, action: Action): boolean {
  if (!p) return false;
  switch (action) {
    case 'queue.watch':
      return true;
    case 'queue.replicate':
      return p.kind === 'person' || p.deviceKind === 'reception' || p.deviceKind === 'doctor';
    case 'owner.area':
      // Per clinic, ownedClinic() then requires the owner role of the path's clinic.
      return p.kind === 'person';
    case 'account.own':
      return p.kind === 'person';
  }
}

/** A doctor's screen: it replicates the visits without their phone numbers (shared/doctor-copy.ts). */
export function withoutPhones(p: Principal): boolean {
  return p.kind === 'device' && p.deviceKind === 'doctor';
}

const REFUSALS: Record<Action, string> = {
  'queue.replicate': 'this device cannot replicate documents: a display shows the public queue only',
  'queue.watch': 'this session cannot watch the queue',
  'owner.area': "the owner area needs the owner's own sign-in, not a device's",
  'account.own': 'change your password from your own sign-in, not from a device',
};

/** The signed-in principal, if it may do `action`; 403 otherwise (after authenticate(): 401 without a token). */
export function authorized(req: Request, action: Action): Principal {
  return authorizedClaims(staffOf(req), action);
}

/** authorized() for verified claims (the routes served before Express). */
export function authorizedClaims(claims: StaffClaims, action: Action): Principal {
  const p = principalOf(claims);
  if (!p || !can(p, action)) throw new HttpError(403, 'forbidden', REFUSALS[action]);
  return p;
}

/** authorized() as a middleware, for a router whose every route needs the same action. */
export function authorize(action: Action): RequestHandler {
  return (req, _res, next) => {
    try {
      authorized(req, action);
      next();
    } catch (err) {
      next(err);
    }
  };
}
