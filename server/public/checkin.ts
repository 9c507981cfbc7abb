// Self check-in by the clinic's QR code: the server creates the entry, in the
// clinic's lock so two patients checking in at once get different tickets,
// and it reaches the tablets through replication like any other document.
import { createHmac } from 'node:crypto';
import type { Entry } from '../../shared/schemas.ts';
import { registerEntry } from '../../shared/register.ts';
import { SELF_CHECKIN_SERIES, ticketSeries } from '../../shared/tickets.ts';
import type { Documents } from '../docs/writes.ts';
import { isActiveDoctor } from '../docs/reads.ts';
import { clinicToday } from './projection.ts';

export interface CheckInRequest {
  requestId: string;
  name: string;
  phone: string | null;
  doctorId: string | null;
  language: Entry['language'];
  whatsapp: boolean;
}

export type CheckInResult =
  | { ok: true; entry: Entry; timeZone: string; created: boolean }
  | { ok: false; code: 'no_clinic' | 'checkin_closed' | 'unknown_doctor' };

/**
 * The entry id of a check-in: an HMAC of (clinic, requestId) under a server key, never the requestId
 * itself. Entry ids are public (the stream shows them): a requestId equal to another patient's entry id
 * returned that patient's ticket link. A derived id can only name the entry the same request created.
 */
export function checkInEntryId(idKey: Uint8Array, clinicId: string, requestId: string): string {
  return createHmac('sha256', idKey).update(`${clinicId}:${requestId}`).digest('base64url').slice(0, 32);
}

export async function checkIn(
  documents: Documents,
  clinicId: string,
  r: CheckInRequest,
  idKey: Uint8Array,
  now = Date.now(),
): Promise<CheckInResult> {
  const id = checkInEntryId(idKey, clinicId, r.requestId);
  return documents.transaction(async (tx) => {
    const locked = await tx.query('SELECT 1 FROM clinics WHERE id = $1 FOR UPDATE', [clinicId]);
    if (locked.length === 0) return { ok: false, code: 'no_clinic' };
    // The day's documents are read inside the lock: no other writer can number a ticket meanwhile.
    const today = await clinicToday(tx, clinicId, now);
    const timeZone = today.timeZone;
    // A double submit carries the same request id: answer with the entry it created.
    const same = today.entries.find((e) => e.id === id && e.source === 'self');
    if (same) return { ok: true, entry: same, timeZone, created: false };
    if (!today.settings?.selfCheckIn) return { ok: false, code: 'checkin_closed' };
    if (r.doctorId && !today.doctors.some((d) => d.id === r.doctorId && isActiveDoctor(d))) return { ok: false, code: 'unknown_doctor' };
    const registered = registerEntry(
      today.entries,
      {
        id,
        clinicId,
        name: r.name,
        phone: r.phone,
        doctorId: r.doctorId,
        priority: 'normal',
        source: 'self',
        series: ticketSeries(today.settings.ticketPrefix, SELF_CHECKIN_SERIES),
        day: today.day,
      },
      now,
    );
    const entry: Entry = { ...registered, language: r.language, whatsapp: r.whatsapp };
    await tx.push(clinicId, 'entries', [{ newDocumentState: { ...entry, _deleted: false } }]);
    return { ok: true, entry, timeZone, created: true };
  });
}
