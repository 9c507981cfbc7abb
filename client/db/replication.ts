// Replicates the three collections with the server: RxDB's pull and push
// handlers over HTTP, plus one stream per device that feeds every
// collection's stream$ (browsers allow ~6 connections per origin: one stream,
// never one per collection). The parts live beside it: the authenticated
// fetch and the stream reader in client/net/, the unsynced count in
// pending.ts, unanswered pushes in unanswered.ts, a suspended clinic's pause
// in suspension.ts. This file wires them to RxDB and says what the sync is doing.
import { BehaviorSubject, Subject } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxReplicationPullStreamItem } from 'rxdb';
import {
  SCHEMA_VERSION,
  SCHEMA_VERSION_HEADER,
  STREAM_PATH,
  pullPath,
  pushPath,
  type Checkpoint,
  type PullResponse,
  type StreamEvent,
} from '../../shared/protocol.ts';
import { REVOKED_CODE, SUSPENDED_CODE, UNAUTHENTICATED_CODE, refusedForGood } from '../../shared/errors.ts';
import type { CollectionName } from '../../shared/schemas.ts';
import { syncVerdictsOf, type ClinicDb, type PushRefusals } from './database.ts';
import type { SupersededCopies } from './superseded.ts';
import { SetAside } from './set-aside.ts';
import { PendingChanges } from './pending.ts';
import { Suspension } from './suspension.ts';
import { WindowPurge } from './window-purge.ts';
import { UnansweredPushes, type Doc, type PushRow } from './unanswered.ts';
import { authedFetch, type TokenSource } from '../net/authed-fetch.ts';
import { type DeviceClock, deviceClock } from './device-clock.ts';
import { openDeviceStream, type DeviceStream, type Next } from '../net/device-stream.ts';
import type { BackoffPolicy } from '../../shared/backoff.ts';

/** The tablet's tokens: TokenAuth (auth.ts). */
export type SyncAuth = TokenSource;

export type SyncPhase = 'connecting' | 'online' | 'offline' | 'revoked' | 'outdated' | 'stopped';
/**
 * suspended: the server refuses this clinic's new changes (its subscription is
 * suspended), as its stream says or a refused push showed. Reading goes on;
 * the changes wait here and the sync keeps offering them, so they land once
 * the clinic is reactivated (at once when the stream says so).
 */
export interface SyncStatus {
  phase: SyncPhase;
  lastSyncAt: number | null;
  suspended: boolean;
}

export interface SyncOptions {
  baseUrl: string;
  auth: SyncAuth;
  fetch?: typeof fetch;
  /** Distinguishes this device's checkpoints, e.g. the device id. */
  identifier: string;
  retryMs?: number;
  /** How often a suspended clinic's refused changes are offered again. */
  suspendedRetryMs?: number;
  pullBatchSize?: number;
  pushBatchSize?: number;
  /** The clock the window is purged by (window-purge.ts). */
  clock?: () => number;
  /** Learns the server's time from every answer (device-clock.ts); the page's clock by default. */
  deviceClock?: DeviceClock;
}

const COLLECTION_NAMES: CollectionName[] = ['settings', 'doctors', 'entries', 'appointments'];
const PARKED_ID = 'sync-parked';
/** A suspended clinic's pushes are offered again this often by default, not at RxDB's retry pace. */
const SUSPENDED_RETRY_MS = 10_000;
/** The tablet's stream comes back sooner than a phone's: the receptionist is watching its sync state. */
const STREAM_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 10_000, jitter: 0.25 };

class Suspended extends Error {
  constructor() {
    super(SUSPENDED_CODE);
  }
}

/** The server refused the push for good (invalid, over a limit): `code` is its error code. */
class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface PushOutcome {
  conflicts: Doc[];
  refused: { row: PushRow; code: string; message: string }[];
  parked: PushRow[];
}

class Terminal extends Error {
  constructor(readonly phase: 'revoked' | 'outdated') {
    super(phase);
  }
}

