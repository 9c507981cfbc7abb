// Verifies booking links (shared/booking-link.ts). Only the server signs them,
// with a key of its own: a ticket link, a staff token or a link of another
// clinic's booking is refused here.
import type { RequestHandler, Response } from 'express';
import { jwtVerify } from 'jose';
import { bearer } from '../auth/middleware.ts';
import type { TokenKeys } from '../auth/tokens.ts';
import { HttpError } from '../http/errors.ts';
import { BOOKING_AUDIENCE, BookingClaims } from '../../shared/booking-link.ts';

/** The booking a request's link names, once `bookingAuth` has verified it. */
export interface BookingLocals {
  clinicId: string;
  appointmentId: string;
}

export const bookingOf = (res: Response) => res.locals.booking as BookingLocals;

export const bookingLinkKey = (keys: TokenKeys) => keys.derive('doctorq booking links');

export function bookingAuth(key: Uint8Array): RequestHandler {
  return async (req, res, next) => {
    const token = bearer(req.headers.authorization);
    if (!token) return next(new HttpError(401, 'unauthenticated', 'a booking link is required'));
    try {
      const { payload } = await jwtVerify(token, key, { audience: BOOKING_AUDIENCE, algorithms: ['HS256'] });
      const claims = BookingClaims.parse(payload);
      res.locals.booking = { clinicId: claims.cid, appointmentId: claims.aid } satisfies BookingLocals;
      next();
    } catch (err) {
      next(
        (err as { code?: string }).code === 'ERR_JWT_EXPIRED'
          ? new HttpError(401, 'token_expired', 'this booking link has expired')
          : new HttpError(401, 'unauthenticated', 'invalid booking link'),
      );
    }
  };
}
