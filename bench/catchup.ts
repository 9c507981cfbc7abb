// Priority 3: real RxDB tablets (the app's own ClinicDb and ClinicSync) in
// Node, replicating through the real server:
// - reconnect: a tablet makes CHANGES entries offline, the network comes back;
//   time until the server confirmed every one (the tablet's unconfirmed count
//   reaches 0 and the rows are in Postgres);
// - cold sync: a new tablet signs in to a clinic holding DOCS documents; time
//   until it holds them all and replication is in sync.
// Both with Dexie on fake-indexeddb (what the tests use; the browser uses real
// IndexedDB) and with RxDB's memory storage (the replication cost alone).
// - first sync with history (issue 15): a new tablet of a clinic with a year of
//   visits vs one with a week, both holding the same window (shared/window.ts).
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openClinicDb } from '../client/db/database.ts';
import { ClinicSync } from '../client/db/replication.ts';
import { TokenAuth } from '../client/db/auth.ts';
import { Network } from '../testkit/rx-client.ts';
import type { Database } from '../server/db/database.ts';
import type { Grant } from '../server/auth/sessions.ts';
import { until, withTimeout } from './support/bounded.ts';
import { createClinic, EntryFactory, insertEntries, PASSWORD } from './support/clinic.ts';
import { keepAliveAgent, ok, requestJson } from './support/http.ts';
import { now } from './support/stats.ts';
import type { Target } from './support/target.ts';
import { analyze } from './support/db.ts';
import { dayBefore, dayOfVisits, pastVisits } from '../testkit/history.ts';
import type { Entry } from '../shared/schemas.ts';
import { DEFAULT_PAST_DAYS, entryInWindow, windowBounds } from '../shared/window.ts';

/** The zone of the bench clinics: clinics.time_zone's default (they have no settings document). */
const BENCH_ZONE = 'Africa/Tunis';

export type StorageKind = 'dexie (fake-indexeddb)' | 'memory';
export interface CatchupCell {
  storage: StorageKind;
  scenario: 'reconnect' | 'cold sync';
  docs: number;
  totalMs: number;
  afterFirstRequestMs: number | null;
  timedOut: boolean;
}

/** The test tablets' push retry (the app's default is 2 s): see the README on what it bounds. */
const RETRY_MS = 300;
const STORAGES: Record<StorageKind, () => RxStorage<unknown, unknown>> = {
  'dexie (fake-indexeddb)': () => getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }) as RxStorage<unknown, unknown>,
  memory: () => withIndexLengths(getRxStorageMemory() as RxStorage<unknown, unknown>),
};

/**
 * The app's entries schema indexes `day` without a maxLength (shared Day is a
 * regex only). Dexie does not care; the memory storage needs it to build index
 * keys (and dev-mode refuses it: SC34). Until the schema says `.length(10)`,
 * the bench hands the memory storage the schema with that bound added.
 */
function withIndexLengths(storage: RxStorage<unknown, unknown>): RxStorage<unknown, unknown> {
  return {
    ...storage,
    createStorageInstance(params) {
      const props = params.schema.properties as Record<string, { type?: unknown; maxLength?: number }>;
      const indexed = new Set((params.schema.indexes ?? []).flat());
      const patched = Object.fromEntries(
        Object.entries(props).map(([k, v]) => [
          k,
          indexed.has(k) && v.type === 'string' && v.maxLength === undefined ? { ...v, maxLength: 10 } : v,
        ]),
      );
      return storage.createStorageInstance({ ...params, schema: { ...params.schema, properties: patched } as typeof params.schema });
    },
  };
}

async function openTablet(storage: StorageKind, url: string, grant: Grant, fetchFn: typeof fetch) {
  const db = await openClinicDb(`bench-${randomUUID()}`, STORAGES[storage]());
  const auth = new TokenAuth(url, grant, undefined, fetchFn);
  const sync = new ClinicSync(db, { baseUrl: url, auth, identifier: grant.device!.id, retryMs: RETRY_MS, fetch: fetchFn });
  return {
    db,
    sync,
    async close() {
      await sync.stop();
      await db.close();
    },
  };
}

