// Ticket links: a capability token in the link a patient scans lets that
// phone follow the queue of one clinic for one entry until the clinic's day
// ends. The reception tablet signs it offline with its device key (kid =
// device id); self check-in is signed by the server (kid = "server").
import { SignJWT } from 'jose';
import { z } from 'zod';
import { endOfClinicDay } from './time.ts';

export const PATIENT_AUDIENCE = 'doctorq:patient';
export const SERVER_KID = 'server';

export const TicketClaims = z.object({ cid: z.uuid(), eid: z.string().min(1).max(40), exp: z.number() });
export type TicketClaims = z.infer<typeof TicketClaims>;

export interface TicketGrant {
  clinicId: string;
  entryId: string;
  day: string;
  timeZone: string;
}

export async function signTicketToken(g: TicketGrant, kid: string, key: Uint8Array): Promise<string> {
  return (
    new SignJWT({ cid: g.clinicId, eid: g.entryId })
      .setProtectedHeader({ alg: 'HS256', kid })
      .setAudience(PATIENT_AUDIENCE)
      // When it was signed: a lost tablet's links signed before its revocation keep working (server/public/tickets.ts).
      .setIssuedAt()
      .setExpirationTime(Math.floor(endOfClinicDay(g.day, g.timeZone) / 1000))
      .sign(key)
  );
}

/** Reads the claims without verifying (the patient page, to know its entry): the same checks as TicketClaims, without zod. */
export { readTicketToken } from './ticket-token.ts';

export const ticketPath = (token: string) => `/patient.html#t=${token}`;
