// Self check-in by the clinic's QR code: the server creates the entry, in the
// clinic's lock so two patients checking in at once get different tickets,
// and it reaches the tablets through replication like any other document.
import { createHmac } from 'node:crypto';
import type { Entry } from '../../shared/schemas.ts';
import { registerEntry } from '../../shared/register.ts';
import { SELF_CHECKIN_SERIES, ticketSeries } from '../../shared/tickets.ts';
import type { Documents } from '../docs/writes.ts';
import { isActiveDoctor } from '../docs/reads.ts';
import { seesPatients } from '../../shared/doctor-status.ts';
import { clinicToday } from './projection.ts';
import { openingAt } from '../../shared/hours.ts';

export interface CheckInRequest {
  requestId: string;
  name: string;
  phone: string | null;
  doctorId: string | null;
  /** Made from the QR code on the clinic's own screen (a valid on-site code, shared/onsite.ts); remote otherwise. */
  onSite: boolean;
  language: Entry['language'];
  whatsapp: boolean;
}

export type CheckInResult =
  | { ok: true; entry: Entry; timeZone: string; created: boolean }
  | { ok: false; code: 'no_clinic' | 'checkin_closed' | 'unknown_doctor' }
  /** A remote check-in while the clinic is closed; `next`: when it opens (null: no hours on any day). */
  | { ok: false; code: 'clinic_closed'; next: number | null };

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
    if (!today.settings) return { ok: false, code: 'no_clinic' };
    const timeZone = today.timeZone;
    // A double submit carries the same request id: answer with the entry it created.
    const same = today.entries.find((e) => e.id === id && e.source === 'self');
    if (same) return { ok: true, entry: same, timeZone, created: false };
    if (!today.settings?.selfCheckIn) return { ok: false, code: 'checkin_closed' };
    // A doctor absent today takes no check-ins: their patients were sent on at the desk.
    const open = (d: (typeof today.doctors)[number]) => isActiveDoctor(d) && seesPatients(d, today.day);
    if (r.doctorId && !today.doctors.some((d) => d.id === r.doctorId && open(d))) return { ok: false, code: 'unknown_doctor' };
    if (!r.onSite) {
      // Someone at the door can always join; from afar, only while the clinic is open.
      const opening = openingAt(today.settings.hours, now, timeZone);
      if (!opening.open) return { ok: false, code: 'clinic_closed', next: opening.next };
    }
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
        language: r.language,
        whatsapp: r.whatsapp,
      },
      now,
    );
    // From afar where the clinic asks for it: not in the queue until the patient says "I'm here" (shared/patient-actions.ts).
    const status = !r.onSite && today.settings.requireHere ? 'expected' : registered.status;
    const entry: Entry = { ...registered, status };
    await tx.push(clinicId, 'entries', [{ newDocumentState: { ...entry, _deleted: false } }]);
    return { ok: true, entry, timeZone, created: true };
  });
}
