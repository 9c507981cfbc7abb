// Two tablets replicating through real server instances on a real database
// (Postgres with DATABASE_URL, PGlite otherwise).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addHistory, api, createClinic, eventually, login, openTestDb, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import { HISTORY_ZONE, pastVisits } from '../../testkit/history.ts';
import { Network, startTablet, type TestTablet } from '../../testkit/rx-client.ts';
import { walkIn } from '../../testkit/entries.ts';
import type { RunningServer } from '../main.ts';
import type { Entry } from '../../shared/schemas.ts';
import { readDoc } from '../docs/reads.ts';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let a: RunningServer;
let b: RunningServer;
const tablets: TestTablet[] = [];

beforeAll(async () => {
  db = await openTestDb();
  a = await startTestServer(db);
  b = await startTestServer(db);
});

// RxDB's free tier opens at most 13 collections per process: close each test's tablets.
afterEach(async () => {
  await Promise.all(tablets.splice(0).map((t) => t.close()));
});

afterAll(async () => {
  await a.close();
  await b.close();
  await db.dispose();
});

async function tabletOn(server: RunningServer, clinic: TestClinic, name: string, network?: Network) {
  const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name });
  const t = await startTablet(server.url, grant, network ? { fetch: network.fetch } : {});
  tablets.push(t);
  await t.sync.awaitInSync();
  return { t, grant };
}

const entriesOf = async (t: TestTablet) => (await t.db.entries.find().exec()).map((d) => d.toMutableJSON() as Entry);

describe('replication between two tablets', () => {
  it('when a tablet creates, updates and deletes an entry, then the tablet on the other instance sees each change through its stream', async () => {
    const clinic = await createClinic(db);
    const { t: one, grant } = await tabletOn(a, clinic, 'front desk');
    const { t: two } = await tabletOn(b, clinic, 'second desk');
    expect(await two.db.doctors.count().exec()).toBe(2);

    const e = walkIn([], clinic.id, 'Amel Haddad', { series: grant.device!.series });
    await one.db.entries.insert(e);
    await eventually(async () => expect((await two.db.entries.findOne(e.id).exec())?.name).toBe('Amel Haddad'));

    await (await one.db.entries.findOne(e.id).exec())!.incrementalPatch({ status: 'called', calledAt: Date.now(), updatedAt: Date.now() });
    await eventually(async () => expect((await two.db.entries.findOne(e.id).exec())?.status).toBe('called'));

    await (await one.db.entries.findOne(e.id).exec())!.remove();
    await eventually(async () => expect(await two.db.entries.findOne(e.id).exec()).toBeNull());
    expect((await readDoc(db, clinic.id, 'entries', e.id))!._deleted).toBe(true);
  });

  it('when both tablets of a clinic with history edit the same entry offline, then the conflict is reported, resolved by the rules, and both converge on the window', async () => {
    const clinic = await createClinic(db);
    await addHistory(db, clinic.id, pastVisits(clinic.id, { now: Date.now(), timeZone: HISTORY_ZONE, days: 10, perDay: 20, fromBack: 2 }));
    const netOne = new Network();
    const netTwo = new Network();
    const { t: one } = await tabletOn(a, clinic, 'one', netOne);
    const { t: two } = await tabletOn(b, clinic, 'two', netTwo);
    const e = walkIn([], clinic.id, 'Sami Ferchichi');
    await one.db.entries.insert(e);
    await eventually(async () => expect(await two.db.entries.findOne(e.id).exec()).not.toBeNull());

    netOne.offline = true;
    netTwo.offline = true;
    const conflicts: unknown[] = [];
    for (const t of [one, two]) t.sync.replications.entries.subjects.conflict.subscribe((c) => conflicts.push(c));
    await (await one.db.entries.findOne(e.id).exec())!.incrementalPatch({ rank: 'Zz', updatedAt: e.updatedAt + 10 });
    await (await two.db.entries.findOne(e.id).exec())!.incrementalPatch({
      status: 'called',
      calledAt: e.updatedAt + 20,
      doctorId: 'doc-1',
      updatedAt: e.updatedAt + 20,
    });
    netOne.offline = false;
    one.sync.reconnectNow();
    await one.sync.awaitInSync();
    netTwo.offline = false;
    two.sync.reconnectNow();

    await eventually(async () => {
      const [x, y] = [(await one.db.entries.findOne(e.id).exec())!.toJSON(), (await two.db.entries.findOne(e.id).exec())!.toJSON()];
      expect(x).toMatchObject({ rank: 'Zz', status: 'called', doctorId: 'doc-1' });
      expect(y).toMatchObject({ rank: 'Zz', status: 'called', doctorId: 'doc-1' });
    });
    expect(conflicts.length).toBeGreaterThan(0);
    expect(await readDoc(db, clinic.id, 'entries', e.id)).toMatchObject({ rank: 'Zz', status: 'called', doctorId: 'doc-1' });
    // The 200 past visits stayed on the server.
    for (const t of [one, two]) expect((await entriesOf(t)).map((x) => x.id)).toEqual([e.id]);
  });

  it('when a tablet is offline, then its local writes are kept, counted as unconfirmed, and pushed once the network is back', async () => {
    const clinic = await createClinic(db);
    const net = new Network();
    const { t: one, grant } = await tabletOn(a, clinic, 'one', net);
    const { t: two } = await tabletOn(b, clinic, 'two');
    const pending = one.sync.pending;
    await eventually(() => expect(pending.count$.value).toBe(0));
    net.offline = true;
    const added: Entry[] = [];
    for (let i = 0; i < 5; i++) {
      const e = walkIn(added, clinic.id, `Offline ${i}`, { series: grant.device!.series });
      added.push(e);
      await one.db.entries.insert(e);
    }
    expect((await entriesOf(one)).length).toBe(5);
    await eventually(() => expect(pending.count$.value).toBe(5));
    expect(one.sync.status$.value.phase).toBe('offline');
    net.offline = false;
    one.sync.reconnectNow();
    await eventually(async () => expect((await entriesOf(two)).map((e) => e.ticket).sort()).toEqual(added.map((e) => e.ticket).sort()));
    await eventually(() => expect(pending.count$.value).toBe(0));
    expect(one.sync.status$.value.phase).toBe('online');
  });
});