export class ClinicSync {
  readonly status$ = new BehaviorSubject<SyncStatus>({ phase: 'connecting', lastSyncAt: null, suspended: false });
  readonly replications: Record<CollectionName, RxReplicationState<unknown, Checkpoint>>;
  /** Local changes the server has not confirmed yet. */
  readonly pending: PendingChanges;
  private readonly unanswered: UnansweredPushes;
  private readonly suspension: Suspension;
  /** Documents the server refused for good, waiting for the receptionist. */
  readonly setAside: SetAside;
  /** Visits and appointments outside the window leave this device, never the server. */
  readonly window: WindowPurge;
  private readonly refusals: PushRefusals;
  private readonly superseded: SupersededCopies;
  /** Changes refused while the clinic is suspended, by collection: offered again by offerParked(). */
  private readonly parked = new Map<CollectionName, Set<string>>();
  private readonly parkedLoaded: Promise<void>;
  /** Parked changes left by the previous run are offered once this run's sync is up. */
  private parkedFromLastRun = true;
  private readonly streams = new Map<CollectionName, Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>>();
  private readonly stream: DeviceStream;
  private readonly fetch: typeof fetch;
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(
    private readonly db: ClinicDb,
    private readonly opts: SyncOptions,
  ) {
    ({ refusals: this.refusals, superseded: this.superseded } = syncVerdictsOf(db));
    this.parkedLoaded = db.getLocal<{ map: Partial<Record<CollectionName, string[]>> }>(PARKED_ID).then(
      (doc) => {
        for (const [name, ids] of Object.entries(doc?.get('map') ?? {}) as [CollectionName, string[]][]) {
          const set = this.parked.get(name) ?? new Set<string>();
          for (const id of ids) set.add(id);
          this.parked.set(name, set);
        }
      },
      (err: unknown) => console.warn('could not read the parked changes', err),
    );
    this.setAside = new SetAside(db);
    this.fetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
    const reps = {} as Record<CollectionName, RxReplicationState<unknown, Checkpoint>>;
    for (const name of COLLECTION_NAMES) {
      const stream$ = new Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>();
      this.streams.set(name, stream$);
      reps[name] = replicateRxCollection<unknown, Checkpoint>({
        replicationIdentifier: `doctorq-${opts.identifier}-${name}`,
        collection: db[name] as never,
        live: true,
        retryTime: opts.retryMs ?? 2000,
        waitForLeadership: false,
        pull: {
          batchSize: opts.pullBatchSize ?? 200,
          handler: (cp, batchSize) => this.pull(name, cp, batchSize),
          stream$: stream$.asObservable(),
        },
        push: {
          batchSize: opts.pushBatchSize ?? 100,
          handler: (rows) => this.push(name, rows as unknown as PushRow[]),
        },
      });
    }
    this.replications = reps;
    this.pending = new PendingChanges(db, reps);
    this.window = new WindowPurge(db, reps, this.pending, opts.clock);
    this.unanswered = new UnansweredPushes(db, reps);
    this.suspension = new Suspension(opts.suspendedRetryMs ?? SUSPENDED_RETRY_MS, this.abort.signal, () => {
      void this.offerParked().catch((err: unknown) => {
        if (!this.stopped) console.warn('could not offer the parked changes again', err);
      });
    });
    this.suspension.suspended$.subscribe((suspended) => {
      if (this.status$.value.suspended !== suspended) this.status$.next({ ...this.status$.value, suspended });
    });
    this.stream = openDeviceStream({
      backoff: STREAM_BACKOFF,
      open: (signal) => this.openStream(signal),
      onMessage: (msg) => this.onStreamEvent(JSON.parse(msg.data) as StreamEvent),
      onDown: () => this.setPhase('offline'),
    });
    for (const name of COLLECTION_NAMES) {
      const heard = { received: 0, receivedSeq: 0 };
      this.heard.set(name, heard);
      reps[name].remoteEvents$.subscribe((ev) => {
        heard.received++;
        if (ev !== 'RESYNC') heard.receivedSeq = Math.max(heard.receivedSeq, ev.checkpoint.seq);
      });
    }
  }

