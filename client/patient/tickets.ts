// The ticket links this phone has opened, kept by entry id so an installed
// app (which starts at /patient.html, without the link's fragment) reopens
// the patient's ticket. The token is only read here, never verified: the
// server verifies it on every request. Read with shared/ticket-token.ts, which
// needs neither jose nor zod: this bundle must stay small.
import { readTicketToken, type TicketClaims } from '../../shared/ticket-token.ts';

const PREFIX = 'doctorq.ticket.';
const LAST_KEY = 'doctorq.ticket-last';

export interface StoredTicket extends TicketClaims {
  token: string;
}

/** The claims of a ticket link's token with the token itself, or null if it is not one. */
export function decodeTicket(token: string): StoredTicket | null {
  const c = readTicketToken(token);
  return c ? { ...c, token } : null;
}

export const isExpired = (t: TicketClaims, now = Date.now()): boolean => t.exp * 1000 <= now;

/** `#t=<token>` → the token (the fragment never reaches a server). */
export function tokenFromHash(hash: string): string | null {
  const m = /(?:^#|&)t=([^&]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]!) : null;
}

function storage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

export function rememberTicket(t: StoredTicket): void {
  const s = storage();
  if (!s) return;
  try {
    s.setItem(PREFIX + t.eid, t.token);
    s.setItem(LAST_KEY, t.eid);
  } catch (err) {
    console.warn('could not remember the ticket', err);
  }
}

/** Every remembered ticket; expired ones are forgotten (with their saved queue) as they are found. */
export function storedTickets(now = Date.now()): StoredTicket[] {
  const s = storage();
  if (!s) return [];
  const out: StoredTicket[] = [];
  for (const key of Object.keys(s)) {
    if (!key.startsWith(PREFIX)) continue;
    const t = decodeTicket(s.getItem(key) ?? '');
    // A day-old ticket is kept one more day so its page can still say "expired" instead of "no ticket".
    if (!t || t.exp * 1000 + 86_400_000 < now) {
      s.removeItem(key);
      if (t) s.removeItem(queueKey(t.eid));
      continue;
    }
    out.push(t);
  }
  return out;
}

/** The link just opened; else the last one opened; else the latest still valid. */
export function currentTicket(hash: string, now = Date.now()): StoredTicket | null {
  const all = storedTickets(now);
  const fromLink = tokenFromHash(hash);
  if (fromLink) {
    const t = decodeTicket(fromLink);
    if (t) rememberTicket(t);
    return t;
  }
  const last = storage()?.getItem(LAST_KEY);
  return all.find((t) => t.eid === last) ?? all.sort((a, b) => b.exp - a.exp)[0] ?? null;
}

/** Where the phone keeps the last known queue for this ticket. */
export const queueKey = (entryId: string) => `doctorq.patient-queue.${entryId}`;
