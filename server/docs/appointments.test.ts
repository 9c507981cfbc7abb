import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booking } from '../../testkit/appointments.ts';
import { createClinic, openTestDb, pushDocs } from '../../testkit/harness.ts';
import type { Appointment } from '../../shared/schemas.ts';
import { bookingsBetween } from './appointments.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => db.dispose());

const tunis = (day: string, h: number) => Date.parse(`${day}T${String(h - 1).padStart(2, '0')}:00:00Z`);
const store = (clinicId: string, docs: Appointment[], deleted = false) =>
  pushDocs(
    db,
    clinicId,
    'appointments',
    docs.map((d) => ({ newDocumentState: { ...d, _deleted: deleted } })),
  );

describe('bookingsBetween', () => {
  it('when asked for days, then every booking of those days whatever its status, in start order, without deleted ones or other clinics', async () => {
    const clinic = await createClinic(db);
    const other = await createClinic(db);
    const late = booking(clinic.id, 'doc-1', tunis('2026-12-08', 15));
    const early = { ...booking(clinic.id, 'doc-2', tunis('2026-12-07', 9)), status: 'cancelled' as const };
    const before = booking(clinic.id, 'doc-1', tunis('2026-12-06', 9));
    const after = booking(clinic.id, 'doc-1', tunis('2026-12-09', 9));
    const deleted = booking(clinic.id, 'doc-1', tunis('2026-12-07', 10));
    await store(clinic.id, [late, early, before, after]);
    await store(clinic.id, [deleted], true);
    await store(other.id, [booking(other.id, 'doc-1', tunis('2026-12-07', 11))]);

    expect(await bookingsBetween(db, clinic.id, '2026-12-07', '2026-12-08')).toEqual([early, late]);
    expect(await bookingsBetween(db, clinic.id, '2026-12-06', '2026-12-06')).toEqual([before]);
    expect(await bookingsBetween(db, clinic.id, '2026-12-10', '2026-12-20')).toEqual([]);
  });
});
