import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { TicketClaims, readTicketToken, signTicketToken } from './capability.ts';

const CLINIC = '0b0f3a4e-7a58-4d0c-9a43-1c5d2b1c9e11';
const key = new TextEncoder().encode('k'.repeat(32));
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const unsigned = (claims: unknown) => `eyJhbGciOiJIUzI1NiJ9.${b64url(claims)}.sig`;

describe('readTicketToken', () => {
  it('when a tablet-signed link is read, then it gives what jose and the zod claims give', async () => {
    const token = await signTicketToken(
      { clinicId: CLINIC, entryId: '01J9-entry', day: '2026-11-28', timeZone: 'Africa/Tunis' },
      'd1',
      key,
    );
    const read = readTicketToken(token);
    expect(read).toEqual(TicketClaims.parse(decodeJwt(token)));
    expect(read).toEqual({ cid: CLINIC, eid: '01J9-entry', exp: expect.any(Number) });
  });

  it('when the entry id has non-ASCII characters, then they are decoded as UTF-8', () => {
    expect(readTicketToken(unsigned({ cid: CLINIC, eid: 'صباح-é', exp: 1 }))?.eid).toBe('صباح-é');
  });

  it('when the claims break a rule of TicketClaims, then it is not a ticket (as zod would say)', () => {
    const bad = [
      { cid: 'not-a-uuid', eid: 'e', exp: 1 },
      { cid: CLINIC, eid: '', exp: 1 },
      { cid: CLINIC, eid: 'x'.repeat(41), exp: 1 },
      { cid: CLINIC, eid: 'e', exp: '1' },
      { cid: CLINIC, eid: 'e' },
      [CLINIC],
      null,
    ];
    for (const claims of bad) {
      expect(readTicketToken(unsigned(claims))).toBeNull();
      expect(TicketClaims.safeParse(claims).success).toBe(false);
    }
  });

  it('when the token is not a JWT, then null, never a throw', () => {
    for (const t of ['', 'not-a-token', 'a..c', 'a.b.c.d', 'a.eyJmb28iOjF9.c', 'a.%%%.c', 'a.e30.c', `a.${b64url('x').slice(0, -1)}!.c`]) {
      expect(readTicketToken(t)).toBeNull();
    }
    // Invalid UTF-8 in the payload.
    expect(readTicketToken(`a.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.c`)).toBeNull();
  });
});
