// Self check-in by the clinic's QR code: the server creates the entry, in the
// clinic's lock so two patients checking in at once get different tickets,
// and it reaches the tablets through replication like any other document.
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
}

export type CheckInResult =
  | { ok: true; entry: Entry; timeZone: string; created: boolean }
  | { ok: false; code: 'no_clinic' | 'checkin_closed' | 'unknown_doctor' };

export async function checkIn(documents: Documents, clinicId: string, r: CheckInRequest, now = Date.now()): Promise<CheckInResult> {
  return documents.transaction(async (tx) => {
    const locked = await tx.query('SELECT 1 FROM clinics WHERE id = $1 FOR UPDATE', [clinicId]);
    if (locked.length === 0) return { ok: false, code: 'no_clinic' };
    // The day's documents are read inside the lock: no other writer can number a ticket meanwhile.
    const today = await clinicToday(tx, clinicId, now);
    const timeZone = today.settings?.timeZone ?? 'Africa/Tunis';
    // A double submit carries the same request id: answer with the entry it created.
    const same = today.entries.find((e) => e.id === r.requestId);
    if (same) return { ok: true, entry: same, timeZone, created: false };
    if (!today.settings?.selfCheckIn) return { ok: false, code: 'checkin_closed' };
    if (r.doctorId && !today.doctors.some((d) => d.id === r.doctorId && isActiveDoctor(d))) return { ok: false, code: 'unknown_doctor' };
    const entry = registerEntry(
      today.entries,
      {
        id: r.requestId,
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
    await tx.push(clinicId, 'entries', [{ newDocumentState: { ...entry, _deleted: false } }]);
    return { ok: true, entry, timeZone, created: true };
  });
}
