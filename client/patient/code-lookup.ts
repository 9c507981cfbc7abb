// Asks the server for the ticket link of a printed ticket's codes
// (POST /api/tickets/v1/lookup, server/public/routes.ts). The answer's token
// is read like a scanned link's, without zod: this page must stay small.
import { readTicketToken } from '../../shared/ticket-token.ts';

export const LOOKUP_PATH = '/api/tickets/v1/lookup';

export interface TypedCodes {
  clinic: string;
  ticket: string;
  code: string;
}

export type LookupResult = { ok: true; path: string } | { ok: false; error: 'not_found' | 'rate_limited' | 'offline' | 'server' };

export async function lookUpTicket(typed: TypedCodes): Promise<LookupResult> {
  let res: Response;
  try {
    res = await fetch(LOOKUP_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(typed) });
  } catch {
    return { ok: false, error: 'offline' };
  }
  // A field that cannot be what a ticket prints (400) is, for the patient, a code that is not found.
  if (res.status === 404 || res.status === 400) return { ok: false, error: 'not_found' };
  if (res.status === 429) return { ok: false, error: 'rate_limited' };
  if (!res.ok) return { ok: false, error: res.status >= 502 && res.status <= 504 ? 'offline' : 'server' };
  const body = (await res.json().catch(() => null)) as { token?: unknown; path?: unknown } | null;
  if (typeof body?.token !== 'string' || typeof body.path !== 'string' || !readTicketToken(body.token))
    return { ok: false, error: 'server' };
  return { ok: true, path: body.path };
}

/** `#c=<clinic code>` (a link that knows the clinic) → the code, to fill in. */
export function clinicFromHash(hash: string): string | null {
  const m = /(?:^#|&)c=([0-9A-Fa-f]{8})(?:&|$)/.exec(hash);
  return m ? m[1]!.toUpperCase() : null;
}
