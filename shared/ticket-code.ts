// The short code printed on a ticket, for a patient who cannot scan its QR:
// they type the clinic code, the ticket number and this code on the patient
// page, and the server answers the ticket link.
//
// The tablet derives the code offline from its device key (the key that signs
// its ticket links), so a ticket printed with no internet still has one; the
// server recomputes it with the issuing device's key. A guess must hit 30
// random-looking bits for one ticket, under a per-IP and per-clinic rate
// limit: knowing the clinic and the (sequential) ticket numbers is not enough
// to open other patients' tickets.
//
// The HMAC itself is passed in (WebCrypto on the tablet, node:crypto on the
// server): shared/ has no host globals.

/** HMAC-SHA-256 of `message` under the issuing device's key. */
export type Mac = (message: string) => Promise<Uint8Array>;

/** Crockford's base 32: no I, L, O or U, so nothing reads as another character. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 6 characters of 5 bits: 30 bits, about a billion codes a ticket. */
export const CODE_LENGTH = 6;
/** The clinic code is the clinic id's last 8 hex digits: random in a v4 UUID, and public like the id. */
export const CLINIC_CODE_LENGTH = 8;

/** What the key signs: a prefix no ticket-link signing input (base64url JSON) can start with. */
export const codeMessage = (clinicId: string, entryId: string) => `doctorq ticket code\n${clinicId}\n${entryId}`;

/** The entry's code: the first 30 bits of the MAC in Crockford's base 32. */
export async function ticketCode(mac: Mac, clinicId: string, entryId: string): Promise<string> {
  const bytes = await mac(codeMessage(clinicId, entryId));
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    const bit = i * 5;
    // Two bytes always hold the 5 bits starting at `bit` (30 bits need 4 bytes of the 32).
    const window = ((bytes[bit >> 3] ?? 0) << 8) | (bytes[(bit >> 3) + 1] ?? 0);
    code += CODE_ALPHABET[(window >> (11 - (bit & 7))) & 31];
  }
  return code;
}

/** Printed in two groups of three, as people read and type it. */
export const formatCode = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/**
 * What a patient typed, as a code: case, spaces and dashes ignored, and the
 * letters people write for digits read as those digits (O → 0, I and L → 1),
 * as Crockford's base 32 does. Null when it cannot be a code.
 */
export function normalizeCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** Compares in time independent of where the codes differ: the server's answer must not time a guess. */
export function sameCode(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export const clinicCode = (clinicId: string) => clinicId.slice(-CLINIC_CODE_LENGTH).toUpperCase();

/** A typed clinic code (case, spaces and dashes ignored), lower case as the id spells it; null when it cannot be one. */
export function normalizeClinicCode(typed: string): string | null {
  const code = typed.toLowerCase().replace(/[\s-]/g, '');
  return /^[0-9a-f]{8}$/.test(code) ? code : null;
}

/** A typed ticket number (case and spaces ignored, a forgotten dash put back): MA014 → MA-014. */
export function normalizeTicket(typed: string): string | null {
  const m = /^([A-Z]{1,10})-?(\d{3,9})$/.exec(typed.toUpperCase().replace(/\s/g, ''));
  return m ? `${m[1]}-${m[2]}` : null;
}
