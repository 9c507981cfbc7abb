import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClinic, openTestDb } from '../../testkit/harness.ts';
import { withClinic } from './tenant.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => db.dispose());

describe('row-level security', () => {
  it('when a query forgets the clinic filter, then it still sees only its clinic', async () => {
    const a = await createClinic(db);
    const b = await createClinic(db);
    const seen = await withClinic(db, a.id, async (tx) => ({
      docs: await tx.query<{ clinic_id: string }>('SELECT DISTINCT clinic_id FROM docs'),
      clinics: await tx.query<{ id: string }>('SELECT id FROM clinics'),
      members: await tx.query<{ clinic_id: string }>('SELECT DISTINCT clinic_id FROM memberships'),
    }));
    expect(seen.docs.map((r) => r.clinic_id)).toEqual([a.id]);
    expect(seen.clinics.map((r) => r.id)).toEqual([a.id]);
    expect(seen.members.map((r) => r.clinic_id)).toEqual([a.id]);
    // Without the wall, the same query sees both (the application role is not restricted).
    const all = await db.query<{ clinic_id: string }>('SELECT DISTINCT clinic_id FROM docs WHERE clinic_id IN ($1, $2)', [a.id, b.id]);
    expect(all).toHaveLength(2);
  });

  it('when a write names another clinic, then it is refused', async () => {
    const a = await createClinic(db);
    const b = await createClinic(db);
    await expect(
      withClinic(db, a.id, (tx) => tx.query(`INSERT INTO audit_log (clinic_id, action) VALUES ($1, 'forged')`, [b.id])),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withClinic(db, a.id, (tx) => tx.query(`UPDATE docs SET seq = seq WHERE clinic_id = $1 RETURNING 1`, [b.id])),
    ).resolves.toEqual([]);
  });
});
