// Failures other offline-first apps met, one test each, named after them:
// the real tablet code (RxDB on fake IndexedDB, ClinicSync, EntryActions)
// against a real server, with the network broken where the failure needs it.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { RxStorage } from 'rxdb';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openClinicDb, type ClinicDb } from '../client/db/database.ts';
import { ClinicSync } from '../client/db/replication.ts';
import { TokenAuth } from '../client/db/auth.ts';
import { EntryActions } from '../client/reception/entries.ts';
import { uuidv7 } from '../shared/ids.ts';
import { deepEqual } from '../shared/equal.ts';
import { CollectionName, DEFAULT_TIME_ZONE, type Entry } from '../shared/schemas.ts';
import { clinicDay } from '../shared/tickets.ts';
import type { Grant } from '../server/auth/sessions.ts';
import type { RunningServer } from '../server/main.ts';
import { listDocs, pullDocs, readDoc } from '../server/docs/reads.ts';
import { api, createClinic, eventually, login, openTestDb, startTestServer, type TestClinic } from '../testkit/harness.ts';
import { startTablet, type TestTablet } from '../testkit/rx-client.ts';
import { walkIn, wire } from '../testkit/entries.ts';
import { ChaosNet } from './net.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});

// RxDB's free tier opens at most 13 collections per process: close every tablet.
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close().catch(() => {})));
});

afterAll(async () => {
  await server.close();
  await db.dispose();
});

// Today: the server's day-close job would close a past day's visits a minute after it starts.
const DAY = clinicDay(Date.now(), DEFAULT_TIME_ZONE);
const newId = () => uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
const desk = (clinic: TestClinic, name: string) => login(server.url, clinic.emails.receptionist, { kind: 'reception', name });

async function tablet(grant: Grant, net: ChaosNet, opts: { indexedDB?: IDBFactory; name?: string } = {}): Promise<TestTablet> {
  const t = await startTablet(server.url, grant, { fetch: net.fetch, ...opts });
  open.push(t);
  return t;
}

const actionsOf = (t: { db: ClinicDb }, grant: Grant) =>
  new EntryActions(t.db.entries, { clinicId: grant.clinic.id, series: grant.device!.series }, () => DAY);
const local = async (t: { db: ClinicDb }, id: string) => (await t.db.entries.findOne(id).exec())?.toMutableJSON() as Entry | undefined;
const withoutDeleted = ({ _deleted, ...doc }: Entry & { _deleted?: boolean }): Entry => doc;
async function onServer(clinicId: string, id: string): Promise<Entry | undefined> {
  const doc = await readDoc<Entry>(db, clinicId, 'entries', id);
  return doc ? withoutDeleted(doc) : undefined;
}
async function serverEntries(clinicId: string): Promise<Entry[]> {
  const docs = await listDocs<Entry>(db, clinicId, 'entries', { withDeleted: true });
  return docs.map(withoutDeleted).sort((a, b) => (a.id < b.id ? -1 : 1));
}
const entriesOf = async (t: { db: ClinicDb }) =>
  (await t.db.entries.find({ sort: [{ id: 'asc' }] }).exec()).map((d) => d.toMutableJSON() as Entry);

/** Another desk writing straight to the server (its own push, as its tablet would send it). */
async function otherDesk(clinic: TestClinic) {
  const grant = await desk(clinic, 'other desk');
  return {
    grant,
    async push(doc: Entry, assumed?: Entry) {
      const res = await api<{ conflicts: unknown[] }>(server.url, '/api/sync/v1/entries/push', {
        token: grant.accessToken,
        body: [{ ...(assumed ? { assumedMasterState: wire(assumed) } : {}), newDocumentState: wire(doc) }],
      });
      expect(res.status).toBe(200);
      expect(res.body.conflicts).toEqual([]);
    },
  };
}

