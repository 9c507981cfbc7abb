// A clinic that takes online bookings, for the booking tests: open every day
// (so slots exist whatever the hour the suite runs), doc-1 bookable by
// half-hours, doc-2 walk-ins only.
import type { Database } from '../server/db/database.ts';
import { readClinicSetup } from '../server/docs/reads.ts';
import type { ClinicBooking, DoctorBooking } from '../shared/schemas.ts';
import { BOOKING_DEFAULTS } from '../shared/doc-defaults.ts';
import { createClinic, pushDocs, type TestClinic } from './harness.ts';

export const SLOT_MINUTES = 30;
export const DOCTOR_BOOKING: DoctorBooking = { slotMinutes: SLOT_MINUTES, breaks: [], daysOff: [] };

export async function bookingClinic(db: Database, booking: Partial<ClinicBooking> = {}): Promise<TestClinic> {
  const clinic = await createClinic(db);
  const { settings, doctors } = await readClinicSetup(db, clinic.id);
  const now = Date.now();
  const spans = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, open: '00:00', close: '23:30' }));
  await pushDocs(db, clinic.id, 'settings', [
    {
      assumedMasterState: settings!,
      newDocumentState: {
        ...settings!,
        hours: { spans },
        booking: { ...BOOKING_DEFAULTS, online: true, daysAhead: 3, ...booking },
        updatedAt: now,
      },
    },
  ]);
  const doc1 = doctors.find((d) => d.id === 'doc-1')!;
  await pushDocs(db, clinic.id, 'doctors', [
    { assumedMasterState: doc1, newDocumentState: { ...doc1, booking: DOCTOR_BOOKING, updatedAt: now } },
  ]);
  return clinic;
}