  /**
   * One push handler call. It always ends with an answer for RxDB, never a
   * retry loop, unless the network or the server failed: RxDB holds back
   * every change coming down while a push is in progress, so a tablet whose
   * pushes keep being refused would stop seeing the other devices' changes.
   * - A push refused for good (an invalid document, a plan limit) is split in
   *   halves until the refused document is alone; it is set aside
   *   (set-aside.ts) and reported to RxDB as a conflict whose resolution is
   *   the server's copy, so RxDB stops pushing it; the rest syncs.
   * - A push refused for now (suspension) is parked: reported as a conflict
   *   whose resolution fails on purpose (database.ts), so RxDB leaves it
   *   unpushed, and offered again later (suspension.ts).
   * - For each row the server took or answered with a conflict, the copy the
   *   row assumed is remembered as one the server has moved past (superseded.ts).
   */
  private async push(name: CollectionName, all: PushRow[]): Promise<Doc[]> {
    // A purge's deletions are answered here, as written: the server keeps the documents.
    const rows = await this.window.dropPurges(name, all);
    if (rows.length === 0) return [];
    await this.unanswered.beforePush(name, rows);
    const mark = this.suspension.mark();
    const out: PushOutcome = { conflicts: [], refused: [], parked: [] };
    await this.send(name, rows, out);
    if (out.parked.length < rows.length) {
      this.suspension.accepted();
      this.markSynced();
    }
    // RxDB hands each conflicting row's assumedMasterState to the conflict handler as the base.
    this.unanswered.answered(name, rows, out.conflicts);
    // Taken or answered with a conflict, the server has moved past the copy the row assumed; a refused row's may still be its copy.
    const unwritten = new Set([...out.refused.map((r) => r.row), ...out.parked]);
    for (const row of rows) {
      if (row.assumedMasterState && !unwritten.has(row)) this.superseded.replaced(name, row.assumedMasterState);
    }
    const reported = [...out.conflicts];
    for (const { row, code, message } of out.refused) {
      await this.setAside.add(name, row.newDocumentState, code, message);
      this.refusals.set(name, row.newDocumentState.id, 'set_aside');
      // The copy RxDB believes the server has (a deleted one for a document the server never had) becomes the tablet's again.
      reported.push(row.assumedMasterState ?? { ...row.newDocumentState, _deleted: true });
    }
    if (out.parked.length > 0) {
      const ids = this.parked.get(name) ?? new Set<string>();
      this.parked.set(name, ids);
      for (const row of out.parked) {
        ids.add(row.newDocumentState.id);
        this.refusals.set(name, row.newDocumentState.id, 'park');
        reported.push(row.newDocumentState);
      }
      await this.saveParked();
      this.suspension.refused(mark);
    }
    return reported;
  }

  /** Sends `rows`, halving a push refused for good until each refused document is alone. */
  private async send(name: CollectionName, rows: PushRow[], out: PushOutcome): Promise<void> {
    try {
      const res = await this.call(pushPath(name), { method: 'POST', body: JSON.stringify(rows) });
      out.conflicts.push(...((await res.json()) as { conflicts: Doc[] }).conflicts);
    } catch (err) {
      if (err instanceof Suspended) {
        out.parked.push(...rows);
      } else if (err instanceof Refused && rows.length === 1) {
        out.refused.push({ row: rows[0]!, code: err.code, message: err.message });
      } else if (err instanceof Refused) {
        const half = Math.ceil(rows.length / 2);
        await this.send(name, rows.slice(0, half), out);
        await this.send(name, rows.slice(half), out);
      } else {
        // No answer, or an error that may have come after the commit: RxDB retries the whole push.
        await this.unanswered.unansweredPush(name, rows);
        throw err;
      }
    }
  }

  /** The parked changes are pushed again: each is written again as it is, which RxDB sees as a change to push. */
  private async offerParked(): Promise<void> {
    await this.parkedLoaded;
    const parked = [...this.parked];
    this.parked.clear();
    await this.saveParked();
    for (const [name, ids] of parked) {
      let missing = false;
      for (const doc of await this.db[name]
        .findByIds([...ids])
        .exec()
        .then((m) => [...m.values()])) {
        await doc.incrementalModify((d: unknown) => d as never);
      }
      // A parked deletion cannot be found to be written again: RxDB's own catch-up from its checkpoint offers it.
      if ((await this.db[name].findByIds([...ids]).exec()).size < ids.size) missing = true;
      if (missing) this.streams.get(name)?.next('RESYNC');
    }
  }

