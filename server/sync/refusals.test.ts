// A tablet whose pushes the server refuses keeps syncing everything else, both
// ways: a document refused for good is set aside with its reason, a
// suspended clinic's changes wait without holding back what comes down. Real
// RxDB tablets through the real server and database.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClinic, eventually, login, openTestDb, pushDocs, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import { IDBFactory } from 'fake-indexeddb';
import { EntryActions, Network, startTablet, type TestTablet } from '../../testkit/rx-client.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { clinicDay } from '../../shared/tickets.ts';
import type { Entry } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';
import { readDoc } from '../docs/reads.ts';
import { CLINIC_STATUS_CHANNEL } from '../billing/subscription.ts';
import { DOCTOR_DEFAULTS } from '../../shared/doc-defaults.ts';

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

async function tablet(clinic: TestClinic, name: string, opts: { fetch?: typeof fetch; suspendedRetryMs?: number } = {}) {
  const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name });
  const t = await startTablet(server.url, grant, {
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.suspendedRetryMs ? { suspendedRetryMs: opts.suspendedRetryMs } : {}),
  });
  tablets.push(t);
  await t.sync.awaitInSync();
  const actions = new EntryActions(t.db.entries, { clinicId: clinic.id, series: grant.device!.series }, today);
  return { t, grant, actions };
}

/** What an operator's status change does: the clinic row, and the word to every instance's streams at commit. */
async function setStatus(clinicId: string, status: 'suspended' | 'active') {
  await db.transaction(async (tx) => {
    await tx.query('UPDATE clinics SET status = $2 WHERE id = $1', [clinicId, status]);
    await tx.query('SELECT pg_notify($1, $2)', [CLINIC_STATUS_CHANNEL, `${clinicId}:${status}`]);
  });
}

const patient = (name: string) => ({ name, phone: null, doctorId: null, priority: 'normal' as const });

describe('a document the server refuses for good', () => {
  it('when a tablet pushes an invalid entry among valid ones, then it is set aside with its reason, the others sync, and other devices’ changes still arrive', async () => {
    const clinic = await createClinic(db);
    const network = new Network();
    const { t: desk, actions } = await tablet(clinic, 'Desk', { fetch: network.fetch });
    const { actions: other } = await tablet(clinic, 'Second desk');

    // Offline, so the three go up in one push. The bad one is what an older app or a bug
    // produces: written straight into the collection, past the app's own checks.
    network.offline = true;
    const before = await actions.register(patient('Before'), crypto.randomUUID());
    const bad = walkIn([], clinic.id, 'x'.repeat(500), { now: Date.now() });
    await desk.db.entries.insert({ ...bad, day: today() });
    const after = await actions.register(patient('After'), crypto.randomUUID());
    network.offline = false;
    desk.sync.reconnectNow();

    await eventually(async () => {
      expect(await readDoc(db, clinic.id, 'entries', before.id)).not.toBeNull();
      expect(await readDoc(db, clinic.id, 'entries', after.id)).not.toBeNull();
    });
    await eventually(() => expect(desk.sync.setAside.items$.value.map((i) => [i.doc.id, i.code])).toEqual([[bad.id, 'invalid_document']]));
    expect(desk.sync.setAside.items$.value[0]!.doc.name).toBe('x'.repeat(500));
    expect(await readDoc(db, clinic.id, 'entries', bad.id)).toBeNull();
    // The tablet shows what the server has: the refused entry waits aside, not in the queue.
    await eventually(async () => expect(await desk.db.entries.findOne(bad.id).exec()).toBeNull());

    // Both ways: another desk's patient reaches this tablet, and this tablet's next change reaches the server.
    const theirs = await other.register(patient('From the other desk'), crypto.randomUUID());
    await eventually(async () => expect(await desk.db.entries.findOne(theirs.id).exec()).not.toBeNull());
    const next = await actions.register(patient('Next'), crypto.randomUUID());
    await eventually(async () => expect(await readDoc(db, clinic.id, 'entries', next.id)).not.toBeNull());
    await eventually(() => expect(desk.sync.pending.count$.value).toBe(0));

    // Fixed by the receptionist and sent again, it syncs and leaves the list.
    await desk.sync.setAside.resend(`entries/${bad.id}`, { name: 'Fixed Name' });
    expect(desk.sync.setAside.items$.value).toEqual([]);
    await eventually(async () => expect(((await readDoc(db, clinic.id, 'entries', bad.id)) as Entry | null)?.name).toBe('Fixed Name'));
  });

  it('when a tablet activates a doctor beyond the plan, then that doctor is set aside as plan_limit and dropping it keeps the server’s copy', async () => {
    const clinic = await createClinic(db);
    const { t: desk, actions } = await tablet(clinic, 'Desk');
    const [limit] = await db.query<{ max_doctors: number }>(
      'SELECT p.max_doctors FROM clinics c JOIN plans p ON p.id = c.plan_id WHERE c.id = $1',
      [clinic.id],
    );
    const now = Date.now();
    const extra = Array.from({ length: limit!.max_doctors }, (_, i) => ({
      id: `doc-extra-${i}`,
      clinicId: clinic.id,
      name: `Dr Extra ${i}`,
      room: '',
      active: true,
      ...DOCTOR_DEFAULTS,
      updatedAt: now,
    }));
    await desk.db.doctors.bulkInsert(extra);
    // Another device's change comes down while this tablet's push is being refused.
    const theirs = walkIn([], clinic.id, 'Walk-in by another device');
    await pushDocs(db, clinic.id, 'entries', [{ newDocumentState: wire({ ...theirs, day: today() }) }]);
    await eventually(async () => expect(await desk.db.entries.findOne(theirs.id).exec()).not.toBeNull());
    // Exactly the doctors beyond the limit are refused; the others are on the server.
    await eventually(async () => {
      const onServer = await Promise.all(extra.map((d) => readDoc(db, clinic.id, 'doctors', d.id)));
      expect(onServer.filter(Boolean).length + desk.sync.setAside.items$.value.length).toBe(extra.length);
    });
    expect(new Set(desk.sync.setAside.items$.value.map((i) => i.code))).toEqual(new Set(['plan_limit']));
    const refused = desk.sync.setAside.items$.value.map((i) => i.doc.id);
    expect(refused.length).toBeGreaterThan(0);

    for (const key of desk.sync.setAside.items$.value.map((i) => i.key)) await desk.sync.setAside.drop(key);
    expect(desk.sync.setAside.items$.value).toEqual([]);
    for (const id of refused) expect(await desk.db.doctors.findOne(id).exec()).toBeNull();
    const next = await actions.register(patient('Next'), crypto.randomUUID());
    await eventually(async () => expect(await readDoc(db, clinic.id, 'entries', next.id)).not.toBeNull());
  });
});

