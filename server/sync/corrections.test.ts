// Corrections made on two tablets offline at once (issue 16): each is one
// document write, merged by the field groups of shared/merge.ts, and both
// tablets and the server end up with the same documents.
// Real server, real database (Postgres with DATABASE_URL, PGlite otherwise), two RxDB tablets.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClinic, eventually, login, openTestDb, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import { DoctorActions, EntryActions, Network, startTablet, type TestTablet } from '../../testkit/rx-client.ts';
import { waitingQueue } from '../../shared/queue.ts';
import type { Doctor, Entry } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { readDoc } from '../docs/reads.ts';
import type { RunningServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
const tablets: TestTablet[] = [];

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});

// RxDB's free tier opens at most 13 collections per process: close each test's tablets.
afterEach(async () => {
  await Promise.all(tablets.splice(0).map((t) => t.close()));
});

afterAll(async () => {
  await server.close();
  await db.dispose();
});

const today = () => clinicDay(Date.now(), 'Africa/Tunis');

async function desk(clinic: TestClinic, name: string) {
  const network = new Network();
  const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name });
  const t = await startTablet(server.url, grant, { fetch: network.fetch });
  tablets.push(t);
  await t.sync.awaitInSync();
  const actions = new EntryActions(t.db.entries, { clinicId: clinic.id, series: grant.device!.series }, today);
  return { t, network, actions };
}

type Desk = Awaited<ReturnType<typeof desk>>;

const entriesOf = async (t: TestTablet) => (await t.db.entries.find().exec()).map((d) => d.toMutableJSON() as Entry);
const patient = (name: string, doctorId: string | null) => ({ name, phone: null, doctorId, priority: 'normal' as const });
const live = (d: Desk) => d.actions.liveDay(today());

/** Both desks back online, one after the other (so the second meets the first's change as a conflict). */
async function reconnect(...desks: Desk[]) {
  for (const d of desks) {
    d.network.offline = false;
    d.t.sync.reconnectNow();
    await d.t.sync.awaitInSync();
  }
}

/** Every desk holds the same entry documents as the server. */
async function converged(clinicId: string, desks: Desk[], ids: readonly string[]) {
  await eventually(async () => {
    const server = await Promise.all(ids.map((id) => readDoc(db, clinicId, 'entries', id)));
    for (const d of desks) {
      const mine = await entriesOf(d.t);
      for (const { _deleted, ...doc } of server.map((s) => s!)) expect(mine.find((e) => e.id === doc.id)).toMatchObject(doc);
    }
  });
}

