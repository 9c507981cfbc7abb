// The one write path: what follows a commit is the same for every caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClinic, openTestDb } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { Documents, type Fanout } from './writes.ts';
import { readDoc, readSettings } from './reads.ts';
import { HttpError } from '../http/errors.ts';
import { DOCTOR_DEFAULTS } from '../../shared/doc-defaults.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => db.dispose());

/** A fan-out like Redis (the database does not notify): records announces with what was committed when each was made. */
function redisLikeFanout() {
  const announced: { clinicId: string; seq: number; committedSeq: number }[] = [];
  const fanout: Fanout = {
    notifiesInDatabase: false,
    async announce(clinicId, seq) {
      const [row] = await db.query<{ seq: number }>('SELECT seq FROM clinics WHERE id = $1', [clinicId]);
      announced.push({ clinicId, seq, committedSeq: row!.seq });
    },
  };
  return { fanout, announced };
}

function wakeups() {
  const woken: string[] = [];
  return { notifier: { changed: (clinicId: string) => woken.push(clinicId) }, woken };
}

describe('Documents', () => {
  it('when the fan-out is not the database, then every write path announces after commit, once per clinic, with the last sequence', async () => {
    const clinic = await createClinic(db);
    const { fanout, announced } = redisLikeFanout();
    const { notifier, woken } = wakeups();
    const documents = new Documents(db, { fanout, notifier });
    const a = wire(walkIn([], clinic.id, 'A'));
    const b = wire(walkIn([], clinic.id, 'B'));
    const settings = (await readSettings(db, clinic.id))!;
    // A transaction writing two collections (as sign-up, the demo and check-in do): one announce, after its commit.
    const seq = await documents.transaction(async (tx) => {
      await tx.push(clinic.id, 'entries', [{ newDocumentState: a }]);
      const r = await tx.push(clinic.id, 'settings', [
        { assumedMasterState: settings, newDocumentState: { ...settings, selfCheckIn: false } },
      ]);
      expect(announced).toEqual([]);
      return r.seq;
    });
    expect(announced).toEqual([{ clinicId: clinic.id, seq, committedSeq: seq }]);
    expect(woken).toEqual([clinic.id]);
    // A single push: the same steps.
    const one = await documents.push(clinic.id, 'entries', [{ newDocumentState: b }]);
    expect(announced.at(-1)).toEqual({ clinicId: clinic.id, seq: one.seq, committedSeq: one.seq });
    expect(woken).toEqual([clinic.id, clinic.id]);
  });

  it('when nothing is written (a retried push, a conflict) or the transaction rolls back, then nothing is announced or woken', async () => {
    const clinic = await createClinic(db);
    const { fanout, announced } = redisLikeFanout();
    const { notifier, woken } = wakeups();
    const documents = new Documents(db, { fanout, notifier });
    const a = wire(walkIn([], clinic.id, 'A'));
    await documents.push(clinic.id, 'entries', [{ newDocumentState: a }]);
    announced.length = 0;
    woken.length = 0;
    expect((await documents.push(clinic.id, 'entries', [{ newDocumentState: a }])).written).toBe(0);
    const stale = await documents.push(clinic.id, 'entries', [
      { assumedMasterState: { ...a, name: 'Other' }, newDocumentState: { ...a, name: 'Lost' } },
    ]);
    expect(stale.conflicts).toEqual([a]);
    await expect(
      documents.transaction(async (tx) => {
        await tx.push(clinic.id, 'entries', [{ newDocumentState: wire(walkIn([], clinic.id, 'Rolled back')) }]);
        throw new Error('give up');
      }),
    ).rejects.toThrow('give up');
    expect(announced).toEqual([]);
    expect(woken).toEqual([]);
  });

  it('when doctors or settings change, then the notifier is not woken (entries only), but the change is announced', async () => {
    const clinic = await createClinic(db);
    const { fanout, announced } = redisLikeFanout();
    const { notifier, woken } = wakeups();
    const documents = new Documents(db, { fanout, notifier });
    const doctor = (await readDoc(db, clinic.id, 'doctors', 'doc-1'))!;
    await documents.push(clinic.id, 'doctors', [{ assumedMasterState: doctor, newDocumentState: { ...doctor, room: '9' } }]);
    expect(announced).toHaveLength(1);
    expect(woken).toEqual([]);
  });

  it('when the clinic is suspended, then writes are refused with 403 clinic_suspended, except the system acting whileSuspended', async () => {
    const clinic = await createClinic(db);
    const documents = new Documents(db);
    const a = wire(walkIn([], clinic.id, 'A'));
    await documents.push(clinic.id, 'entries', [{ newDocumentState: a }]);
    await db.query(`UPDATE clinics SET status = 'suspended' WHERE id = $1`, [clinic.id]);
    const refused = await documents.push(clinic.id, 'entries', [{ newDocumentState: wire(walkIn([], clinic.id, 'B')) }]).catch((e) => e);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ status: 403, code: 'clinic_suspended' });
    const erased = { ...a, name: '—', updatedAt: a.updatedAt + 1 };
    const r = await documents.push(clinic.id, 'entries', [{ assumedMasterState: a, newDocumentState: erased }], { whileSuspended: true });
    expect(r.written).toBe(1);
  });

  it('when a push would activate doctors beyond the plan, then 403 plan_limit and nothing is written', async () => {
    const clinic = await createClinic(db);
    await db.query(`UPDATE clinics SET plan_id = 'trial' WHERE id = $1`, [clinic.id]);
    const documents = new Documents(db);
    const now = Date.now();
    const third = {
      id: 'doc-3',
      clinicId: clinic.id,
      name: 'Dr Three',
      room: '3',
      active: true,
      ...DOCTOR_DEFAULTS,
      updatedAt: now,
      _deleted: false,
    };
    await expect(documents.push(clinic.id, 'doctors', [{ newDocumentState: third }])).rejects.toMatchObject({
      status: 403,
      code: 'plan_limit',
    });
    expect(await readDoc(db, clinic.id, 'doctors', 'doc-3')).toBeNull();
    // Inactive, it is written: only active doctors count (dq_doctor_active).
    await documents.push(clinic.id, 'doctors', [{ newDocumentState: { ...third, active: false } }]);
    expect(await readDoc(db, clinic.id, 'doctors', 'doc-3')).toMatchObject({ active: false });
  });
});