/** The sequence of the clinic's latest entries commit. */
async function entriesSeq(clinicId: string): Promise<number> {
  return (await pullDocs(db, clinicId, 'entries', { seq: 0 }, 10_000)).checkpoint.seq;
}

/**
 * A tablet whose entry was registered while its stream was down (so its
 * checkpoint stays before the entry), then reconnected with its catch-up
 * pulls' answers held: each has read the entry as registered.
 */
async function entryBehindHeldPull(clinic: TestClinic) {
  const grant = await desk(clinic, 'front desk');
  const net = new ChaosNet();
  const t = await tablet(grant, net);
  const actions = actionsOf(t, grant);
  await eventually(() => expect(net.liveStreams).toBe(1));
  net.streamsDown = true;
  net.cut('stream');
  const e = await actions.register({ name: 'Amel Haddad', phone: null, doctorId: null, priority: 'normal' }, newId());
  await eventually(async () => expect(await onServer(clinic.id, e.id)).toEqual(e));
  await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
  const releasePull = net.holdPullAnswers();
  net.streamsDown = false;
  t.sync.reconnectNow();
  // One resync pull per collection.
  await eventually(() => expect(net.heldPullAnswers).toBe(CollectionName.options.length));
  return { t, actions, e, net, releasePull };
}

/**
 * Waits, instead of sleeping, until the tablet has dealt with the server's
 * entries up to `seq`: stored them (its checkpoint passed `seq`), or received
 * them (as `received` tells from the stream's account) and holds them back
 * behind the push in progress. What it did with them by then is what it does.
 */
async function tookIn(t: { sync: ClinicSync }, seq: number, received: (d: ReturnType<ClinicSync['downstream']>) => boolean) {
  await eventually(() => {
    const d = t.sync.downstream('entries');
    expect(d.storedSeq >= seq || (d.heldBack && received(d)), `entries downstream ${JSON.stringify(d)}, waiting for ${seq}`).toBe(true);
  });
}

/** Every entry of the tablet equals the server's, and the server has nothing the tablet lacks. */
async function expectSameAsServer(t: { db: ClinicDb }, clinicId: string) {
  expect(deepEqual(await entriesOf(t), await serverEntries(clinicId))).toBe(true);
}

