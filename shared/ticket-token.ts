// Reading a ticket link's token without verifying it: which clinic and entry
// it names, and until when. The patient page and the check-in form use it to
// know their ticket; the server never trusts it (it verifies the signature,
// shared/capability.ts and server/public/tickets.ts). Plain ECMAScript with no
// jose or zod, so the patient's small page can carry it.

/** The claims of a ticket link (signed in shared/capability.ts). */
export interface TicketClaims {
  /** The clinic's id (a UUID). */
  cid: string;
  /** The entry's id. */
  eid: string;
  /** Expiry, seconds since the epoch: the end of the clinic's day. */
  exp: number;
}

/** The same as zod's z.uuid(): RFC 9562 variants, or the nil and max UUIDs. */
const UUID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
const MAX_ENTRY_ID = 40;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url (no padding) → UTF-8 text; throws on a character outside the alphabet or invalid UTF-8. */
function base64UrlText(s: string): string {
  let bits = 0;
  let value = 0;
  let escaped = '';
  for (const ch of s) {
    const v = BASE64URL.indexOf(ch);
    if (v < 0) throw new Error('not base64url');
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      escaped += `%${((value >> bits) & 0xff).toString(16).padStart(2, '0')}`;
    }
  }
  // decodeURIComponent decodes percent-escaped UTF-8 bytes: no TextDecoder or atob needed.
  return decodeURIComponent(escaped);
}

/** The claims of a ticket link's token, or null if it is not one. Not verified. */
export function readTicketToken(token: string): TicketClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  let c: unknown;
  try {
    c = JSON.parse(base64UrlText(parts[1]));
  } catch {
    return null;
  }
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return null;
  const { cid, eid, exp } = c as Record<string, unknown>;
  if (typeof cid !== 'string' || !UUID.test(cid)) return null;
  if (typeof eid !== 'string' || eid.length === 0 || eid.length > MAX_ENTRY_ID) return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  return { cid, eid, exp };
}