describe('corrections on two offline tablets', () => {
  it('when one desk sends a patient to another doctor while the other fixes their name, then both corrections stand and the patient keeps their arrival place', async () => {
    const clinic = await createClinic(db);
    const one = await desk(clinic, 'Desk one');
    const two = await desk(clinic, 'Desk two');
    const a = await one.actions.register(patient('Amel', 'doc-2'), crypto.randomUUID());
    const b = await one.actions.register(patient('Bilel', 'doc-1'), crypto.randomUUID());
    const c = await one.actions.register(patient('Chokri', 'doc-2'), crypto.randomUUID());
    await eventually(async () => expect(await two.t.db.entries.count().exec()).toBe(3));
    await live(two).ready;

    one.network.offline = true;
    two.network.offline = true;
    await one.actions.correct(b.id, { name: 'Bilel', phone: null, doctorId: 'doc-2', priority: 'normal' });
    await two.actions.correct(b.id, { name: 'Bilel Ayari', phone: '+216 22 333 444', doctorId: 'doc-1', priority: 'normal' });
    await reconnect(one, two);

    await converged(clinic.id, [one, two], [a.id, b.id, c.id]);
    const stored = await readDoc(db, clinic.id, 'entries', b.id);
    expect(stored).toMatchObject({ doctorId: 'doc-2', name: 'Bilel Ayari', phone: '+216 22 333 444' });
    expect(waitingQueue(await entriesOf(two.t), 'doc-2').map((e) => e.name)).toEqual(['Amel', 'Bilel Ayari', 'Chokri']);
  });

  it('when one desk removes a patient while the other corrects them, then the removal and the correction both stand; a restore later puts them back at their place everywhere', async () => {
    const clinic = await createClinic(db);
    const one = await desk(clinic, 'Desk one');
    const two = await desk(clinic, 'Desk two');
    const a = await one.actions.register(patient('Amel', null), crypto.randomUUID());
    const b = await one.actions.register(patient('Bilel', null), crypto.randomUUID());
    const c = await one.actions.register(patient('Chokri', null), crypto.randomUUID());
    await eventually(async () => expect(await two.t.db.entries.count().exec()).toBe(3));
    await live(two).ready;

    one.network.offline = true;
    two.network.offline = true;
    await one.actions.cancel(b.id, 'duplicate');
    await two.actions.correct(b.id, { name: 'Bilal', phone: null, doctorId: null, priority: 'normal' });
    await reconnect(two, one);

    await converged(clinic.id, [one, two], [a.id, b.id, c.id]);
    expect(await readDoc(db, clinic.id, 'entries', b.id)).toMatchObject({ status: 'cancelled', cancelReason: 'duplicate', name: 'Bilal' });

    await two.actions.restore(b.id);
    await eventually(async () => expect(waitingQueue(await entriesOf(one.t)).map((e) => e.name)).toEqual(['Amel', 'Bilal', 'Chokri']));
    await converged(clinic.id, [one, two], [a.id, b.id, c.id]);
    expect(await readDoc(db, clinic.id, 'entries', b.id)).toMatchObject({ status: 'waiting', cancelReason: null, rank: b.rank });
  });

  it('when both desks send the same patient to different doctors, then the later doctor stands on every device, and the urgency only one desk set stands too', async () => {
    const clinic = await createClinic(db);
    const one = await desk(clinic, 'Desk one');
    const two = await desk(clinic, 'Desk two');
    const a = await one.actions.register(patient('Amel', 'doc-1'), crypto.randomUUID());
    const b = await one.actions.register(patient('Bilel', null), crypto.randomUUID());
    await eventually(async () => expect(await two.t.db.entries.count().exec()).toBe(2));
    await live(two).ready;

    one.network.offline = true;
    two.network.offline = true;
    await one.actions.correct(b.id, { name: 'Bilel', phone: null, doctorId: 'doc-1', priority: 'urgent' });
    await new Promise((r) => setTimeout(r, 5));
    await two.actions.correct(b.id, { name: 'Bilel', phone: null, doctorId: 'doc-2', priority: 'normal' });
    await reconnect(one, two);

    await converged(clinic.id, [one, two], [a.id, b.id]);
    // The doctor is in the lifecycle group both changed: the later one wins. Only desk one changed the order group.
    expect(await readDoc(db, clinic.id, 'entries', b.id)).toMatchObject({ doctorId: 'doc-2', priority: 'urgent' });
  });

  it("when a doctor is marked absent with their patients sent on, and paused on another desk, then the doctor's document and the moved patients converge", async () => {
    const clinic = await createClinic(db);
    const one = await desk(clinic, 'Desk one');
    const two = await desk(clinic, 'Desk two');
    const a = await one.actions.register(patient('Amel', 'doc-2'), crypto.randomUUID());
    const b = await one.actions.register(patient('Bilel', 'doc-1'), crypto.randomUUID());
    const c = await one.actions.register(patient('Chokri', 'doc-2'), crypto.randomUUID());
    await eventually(async () => expect(await two.t.db.entries.count().exec()).toBe(3));

    one.network.offline = true;
    two.network.offline = true;
    const doctorOn = async (t: TestTablet) => (await t.db.doctors.findOne('doc-1').exec())!.toMutableJSON() as Doctor;
    await new DoctorActions(two.t.db.doctors).pause(await doctorOn(two.t), Date.now() + 30 * 60_000);
    await new DoctorActions(one.t.db.doctors).absent(await doctorOn(one.t), today(), true);
    await one.actions.transferAll('doc-1', 'doc-2');
    await reconnect(two, one);

    await converged(clinic.id, [one, two], [a.id, b.id, c.id]);
    await eventually(async () => {
      const server = await readDoc(db, clinic.id, 'doctors', 'doc-1');
      expect(server).toMatchObject({ absentDay: today() });
      for (const d of [one, two])
        expect(await doctorOn(d.t)).toMatchObject({ absentDay: today(), pausedUntil: (server as unknown as Doctor).pausedUntil });
    });
    expect(waitingQueue(await entriesOf(two.t), 'doc-2').map((e) => e.name)).toEqual(['Amel', 'Bilel', 'Chokri']);
  });
});
