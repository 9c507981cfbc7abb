// The ticket links this phone has opened, kept by entry id so an installed
// app (which starts at /patient.html, without the link's fragment) reopens
// the patient's ticket. The token is only read here, never verified: the
// server verifies it on every request. Decoded by hand: shared/capability.ts
// would bring jose and zod into a bundle that must stay small.
import type { TicketClaims } from '../../shared/capability.ts';

const PREFIX = 'doctorq.ticket.';
const LAST_KEY = 'doctorq.ticket-last';

export interface StoredTicket extends TicketClaims {
  token: string;
}

function base64UrlJson(part: string): unknown {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The claims of a ticket link's token, or null if it is not one (same checks as readTicketToken). */
export function decodeTicket(token: string): StoredTicket | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const c = base64UrlJson(parts[1]) as Partial<Record<keyof TicketClaims, unknown>>;
    if (typeof c.cid !== 'string' || typeof c.eid !== 'string' || typeof c.exp !== 'number') return null;
    if (c.eid.length === 0 || c.eid.length > 40) return null;
    return { cid: c.cid, eid: c.eid, exp: c.exp, token };
  } catch {
    return null;
  }
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