describe('a suspended clinic', () => {
  it('when the tablet’s changes are refused as suspended, then the server’s changes (retention erasure) still reach it, and its changes sync on reactivation', async () => {
    const clinic = await createClinic(db);
    // The refused change would be offered again only after a minute: the downstream must not wait for it.
    let refusedPushes = 0;
    const counting: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).includes('/push') && res.status === 403) refusedPushes++;
      return res;
    };
    const { t: desk, actions } = await tablet(clinic, 'Desk', { suspendedRetryMs: 60_000, fetch: counting });
    const old = await actions.register(patient('Old Visit'), crypto.randomUUID());
    await eventually(async () => expect(await readDoc(db, clinic.id, 'entries', old.id)).not.toBeNull());

    await setStatus(clinic.id, 'suspended');
    await eventually(() => expect(desk.sync.status$.value.suspended).toBe(true));
    const during = await actions.register(patient('During'), crypto.randomUUID());
    await eventually(() => expect(refusedPushes).toBeGreaterThan(0));
    expect(await readDoc(db, clinic.id, 'entries', during.id)).toBeNull();

    // The system's duty goes on in a suspended clinic, as retention's erasure does.
    const copy = (await readDoc(db, clinic.id, 'entries', old.id)) as Entry & { _deleted: boolean };
    await pushDocs(
      db,
      clinic.id,
      'entries',
      [{ assumedMasterState: copy, newDocumentState: { ...copy, name: '—', updatedAt: copy.updatedAt + 1 } }],
      { whileSuspended: true },
    );
    await eventually(async () => expect((await desk.db.entries.findOne(old.id).exec())?.name).toBe('—'));
    expect((await desk.db.entries.findOne(during.id).exec())?.name).toBe('During');
    expect(desk.sync.pending.count$.value).toBe(1);

    await setStatus(clinic.id, 'active');
    await eventually(async () => expect(await readDoc(db, clinic.id, 'entries', during.id)).not.toBeNull());
    await eventually(() => expect(desk.sync.pending.count$.value).toBe(0));
  });

  it('when the app is reloaded during the suspension, after other changes came down, then its parked changes still sync on reactivation', async () => {
    const clinic = await createClinic(db);
    const indexedDB = new IDBFactory();
    const name = `desk-${crypto.randomUUID()}`;
    const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const first = await startTablet(server.url, grant, { indexedDB, name, suspendedRetryMs: 60_000 });
    await first.sync.awaitInSync();
    const actions = new EntryActions(first.db.entries, { clinicId: clinic.id, series: grant.device!.series }, today);
    const old = await actions.register(patient('Old Visit'), crypto.randomUUID());
    await eventually(async () => expect(await readDoc(db, clinic.id, 'entries', old.id)).not.toBeNull());

    await setStatus(clinic.id, 'suspended');
    await eventually(() => expect(first.sync.status$.value.suspended).toBe(true));
    const during = await actions.register(patient('During'), crypto.randomUUID());
    await eventually(() => expect(first.sync.pending.count$.value).toBe(1));
    // A change coming down is stored after the refused one.
    const copy = (await readDoc(db, clinic.id, 'entries', old.id)) as Entry & { _deleted: boolean };
    await pushDocs(
      db,
      clinic.id,
      'entries',
      [{ assumedMasterState: copy, newDocumentState: { ...copy, name: '—', updatedAt: copy.updatedAt + 1 } }],
      { whileSuspended: true },
    );
    await eventually(async () => expect((await first.db.entries.findOne(old.id).exec())?.name).toBe('—'));
    await first.close();

    await setStatus(clinic.id, 'active');
    const second = await startTablet(server.url, grant, { indexedDB, name, suspendedRetryMs: 60_000 });
    tablets.push(second);
    await eventually(async () => expect(await readDoc(db, clinic.id, 'entries', during.id)).not.toBeNull());
  });
});
