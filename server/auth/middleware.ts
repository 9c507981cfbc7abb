// Bearer access tokens for staff routes: 401 when there is no valid token
// (the client should refresh or sign in), 403 when the token is valid but
// does not allow the action.
import type { Request, RequestHandler } from 'express';
import { HttpError } from '../http/errors.ts';
import type { Revocations } from './revocations.ts';
import type { StaffClaims, TokenKeys } from './tokens.ts';

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffClaims;
  }
}

export function bearer(header: string | undefined): string | null {
  const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header ?? '');
  return m ? m[1]! : null;
}

/** The staff claims of an `Authorization: Bearer` header; HttpError 401 otherwise. */
export function staffClaimsOf(keys: TokenKeys, revocations: Revocations, header: string | undefined): StaffClaims {
  const token = bearer(header);
  if (!token) throw new HttpError(401, 'unauthenticated', 'sign in required');
  const v = keys.verify(token);
  if (!v.ok) {
    throw v.reason === 'expired'
      ? new HttpError(401, 'token_expired', 'access token expired')
      : new HttpError(401, 'unauthenticated', 'invalid access token');
  }
  if (revocations.has(v.claims.sid)) throw new HttpError(401, 'revoked', 'this session or device was revoked');
  return v.claims;
}

export function authenticate(keys: TokenKeys, revocations: Revocations): RequestHandler {
  return (req, _res, next) => {
    try {
      req.staff = staffClaimsOf(keys, revocations, req.headers.authorization);
    } catch (err) {
      return next(err);
    }
    next();
  };
}

/** The authenticated staff member; the clinic always comes from here, never from a body. */
export function staffOf(req: Request): StaffClaims {
  if (!req.staff) throw new HttpError(401, 'unauthenticated', 'sign in required');
  return req.staff;
}
