// Finds the ticket a patient typed (clinic code, ticket number, short code;
// shared/ticket-code.ts): today's entry with that number whose code, derived
// with the key of one of the clinic's reception devices, is the code typed.
// Whatever is wrong, the answer is the same "no such ticket": nothing tells a
// guesser whether the clinic, the number or the code was the miss.
import { createHmac } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { type Mac, sameCode, ticketCode } from '../../shared/ticket-code.ts';
import { clinicToday } from './projection.ts';

export interface TypedTicket {
  /** The clinic id's last 8 hex digits, lower case. */
  clinic: string;
  ticket: string;
  code: string;
}

export interface FoundTicket {
  clinicId: string;
  entryId: string;
  ticket: string;
  day: string;
  timeZone: string;
}

const macWith =
  (key: string): Mac =>
  async (message) =>
    createHmac('sha256', key).update(message).digest();

export async function findTypedTicket(db: Queryable, typed: TypedTicket, now = Date.now()): Promise<FoundTicket | null> {
  // The code is public and short: more than one clinic may end in it, each is tried.
  const clinics = await db.query<{ id: string }>(`SELECT id FROM clinics WHERE right(id::text, 8) = $1`, [typed.clinic]);
  for (const { id: clinicId } of clinics) {
    const today = await clinicToday(db, clinicId, now);
    const entries = today.entries.filter((e) => e.ticket === typed.ticket && !e._deleted);
    if (entries.length === 0) continue;
    const devices = await db.query<{ capability_key: string; revoked_at: Date | null }>(
      `SELECT capability_key, revoked_at FROM devices WHERE clinic_id = $1 AND kind = 'reception'`,
      [clinicId],
    );
    for (const e of entries) {
      for (const d of devices) {
        // As for ticket links (tickets.ts): a device revoked as lost keeps the tickets it issued before;
        // one revoked as stolen had its key replaced, so its codes no longer match anything.
        if (d.revoked_at && e.arrivedAt > new Date(d.revoked_at).getTime()) continue;
        if (sameCode(await ticketCode(macWith(d.capability_key), clinicId, e.id), typed.code))
          return { clinicId, entryId: e.id, ticket: e.ticket, day: e.day, timeZone: today.timeZone };
      }
    }
  }
  return null;
}