describe('the stream', () => {
  it('when a push goes through instance A, then a stream open on instance B receives it', async () => {
    const clinic = await createClinic(db);
    const staff = await login(a.url, clinic.emails.receptionist);
    const ctl = new AbortController();
    const res = await fetch(`${b.url}/api/sync/v1/stream`, {
      headers: { authorization: `Bearer ${staff.accessToken}`, 'x-doctorq-schema': String(SCHEMA_VERSION) },
      signal: ctl.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    const read = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })().catch(() => {});
    await eventually(() => expect(text).toContain('event: resync'));
    const e = walkIn([], clinic.id, 'Via A');
    const push = await api(a.url, '/api/sync/v1/entries/push', {
      token: staff.accessToken,
      body: [{ newDocumentState: { ...e, _deleted: false } }],
    });
    expect(push.status).toBe(200);
    await eventually(() => expect(text).toContain(e.id));
    // Frames are in order: the resync first, then the change.
    expect(text.indexOf('event: resync')).toBeLessThan(text.indexOf('event: changes'));
    ctl.abort();
    await read;
  });
  it('when the servers can no longer verify the tablet access token (JWT_SECRET rotated), then it refreshes and keeps syncing instead of stopping as revoked', async () => {
    // Before, ClinicSync took any 401 unauthenticated for a revocation: after a key rotation every
    // tablet stopped syncing until signed in again, though its refresh token (kept in the database) was valid.
    const clinic = await createClinic(db);
    const grant = await login(a.url, clinic.emails.receptionist, { kind: 'reception', name: 'front desk' });
    const [head, payload, signature] = grant.accessToken.split('.');
    const unverifiable = { ...grant, accessToken: `${head}.${payload}.${[...signature!].reverse().join('')}` };
    const t = await startTablet(a.url, unverifiable);
    tablets.push(t);
    await t.sync.awaitInSync();
    await eventually(() => expect(t.sync.status$.value.phase).toBe('online'));
    expect(t.auth.current.accessToken).not.toBe(unverifiable.accessToken);
    expect(await t.db.doctors.count().exec()).toBe(2);
  });
});