  /**
   * The parked ids survive a reload: RxDB's upstream checkpoint moves past a
   * parked document as soon as anything else is stored (a change coming
   * down), so its own catch-up after a restart would not offer it again.
   */
  private async saveParked(): Promise<void> {
    if (this.db.closed) return;
    const map = Object.fromEntries([...this.parked].map(([name, ids]) => [name, [...ids]]));
    await this.db.upsertLocal(PARKED_ID, { map }).catch((err: unknown) => console.warn('could not save the parked changes', err));
  }

  /** Stream events each collection's replication received (RESYNC included), and the highest sequence they carried. */
  private readonly heard = new Map<CollectionName, { received: number; receivedSeq: number }>();

  /**
   * Where the server's changes to a collection stand on this device, without
   * I/O: `storedSeq`, the server sequence they were taken in up to (RxDB's
   * downstream checkpoint, written once the pulled documents were stored or
   * deliberately left alone); `received` and `receivedSeq`, the stream events
   * the replication received and the highest sequence they carried; `heldBack`,
   * some of them wait behind a push in progress (RxDB takes the server's changes
   * in once the push ended, never in the middle of it).
   */
  downstream(name: CollectionName): { storedSeq: number; received: number; receivedSeq: number; heldBack: boolean } {
    const state = this.replications[name].internalReplicationState;
    const { received, receivedSeq } = this.heard.get(name)!;
    return {
      storedSeq: (state?.lastCheckpointDoc.down?.checkpointData as Checkpoint | undefined)?.seq ?? 0,
      received,
      receivedSeq,
      heldBack: received > (state?.stats.down.masterChangeStreamEmit ?? 0),
    };
  }

  /** Resolves when every collection has pushed and pulled everything known. */
  async awaitInSync(): Promise<void> {
    await Promise.all(Object.values(this.replications).map((r) => r.awaitInSync()));
  }

  /** Network came back: skip the remaining backoff. */
  reconnectNow(): void {
    this.stream.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.stream.stop();
    this.pending.stop();
    this.window.stop();
    this.unanswered.stop();
    await Promise.all(Object.values(this.replications).map((r) => r.cancel()));
    this.setPhase('stopped');
  }

  private setPhase(phase: SyncPhase): void {
    const cur = this.status$.value;
    if (cur.phase === phase || cur.phase === 'revoked' || cur.phase === 'outdated' || cur.phase === 'stopped') return;
    this.status$.next({ ...cur, phase });
  }

  private markSynced(): void {
    this.status$.next({ ...this.status$.value, lastSyncAt: Date.now() });
  }

  /**
   * A pull's answer may cross one of this device's own pushes (read before
   * the push committed, stored after it was answered): the copies that push
   * assumed are known (superseded.ts), so RxDB does not store them over it.
   */
  private async pull(name: CollectionName, cp: Checkpoint | undefined, limit: number): Promise<PullResponse> {
    const res = await this.call(`${pullPath(name)}?seq=${cp?.seq ?? 0}&limit=${limit}`, { method: 'GET' });
    const body = (await res.json()) as PullResponse;
    this.markSynced();
    if (body.window) await this.window.heard(body.window);
    return body;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return { ...extra, [SCHEMA_VERSION_HEADER]: String(SCHEMA_VERSION) };
  }