describe('named regressions', () => {
  it('RxDB #5843: offline edit while the server copy changed', async () => {
    // The report: a document changed on the server while the device was
    // offline and was edited on the device too; back online, the pull ran
    // before the push, the checkpoint moved past the server's version and the
    // conflict resolver never saw it. Here the device comes back while its
    // pushes still fail, so the resync and the stream get their chance first
    // (RxDB 17 holds them back while a push is pending: the push then meets
    // the server's version as a conflict).
    const clinic = await createClinic(db);
    const grant = await desk(clinic, 'front desk');
    const other = await otherDesk(clinic);
    const net = new ChaosNet();
    const t = await tablet(grant, net);
    await t.sync.awaitInSync();
    const e = walkIn([], clinic.id, 'Amel Haddad', { series: grant.device!.series, now: Date.now() - 10_000 });
    await t.db.entries.insert(e);
    await eventually(async () => expect(await onServer(clinic.id, e.id)).toEqual(e));
    const conflicts: { input: { realMasterState: Entry } }[] = [];
    t.sync.replications.entries.conflict$.subscribe((c) => conflicts.push(c as never));

    net.offline = true;
    // The other desk calls the patient (the lifecycle fields)...
    const called: Entry = { ...e, status: 'called', doctorId: 'doc-1', calledAt: e.updatedAt + 1000, updatedAt: e.updatedAt + 1000 };
    await other.push(called, e);
    // ...while this desk, offline, corrects the name (the identity fields), later.
    await (await t.db.entries.findOne(e.id).exec())!.incrementalModify((d) => ({
      ...d,
      name: 'Amel Haddad Ben Ali',
      updatedAt: e.updatedAt + 2000,
    }));

    // Back online with pushes still failing.
    const calledSeq = await entriesSeq(clinic.id);
    const heard = t.sync.downstream('entries').received;
    net.pushFault = 'network';
    net.offline = false;
    t.sync.reconnectNow();
    // The new stream's resync reached the tablet (it covers the call, committed before).
    await tookIn(t, calledSeq, (d) => d.received > heard);
    // The pulled copy did not overwrite the unpushed edit.
    expect((await local(t, e.id))!.name).toBe('Amel Haddad Ben Ali');
    expect(t.sync.pending.count$.value).toBe(1);

    net.pushFault = 'none';
    const merged = { ...called, name: 'Amel Haddad Ben Ali', updatedAt: e.updatedAt + 2000 };
    await eventually(async () => {
      expect(await onServer(clinic.id, e.id)).toEqual(merged);
      expect(await local(t, e.id)).toEqual(merged);
    });
    // The conflict handler saw the server's version.
    expect(conflicts.some((c) => c.input.realMasterState.status === 'called')).toBe(true);
    // And the checkpoint is still live: the next change on the server arrives.
    const started: Entry = { ...merged, status: 'in_consultation', startedAt: merged.updatedAt + 1000, updatedAt: merged.updatedAt + 1000 };
    await other.push(started, merged);
    await eventually(async () => expect(await local(t, e.id)).toEqual(started));
    await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
    await expectSameAsServer(t, clinic.id);
  });

  it('RxDB #3103: pull after a failed push', async () => {
    // The report: after a push failed, a pull ran and documents were skipped.
    // Here pushes fail with HTTP 500 for a while; meanwhile the other desk
    // registers a patient and changes the one this desk is editing. Nothing
    // may be skipped either way: the local edits stay and are pushed, the
    // other desk's changes all arrive.
    const clinic = await createClinic(db);
    const grant = await desk(clinic, 'front desk');
    const other = await otherDesk(clinic);
    const net = new ChaosNet();
    const t = await tablet(grant, net);
    const actions = actionsOf(t, grant);
    const e1 = await actions.register({ name: 'Sami Ferchichi', phone: null, doctorId: null, priority: 'normal' }, newId());
    await t.sync.awaitInSync();
    await eventually(async () => expect(await onServer(clinic.id, e1.id)).toBeDefined());
    const pushErrors: unknown[] = [];
    t.sync.replications.entries.error$.subscribe((err) => pushErrors.push(err));

    net.pushFault = 'http500';
    const e2 = await actions.register({ name: 'Ines Gharbi', phone: null, doctorId: null, priority: 'normal' }, newId());
    const before = (await local(t, e1.id))!;
    await (await t.db.entries.findOne(e1.id).exec())!.incrementalModify((d) => ({
      ...d,
      name: 'Sami Ferchichi Jr',
      updatedAt: before.updatedAt + 500,
    }));
    await eventually(() => expect(pushErrors.length).toBeGreaterThan(0));
    await eventually(() => expect(t.sync.pending.count$.value).toBe(2));

    // The other desk works meanwhile.
    const f = walkIn([], clinic.id, 'Karim Trabelsi', { series: other.grant.device!.series });
    await other.push(f);
    const e1Server = (await onServer(clinic.id, e1.id))!;
    await other.push({ ...e1Server, priority: 'urgent', updatedAt: e1Server.updatedAt + 1000 }, e1Server);
    // A pull that runs now must not skip anything: whether the stream's change
    // events wait for the failing push (RxDB holds them while a push runs) or
    // not, the documents are read again from the checkpoint later.
    t.sync.reconnectNow();
    const urgentSeq = await entriesSeq(clinic.id);
    await tookIn(t, urgentSeq, (d) => d.receivedSeq >= urgentSeq);
    expect((await local(t, e1.id))!.name).toBe('Sami Ferchichi Jr');
    expect(await local(t, e2.id)).toBeDefined();

    net.pushFault = 'none';
    await eventually(async () => {
      const s1 = await onServer(clinic.id, e1.id);
      expect(s1).toMatchObject({ name: 'Sami Ferchichi Jr', priority: 'urgent' });
      expect(await onServer(clinic.id, e2.id)).toEqual(e2);
      expect(await local(t, f.id)).toEqual(f);
      expect(await local(t, e1.id)).toEqual(s1);
    });
    await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
    await expectSameAsServer(t, clinic.id);
  });

  it('tab closed / page reloaded before its push finished: pushed on next start', async () => {
    const clinic = await createClinic(db);
    const grant = await desk(clinic, 'front desk');
    const indexedDB = new IDBFactory();
    const name = `tab-${randomUUID()}`;
    const net = new ChaosNet();
    const first = await tablet(grant, net, { indexedDB, name });
    const actions = actionsOf(first, grant);
    const kept = await actions.register({ name: 'Leila Mansour', phone: null, doctorId: null, priority: 'normal' }, newId());
    await eventually(async () => expect(await onServer(clinic.id, kept.id)).toEqual(kept));

    // The server never answers pushes: they hang in flight.
    net.pushFault = 'hang';
    const added = await actions.register({ name: 'Omar Chebbi', phone: '+216 22 333 444', doctorId: 'doc-2', priority: 'urgent' }, newId());
    await actions.callNext(null);
    await eventually(() => expect(net.inFlight('push')).toBeGreaterThan(0));
    await eventually(() => expect(first.sync.pending.count$.value).toBe(2));
    const unsent = await entriesOf(first);
    // The page goes away mid-push.
    await first.close();
    open.splice(open.indexOf(first), 1);
    expect(await onServer(clinic.id, added.id)).toBeUndefined();
    expect((await onServer(clinic.id, kept.id))!.status).toBe('waiting');

    // Next start, same IndexedDB, network fine: the changes go out.
    const again = await tablet(grant, new ChaosNet(), { indexedDB, name });
    expect((await entriesOf(again)).length).toBe(2);
    await eventually(async () => expect(await serverEntries(clinic.id)).toEqual(unsent));
    await eventually(() => expect(again.sync.pending.count$.value).toBe(0));
    await expectSameAsServer(again, clinic.id);
  });

  it('hibernated leader tab', async () => {
    // Moot by design, and shown: the reception app has no leader tab. Its
    // database is opened with multiInstance: false and every tab replicates
    // its own writes (waitForLeadership: false; client/db/database.ts and
    // replication.ts), so a frozen tab blocks nobody: another tab opened on the
    // same IndexedDB syncs its own writes, and also pushes what the frozen tab
    // left unsynced in IndexedDB (RxDB's upstream starts from its stored
    // checkpoint). When the frozen tab wakes, both converge.
    // In a browser the two tabs are separate JavaScript contexts; in this one
    // process RxDB's closeDuplicates would close the first database, so the
    // second tab's storage carries another name in RxDB's in-process registry
    // while using the same IndexedDB (same factory, same database name).
    // Caveat seen here, not asserted: without multiInstance, tab 1's live
    // queries get no events for tab 2's writes (its screen lacks y until a
    // reload), although its storage and the server hold y.
    const clinic = await createClinic(db);
    const grant = await desk(clinic, 'front desk');
    const indexedDB = new IDBFactory();
    const name = `tabs-${randomUUID()}`;
    const openTab = async (net: ChaosNet, registryName: string) => {
      const dexie = getRxStorageDexie({ indexedDB, IDBKeyRange });
      const storage = Object.create(dexie, { name: { value: registryName } }) as RxStorage<unknown, unknown>;
      const tabDb = await openClinicDb(name, storage);
      const auth = new TokenAuth(server.url, grant, undefined, net.fetch);
      const sync = new ClinicSync(tabDb, { baseUrl: server.url, auth, identifier: grant.device!.id, retryMs: 300, fetch: net.fetch });
      const tab = {
        db: tabDb,
        sync,
        close: async () => {
          await sync.stop();
          await tabDb.close();
        },
      };
      open.push(tab);
      return tab;
    };
    const net1 = new ChaosNet();
    const tab1 = await openTab(net1, 'dexie');
    const a1 = actionsOf(tab1, grant);
    const s = await a1.register({ name: 'Nour Bouazizi', phone: null, doctorId: null, priority: 'normal' }, newId());
    await eventually(async () => expect(await onServer(clinic.id, s.id)).toEqual(s));

    // Tab 1 is frozen: it does not run, its network does nothing, it is not closed.
    net1.offline = true;
    const x = await a1.register({ name: 'Hedi Ayari', phone: null, doctorId: null, priority: 'normal' }, newId());

    const net2 = new ChaosNet();
    const tab2 = await openTab(net2, 'dexie-second-tab');
    const a2 = actionsOf(tab2, grant);
    // The series counter sees tab 1's ticket in IndexedDB: no duplicate ticket.
    const y = await a2.register({ name: 'Yasmine Ben Ali', phone: null, doctorId: null, priority: 'normal' }, newId());
    expect(y.ticket).not.toBe(x.ticket);
    await eventually(async () => {
      expect(await onServer(clinic.id, y.id)).toEqual(y);
      expect(await onServer(clinic.id, x.id)).toEqual(x);
    });
    await eventually(() => expect(tab2.sync.pending.count$.value).toBe(0));

    // Tab 1 wakes up.
    net1.offline = false;
    tab1.sync.reconnectNow();
    await eventually(async () => expect(await local(tab1, y.id)).toEqual(y));
    await eventually(() => expect(tab1.sync.pending.count$.value).toBe(0));
    expect((await serverEntries(clinic.id)).map((e) => e.id).sort()).toEqual([s.id, x.id, y.id].sort());
    await expectSameAsServer(tab1, clinic.id);
    await expectSameAsServer(tab2, clinic.id);
  });

  it('IndexedDB wiped: re-syncs from the server; only unconfirmed changes are lost and their count was shown', async () => {
    const clinic = await createClinic(db);
    const grant = await desk(clinic, 'front desk');
    const name = `wiped-${randomUUID()}`;
    const net = new ChaosNet();
    const t = await tablet(grant, net, { indexedDB: new IDBFactory(), name });
    const actions = actionsOf(t, grant);
    for (const n of ['Amel Haddad', 'Sami Ferchichi', 'Ines Gharbi'])
      await actions.register({ name: n, phone: null, doctorId: null, priority: 'normal' }, newId());
    await eventually(async () => expect((await serverEntries(clinic.id)).length).toBe(3));
    await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
    const confirmed = await serverEntries(clinic.id);

    // Offline work: two registrations and a call; the screen shows the count.
    net.offline = true;
    await actions.register({ name: 'Karim Trabelsi', phone: null, doctorId: null, priority: 'normal' }, newId());
    await actions.register({ name: 'Mehdi Jaziri', phone: null, doctorId: null, priority: 'normal' }, newId());
    await actions.callNext('doc-1');
    await eventually(() => expect(t.sync.pending.count$.value).toBe(3));
    const shown = t.sync.pending.count$.value!;
    const before = await entriesOf(t);

    // The browser wipes the site's storage.
    await t.close();
    open.splice(open.indexOf(t), 1);
    const fresh = await tablet(grant, new ChaosNet(), { indexedDB: new IDBFactory(), name });
    await eventually(async () => expect(await entriesOf(fresh)).toEqual(confirmed));
    await eventually(() => expect(fresh.sync.pending.count$.value).toBe(0));

    const after = new Map((await entriesOf(fresh)).map((e) => [e.id, e]));
    const lost = before.filter((e) => !deepEqual(after.get(e.id), e));
    expect(lost.length).toBe(shown);
    expect(await serverEntries(clinic.id)).toEqual(confirmed);
  });

  it('push committed but its answer lost, then another desk changed the entry: the next edit merges instead of overwriting', async () => {
    // Found by the #5843 test under load and by the reconnect fuzz. RxDB
    // records the server's copy only from an answered push, so after a lost
    // answer its next push of the document carries an older assumedMasterState,
    // or none for a new document. The conflict handler then merged against the
    // wrong base: with none, the later updatedAt won whole and the other desk's
    // call was overwritten (the patient went back to waiting); with an older
    // one, this desk's own unanswered change looked like the other desk's and
    // its next edit of the same fields lost. ClinicSync now merges against the
    // unanswered state, and keeps it across a reload.
    const clinic = await createClinic(db);
    const grant = await desk(clinic, 'front desk');
    const other = await otherDesk(clinic);
    for (const mode of ['new entry', 'new entry, page reloaded', 'entry the server had'] as const) {
      const indexedDB = new IDBFactory();
      const name = `lost-answer-${randomUUID()}`;
      const net = new ChaosNet();
      let t = await tablet(grant, net, { indexedDB, name });
      await t.sync.awaitInSync();
      const actions = actionsOf(t, grant);
      let sent: Entry;
      if (mode === 'entry the server had') {
        const e = await actions.register({ name: 'Omar Chebbi', phone: null, doctorId: null, priority: 'normal' }, newId());
        await eventually(async () => expect(await onServer(clinic.id, e.id)).toEqual(e));
        await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
        net.pushFault = 'lose-response';
        await (await t.db.entries.findOne(e.id).exec())!.incrementalModify((d) => ({
          ...d,
          name: 'Omar Chebbi Sr',
          updatedAt: e.updatedAt + 1,
        }));
        sent = { ...e, name: 'Omar Chebbi Sr', updatedAt: e.updatedAt + 1 };
      } else {
        net.pushFault = 'lose-response';
        sent = await actions.register({ name: 'Omar Chebbi', phone: null, doctorId: null, priority: 'normal' }, newId());
      }
      await eventually(async () => expect(await onServer(clinic.id, sent.id)).toEqual(sent));
      net.pushFault = 'network';
      if (mode === 'new entry, page reloaded') {
        await t.close();
        open.splice(open.indexOf(t), 1);
      }
      // The other desk changes the entry: calls the patient, or makes them urgent.
      const theirs: Entry =
        mode === 'entry the server had'
          ? { ...sent, priority: 'urgent', updatedAt: sent.updatedAt + 10 }
          : { ...sent, status: 'called', doctorId: 'doc-2', calledAt: sent.updatedAt + 10, updatedAt: sent.updatedAt + 10 };
      await other.push(theirs, sent);
      if (mode === 'new entry, page reloaded') {
        net.offline = true;
        t = await tablet(grant, net, { indexedDB, name });
      }
      // This desk, still without an answer, corrects the name (before the other desk's change, by its clock).
      await (await t.db.entries.findOne(sent.id).exec())!.incrementalModify((d) => ({
        ...d,
        name: 'Omar Chebbi Jr',
        updatedAt: sent.updatedAt + 5,
      }));
      net.offline = false;
      net.pushFault = 'none';
      t.sync.reconnectNow();
      const merged: Entry = { ...theirs, name: 'Omar Chebbi Jr' };
      await eventually(async () => {
        expect(await onServer(clinic.id, sent.id)).toEqual(merged);
        expect(await local(t, sent.id)).toEqual(merged);
      });
      await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
    }
  });

  it('stream reconnected while a push hangs: the catch-up pull is not dropped (RxDB 17 discards a RESYNC queued behind change events)', async () => {
    // Found by the convergence test. While a push is in flight RxDB holds the
    // stream's change events back; if the stream drops and comes back
    // meanwhile, its RESYNC queues behind them, and RxDB's downstream queue
    // drops a RESYNC that follows change events in one batch. The next live
    // event then moves the checkpoint past everything committed while the
    // stream was down. ClinicSync sends the RESYNC twice so one survives.
    const clinic = await createClinic(db);
    const grant = await desk(clinic, 'front desk');
    const other = await otherDesk(clinic);
    const net = new ChaosNet();
    const t = await tablet(grant, net);
    const actions = actionsOf(t, grant);
    const mine = await actions.register({ name: 'Amel Haddad', phone: null, doctorId: null, priority: 'normal' }, newId());
    await eventually(async () => expect(await onServer(clinic.id, mine.id)).toEqual(mine));
    const theirs = (n: string) => walkIn([], clinic.id, n, { series: other.grant.device!.series });

    net.pushFault = 'hang';
    await actions.callNext(null);
    await eventually(() => expect(net.inFlight('push')).toBeGreaterThan(0));
    const held = theirs('Held back while the push hangs');
    await other.push(held);
    const heldSeq = await entriesSeq(clinic.id);
    await eventually(() => expect(t.sync.downstream('entries')).toMatchObject({ receivedSeq: heldSeq, heldBack: true }));
    net.streamsDown = true;
    net.cut('stream');
    const missed = theirs('Registered while the stream was down');
    await other.push(missed);
    const heard = t.sync.downstream('entries').received;
    net.streamsDown = false;
    t.sync.reconnectNow();
    // The new stream's RESYNC queues behind the held change.
    await eventually(() => expect(t.sync.downstream('entries').received).toBeGreaterThan(heard));
    const live = theirs('Registered after the stream came back');
    await other.push(live);
    const liveSeq = await entriesSeq(clinic.id);
    await eventually(() => expect(t.sync.downstream('entries')).toMatchObject({ receivedSeq: liveSeq, heldBack: true }));
    net.pushFault = 'none';
    net.cut('push');

    await eventually(async () => {
      for (const e of [held, missed, live]) expect(await local(t, e.id)).toEqual(e);
    }, 5000);
    await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
    await expectSameAsServer(t, clinic.id);
  });
  it("a pull read before the tablet's own push committed and answered after it does not put the older state back", async () => {
    // Found by the convergence test: a resync pull read the entry before the
    // tablet's no-show committed, RxDB stored that answer once the push ended,
    // over the no-show, and the patient was back in the queue (then pushed
    // back to the server as a local edit).
    const clinic = await createClinic(db);
    const { t, actions, e, net, releasePull } = await entryBehindHeldPull(clinic);
    const seen: string[] = [];
    const sub = t.db.entries.findOne(e.id).$.subscribe((d) => {
      if (d) seen.push(d.status);
    });
    // The pulls' answers wait while the no-show is pushed and committed.
    await actions.markNoShow(e.id);
    await eventually(async () => expect((await onServer(clinic.id, e.id))?.status).toBe('no_show'));
    await eventually(() => expect(net.inFlight('push')).toBe(0));
    releasePull();
    await tookIn(t, await entriesSeq(clinic.id), () => false);
    await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
    sub.unsubscribe();

    expect(seen.slice(seen.indexOf('no_show'))).not.toContain('waiting');
    expect(await local(t, e.id)).toMatchObject({ status: 'no_show' });
    expect((await onServer(clinic.id, e.id))?.status).toBe('no_show');
  });
  it("a stream event the server read before the tablet's next push, stored after it, does not put the older copy back", async () => {
    // Found by the reconnect fuzz (seed 3412441567): the echo of the tablet's
    // own edit waited behind a catch-up pull while the tablet pushed a second
    // edit; RxDB then stored the echo over the second edit (the name went
    // back), and the receptionist's next edit was made on the older copy.
    const clinic = await createClinic(db);
    const grant = await desk(clinic, 'front desk');
    const net = new ChaosNet();
    const t = await tablet(grant, net);
    const actions = actionsOf(t, grant);
    await eventually(() => expect(net.liveStreams).toBe(1));
    const e = await actions.register({ name: 'Amel Haddad', phone: null, doctorId: null, priority: 'normal' }, newId());
    await eventually(async () => expect(await onServer(clinic.id, e.id)).toEqual(e));
    await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
    const rename = (name: string) => actions.correct(e.id, { name, phone: null, doctorId: null, priority: 'normal' });

    // The stream comes back and its catch-up pulls' answers are held: the downstream is busy...
    net.streamsDown = true;
    net.cut('stream');
    const releasePull = net.holdPullAnswers();
    net.streamsDown = false;
    t.sync.reconnectNow();
    await eventually(() => expect(net.heldPullAnswers).toBe(CollectionName.options.length));
    // ...when the first edit's echo comes down the stream: it waits.
    await rename('Amel Haddad-Ben Salah');
    await eventually(async () => expect((await onServer(clinic.id, e.id))?.name).toBe('Amel Haddad-Ben Salah'));
    const echoSeq = await entriesSeq(clinic.id);
    await eventually(() => expect(t.sync.downstream('entries').receivedSeq).toBe(echoSeq));
    // The second edit is pushed and answered, its echo never comes (the stream is cut).
    net.streamsDown = true;
    net.cut('stream');
    const seen: string[] = [];
    const sub = t.db.entries.findOne(e.id).$.subscribe((d) => {
      if (d) seen.push(d.name);
    });
    await rename('Amel Ben Salah');
    await eventually(async () => expect((await onServer(clinic.id, e.id))?.name).toBe('Amel Ben Salah'));
    await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
    releasePull();
    await eventually(async () => {
      await t.sync.awaitInSync();
      expect(t.sync.downstream('entries').heldBack).toBe(false);
    });
    await t.sync.awaitInSync();
    sub.unsubscribe();

    expect(seen.slice(seen.indexOf('Amel Ben Salah'))).not.toContain('Amel Haddad-Ben Salah');
    expect((await local(t, e.id))?.name).toBe('Amel Ben Salah');
  });
  it("a pull read before another desk's change, answered after this tablet's conflicting edit was merged and pushed, does not put the older copy back", async () => {
    const clinic = await createClinic(db);
    const other = await otherDesk(clinic);
    const { t, actions, e, net, releasePull } = await entryBehindHeldPull(clinic);
    const seen: string[] = [];
    const sub = t.db.entries.findOne(e.id).$.subscribe((d) => {
      if (d) seen.push(`${d.name}/${d.priority}`);
    });
    // The pulls' answers wait while another desk makes the patient urgent and this desk, on its copy from
    // before, corrects the name: the push conflicts, the two edits are merged, and the merge is pushed and answered.
    await other.push({ ...e, priority: 'urgent', updatedAt: e.updatedAt + 1 }, e);
    await actions.correct(e.id, { name: 'Amel Ben Salah', phone: null, doctorId: null, priority: 'normal' });
    await eventually(async () => expect(await onServer(clinic.id, e.id)).toMatchObject({ name: 'Amel Ben Salah', priority: 'urgent' }));
    await eventually(() => expect(t.sync.pending.count$.value).toBe(0));
    await eventually(() => expect(net.inFlight('push')).toBe(0));
    releasePull();
    await tookIn(t, await entriesSeq(clinic.id), () => false);
    await t.sync.awaitInSync();
    sub.unsubscribe();

    expect(seen.slice(seen.indexOf('Amel Ben Salah/urgent'))).toEqual(['Amel Ben Salah/urgent']);
    expect(await local(t, e.id)).toMatchObject({ name: 'Amel Ben Salah', priority: 'urgent' });
    expect(await onServer(clinic.id, e.id)).toMatchObject({ name: 'Amel Ben Salah', priority: 'urgent' });
  });
});
