// Booking links: the confirmation link of an online booking is a capability
// token, signed by the server, naming one clinic and one appointment. It lets
// its holder read, cancel or move that booking only, until the slot has passed.
// Its own audience: a ticket link is never a booking link, nor the reverse.
import { SignJWT } from 'jose';
import { z } from 'zod';
import { DocId } from './schemas.ts';

export const BOOKING_AUDIENCE = 'doctorq:booking';

export const BookingClaims = z.object({ cid: z.uuid(), aid: DocId, exp: z.number() });
export type BookingClaims = z.infer<typeof BookingClaims>;

export interface BookingGrant {
  clinicId: string;
  appointmentId: string;
  /** The slot's start and length: the link dies when the slot has passed. */
  start: number;
  minutes: number;
}

export const bookingLinkExpiry = (g: Pick<BookingGrant, 'start' | 'minutes'>) => g.start + g.minutes * 60_000;

export function signBookingToken(g: BookingGrant, key: Uint8Array): Promise<string> {
  return new SignJWT({ cid: g.clinicId, aid: g.appointmentId })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(BOOKING_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(bookingLinkExpiry(g) / 1000))
    .sign(key);
}

/** The page the link opens: the token in the fragment, so it never reaches a server log or a Referer. */
export const bookingPath = (token: string) => `/book.html#a=${token}`;