  /** One authenticated request; terminal answers stop the sync; a suspended clinic's refusal is Suspended. */
  private async call(path: string, init: { method: string; body?: string }): Promise<Response> {
    const clock = this.opts.deviceClock ?? deviceClock;
    const sentAt = clock.physicalNow();
    const r = await authedFetch(
      this.opts.auth,
      this.opts.baseUrl + path,
      { ...init, signal: this.abort.signal, headers: this.headers({ 'content-type': 'application/json' }) },
      this.fetch,
    );
    if (r.kind === 'revoked') this.terminate('revoked');
    if (r.kind === 'offline') throw new Error(`${init.method} ${path}: the expired token could not be refreshed`);
    const { res, error } = r;
    clock.heardResponse(res, sentAt);
    if (res.ok) return res;
    const code = error?.code;
    this.terminal(res.status, code);
    if (res.status === 403 && code === SUSPENDED_CODE) throw new Suspended();
    if (init.method === 'POST' && refusedForGood(res.status, code)) throw new Refused(code ?? String(res.status), error?.message ?? '');
    throw new Error(`${init.method} ${path}: ${res.status} ${code ?? ''}`);
  }

  /** The answers after which syncing cannot go on: a revoked device, an app older than the server's schema. */
  private terminal(status: number, code: string | undefined): void {
    if (status === 401 && (code === REVOKED_CODE || code === UNAUTHENTICATED_CODE)) this.terminate('revoked');
    if (status === 426) this.terminate('outdated');
  }

  private terminate(phase: 'revoked' | 'outdated'): never {
    if (!this.stopped) {
      this.status$.next({ ...this.status$.value, phase });
      this.stopped = true;
      this.abort.abort();
      this.stream?.stop();
      // Local documents stay: the receptionist still sees the queue and what was not synced.
      void Promise.all(Object.values(this.replications).map((r) => r.cancel()));
    }
    throw new Terminal(phase);
  }

  private async openStream(signal: AbortSignal): Promise<Response | Next> {
    try {
      const r = await authedFetch(
        this.opts.auth,
        this.opts.baseUrl + STREAM_PATH,
        { signal, headers: this.headers({ accept: 'text/event-stream' }) },
        this.fetch,
      );
      if (r.kind === 'revoked') this.terminate('revoked');
      if (r.kind === 'offline') return 'retry';
      if (r.res.ok) return r.res;
      this.terminal(r.res.status, r.error?.code);
      return 'retry';
    } catch (err) {
      if (err instanceof Terminal) return 'stop';
      throw err;
    }
  }

  private async onStreamEvent(ev: StreamEvent): Promise<Next> {
    if (ev.type === 'resync') {
      this.setPhase('online');
      this.markSynced();
      // Twice, on purpose. RxDB 17's downstream queue (startReplicationDownstream,
      // replication-protocol/downstream.js) takes queued tasks in one batch and,
      // when a RESYNC follows change events in that batch, shifts the RESYNC out
      // and drops it. Change events from the previous connection are often still
      // queued here (they wait while a push runs), so the catch-up pull would not
      // happen and the next live event's checkpoint would skip every document
      // committed while the device was away. The second RESYNC stays queued and
      // is processed on its own; when nothing precedes them, the second one is
      // skipped as already covered by the first one's pull.
      for (const s of this.streams.values()) {
        s.next('RESYNC');
        s.next('RESYNC');
      }
      if (this.parkedFromLastRun) {
        this.parkedFromLastRun = false;
        void this.offerParked().catch((err: unknown) => {
          if (!this.stopped) console.warn('could not offer the parked changes again', err);
        });
      }
      void this.pending.reconcileWhenInSync(
        () => this.awaitInSync(),
        () => this.stopped,
      );
    } else if (ev.type === 'changes') {
      this.streams.get(ev.collection)?.next({ documents: ev.documents as never[], checkpoint: ev.checkpoint });
    } else if (ev.type === 'auth') {
      if (ev.reason === 'revoked' || (await this.opts.auth.refresh()) === 'revoked') {
        try {
          this.terminate('revoked');
        } catch {
          return 'stop';
        }
      }
      return 'reconnect';
    } else if (ev.type === 'bye') {
      return 'reconnect';
    } else if (ev.type === 'replaced') {
      // Backing off: two live copies of one session beyond the server's cap would otherwise replace each other in a tight loop.
      return 'retry';
    } else if (ev.type === 'clinic') {
      this.suspension.heard(ev.status === 'suspended');
    }
    return 'continue';
  }
}