async function signIn(db: Database, target: Target) {
  const clinic = await createClinic(db);
  const agent = keepAliveAgent(1);
  const grant = await ok(
    requestJson<Grant>(agent, `${target.url}/api/auth/login`, {
      body: { email: clinic.receptionist, password: PASSWORD, device: { kind: 'reception', name: `bench ${randomUUID().slice(0, 6)}` } },
    }),
    'login',
  );
  agent.destroy();
  return { clinic, grant };
}

const serverCount = async (db: Database, clinicId: string) =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE clinic_id = $1 AND collection = 'entries'`, [clinicId]))[0]!.n;

export async function runReconnect(
  storage: StorageKind,
  changes: number,
  timeoutMs: number,
  db: Database,
  target: Target,
): Promise<CatchupCell> {
  const { clinic, grant } = await signIn(db, target);
  const net = new Network();
  // Notes when the first push goes out after the network is back: the rest is the sync itself.
  let online = false;
  let firstPushAt: number | null = null;
  const fetchFn: typeof fetch = (input, init) => {
    if (online && firstPushAt === null && init?.method === 'POST') firstPushAt = now();
    return net.fetch(input, init);
  };
  const t = await openTablet(storage, target.url, grant, fetchFn);
  try {
    await t.sync.awaitInSync();
    net.offline = true;
    const factory = new EntryFactory(clinic.id, grant.device!.series);
    await t.db.entries.bulkInsert(factory.many(changes));
    await until(() => t.sync.pending.count$.value === changes, timeoutMs, 'offline changes counted');
    const t0 = now();
    online = true;
    net.offline = false;
    t.sync.reconnectNow();
    let timedOut = false;
    try {
      await until(
        async () => t.sync.pending.count$.value === 0 && (await serverCount(db, clinic.id)) === changes,
        timeoutMs,
        'reconnect catch-up',
        10,
      );
    } catch {
      timedOut = true;
    }
    const end = now();
    return {
      storage,
      scenario: 'reconnect',
      docs: changes,
      totalMs: end - t0,
      afterFirstRequestMs: firstPushAt === null ? null : end - firstPushAt,
      timedOut,
    };
  } finally {
    await t.close();
  }
}

export async function runColdSync(
  storage: StorageKind,
  docs: number,
  timeoutMs: number,
  db: Database,
  target: Target,
): Promise<CatchupCell> {
  const { clinic, grant } = await signIn(db, target);
  await insertEntries(db, clinic.id, new EntryFactory(clinic.id, 'C').many(docs));
  const t0 = now();
  const t = await openTablet(storage, target.url, grant, (input, init) => fetch(input, init));
  let timedOut = false;
  try {
    // awaitInSync resolves once the initial pull ran and replication is idle; the count confirms it.
    await withTimeout(t.sync.awaitInSync(), timeoutMs, 'cold sync');
    await until(async () => (await t.db.entries.count().exec()) === docs, timeoutMs, 'cold sync count', 50);
  } catch {
    timedOut = true;
  }
  const totalMs = now() - t0;
  await t.close();
  return { storage, scenario: 'cold sync', docs, totalMs, afterFirstRequestMs: null, timedOut };
}

export interface WindowCell {
  /** Days of history before today, at `perDay` visits a day, plus today's. */
  historyDays: number;
  perDay: number;
  serverDocs: number;
  /** Visits inside the window (shared/window.ts) at the time of the run: what a tablet must hold. */
  windowDocs: number;
  /** Each new tablet's first sync, ms (rounds alternate between the clinics). */
  firstSyncMs: number[];
  /** The most visits any of those tablets stored. */
  storedMax: number;
  /** The server's side alone: every entries pull a new tablet makes (from 0, 200 a batch), over HTTP, ms per run. */
  serverPullMs: number[];
  timedOut: boolean;
}

/** Pulls a clinic's entries from the start as a new tablet does, over HTTP; returns the documents received. */
async function pullAll(agent: http.Agent, url: string, token: string): Promise<number> {
  let seq = 0;
  let n = 0;
  for (;;) {
    const r = await ok(
      requestJson<{ documents: unknown[]; checkpoint: { seq: number } }>(agent, `${url}/api/sync/v1/entries/pull?seq=${seq}&limit=200`, {
        token,
      }),
      'pull',
    );
    n += r.documents.length;
    seq = r.checkpoint.seq;
    if (r.documents.length < 200) return n;
  }
}

/** Today's visits in a bench clinic: the day's last few still waiting, the rest seen. */
function historyOf(clinicId: string, days: number, perDay: number, now: number): Entry[] {
  const today = dayOfVisits(clinicId, dayBefore(now, BENCH_ZONE, 0), perDay, BENCH_ZONE);
  for (const e of today.slice(-5)) Object.assign(e, { status: 'waiting', calledAt: null, startedAt: null, endedAt: null });
  return [...pastVisits(clinicId, { now, timeZone: BENCH_ZONE, days, perDay }), ...today];
}

/**
 * Issue 15: a new tablet's first sync in a clinic with a long history and in
 * one with a week of it, side by side (rounds alternate), real RxDB + Dexie on
 * fake-indexeddb. Both clinics' windows hold the same visits (today's and
 * yesterday's), so with the window the two should cost the same.
 */
export async function runWindowedFirstSync(
  cfg: { historyDays: number[]; perDay: number; rounds: number; pullRounds: number; timeoutMs: number },
  db: Database,
  target: Target,
): Promise<WindowCell[]> {
  const at = Date.now();
  const clinics = [];
  for (const days of cfg.historyDays) {
    const { clinic, grant } = await signIn(db, target);
    const visits = historyOf(clinic.id, days, cfg.perDay, at);
    await insertEntries(db, clinic.id, visits);
    const b = windowBounds(at, BENCH_ZONE, DEFAULT_PAST_DAYS);
    const cell: WindowCell = {
      historyDays: days,
      perDay: cfg.perDay,
      serverDocs: visits.length,
      windowDocs: visits.filter((e) => entryInWindow(e, b)).length,
      firstSyncMs: [],
      storedMax: 0,
      serverPullMs: [],
      timedOut: false,
    };
    clinics.push({ grant, cell });
  }
  await analyze(db);
  const agent = keepAliveAgent(1);
  for (let round = 0; round < cfg.pullRounds; round++) {
    for (const { grant, cell } of round % 2 ? [...clinics].reverse() : clinics) {
      const t0 = now();
      const n = await pullAll(agent, target.url, grant.accessToken);
      cell.serverPullMs.push(now() - t0);
      if (n !== cell.windowDocs) throw new Error(`the pull sent ${n} visits, the window holds ${cell.windowDocs}`);
    }
  }
  agent.destroy();
  for (let round = 0; round < cfg.rounds; round++) {
    for (const { grant, cell } of round % 2 ? [...clinics].reverse() : clinics) {
      const t0 = now();
      const t = await openTablet('dexie (fake-indexeddb)', target.url, grant, (input, init) => fetch(input, init));
      try {
        await withTimeout(t.sync.awaitInSync(), cfg.timeoutMs, 'windowed first sync');
        await until(async () => (await t.db.entries.count().exec()) >= cell.windowDocs, cfg.timeoutMs, 'windowed first sync count', 20);
        cell.firstSyncMs.push(now() - t0);
        cell.storedMax = Math.max(cell.storedMax, await t.db.entries.count().exec());
      } catch {
        cell.timedOut = true;
      } finally {
        await t.close();
      }
    }
  }
  return clinics.map((c) => c.cell);
}
