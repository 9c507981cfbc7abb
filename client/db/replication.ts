// Replicates the three collections with the server: RxDB's pull and push
// handlers over HTTP, plus one stream per device that feeds every
// collection's stream$ (browsers allow ~6 connections per origin: one stream,
// never one per collection).
import { BehaviorSubject, Subject, merge } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxReplicationPullStreamItem } from 'rxdb';
import {
  HEARTBEAT_MS,
  SCHEMA_VERSION,
  SCHEMA_VERSION_HEADER,
  STREAM_PATH,
  pullPath,
  pushPath,
  type Checkpoint,
  type PullResponse,
  type StreamEvent,
} from '../../shared/protocol.ts';
import type { CollectionName } from '../../shared/schemas.ts';
import type { ClinicDb } from './database.ts';
import { readSse } from './sse.ts';
import { PendingChanges } from './pending.ts';
import { deepEqual } from '../../shared/equal.ts';
import { ENTRY_GROUPS } from '../../shared/merge.ts';
import { SUSPENDED_CODE } from '../../shared/saas.ts';

export interface SyncAuth {
  /** The current access token, or null when signed out. */
  accessToken(): Promise<string | null>;
  /**
   * The server said the token expired: get a new one; null if the server
   * could not be reached, 'revoked' if it refused (the device was revoked or
   * its session ended).
   */
  refresh(): Promise<string | null | 'revoked'>;
}

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
}

const COLLECTION_NAMES: CollectionName[] = ['settings', 'doctors', 'entries'];
const UNANSWERED_ID = 'sync-unanswered';
type Doc = { id: string; _deleted: boolean } & Record<string, unknown>;
type PushRow = { assumedMasterState?: Doc; newDocumentState: Doc };
const unansweredKey = (c: CollectionName, d: unknown) => `${c}/${(d as { id: string }).id}`;

/**
 * The base to merge a conflict against when a push of `sent` went unanswered:
 * per field group, `sent` where the server's copy still shows it (the server
 * took it), the assumed state elsewhere (or `sent` when there is none: then the
 * server's copy can only descend from what this device sent).
 */
function mergeBase(assumed: Doc | undefined, sent: Doc, real: Doc, groups: readonly (readonly string[])[]): Doc {
  if (!assumed) return sent;
  const grouped = new Set(groups.flat());
  const all = [
    ...groups,
    ...Object.keys({ ...assumed, ...sent, ...real })
      .filter((k) => !grouped.has(k))
      .map((k) => [k]),
  ];
  const base: Record<string, unknown> = { ...assumed };
  for (const g of all) {
    if (g.every((k) => deepEqual(real[k], sent[k]))) for (const k of g) base[k] = sent[k];
  }
  return base as Doc;
}
const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000];
/** A suspended clinic's pushes are offered again this often by default, not at RxDB's retry pace. */
const SUSPENDED_RETRY_MS = 10_000;
/** Two missed heartbeats: the connection is dead even if TCP has not noticed. */
const STALL_MS = HEARTBEAT_MS * 2 + 5000;

class Suspended extends Error {
  constructor() {
    super(SUSPENDED_CODE);
  }
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
  private readonly streams = new Map<CollectionName, Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>>();
  private readonly fetch: typeof fetch;
  private abort = new AbortController();
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly db: ClinicDb,
    private readonly opts: SyncOptions,
  ) {
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
    this.unansweredLoaded = db.getLocal<{ map: Record<string, Doc> }>(UNANSWERED_ID).then(
      (doc) => {
        this.unanswered = { ...(doc?.get('map') ?? {}), ...this.unanswered };
      },
      // Unreadable (the database is closing): merges fall back to RxDB's own base, as before this record existed.
      (err: unknown) => console.warn('could not read unanswered pushes', err),
    );
    for (const name of COLLECTION_NAMES) {
      const heard = { received: 0, receivedSeq: 0 };
      this.heard.set(name, heard);
      reps[name].remoteEvents$.subscribe((ev) => {
        heard.received++;
        if (ev !== 'RESYNC') heard.receivedSeq = Math.max(heard.receivedSeq, ev.checkpoint.seq);
      });
    }
    for (const name of COLLECTION_NAMES) {
      // Once the server's copy is known (accepted or pulled), RxDB has the base itself.
      merge(reps[name].sent$, reps[name].received$).subscribe((doc) => {
        const k = unansweredKey(name, doc);
        this.lastConflict.delete(k);
        if (this.unanswered[k]) {
          delete this.unanswered[k];
          void this.saveUnanswered();
        }
      });
    }
    void this.streamLoop();
  }

  /**
   * Pushes whose answer never came. The server may or may not have written
   * them, but RxDB only learns the server's copy from an answer, so its next
   * push of such a document carries an older assumedMasterState (none at all
   * for a new document). Should the server's copy have moved on meanwhile, the
   * conflict handler then merges against the wrong base: the device's own
   * unanswered change looks like someone else's, or with no base the later
   * updatedAt wins whole. Another desk's call or this desk's later edit was
   * lost that way. So the first unanswered state of each document is kept
   * (in a local document, across reloads) until RxDB has the server's copy,
   * and a conflict is merged against it wherever the server's copy still
   * shows it.
   */
  private unanswered: Record<string, Doc> = {};
  private readonly unansweredLoaded: Promise<void>;
  /** The server's copy last returned as a conflict, per document: once RxDB assumes it, the kept state is obsolete. */
  private readonly lastConflict = new Map<string, Doc>();

  private async push(name: CollectionName, rows: PushRow[]): Promise<Doc[]> {
    await this.unansweredLoaded;
    let dirty = false;
    for (const row of rows) {
      const k = unansweredKey(name, row.newDocumentState);
      const seen = this.lastConflict.get(k);
      if (this.unanswered[k] && row.assumedMasterState && seen && deepEqual(row.assumedMasterState, seen)) {
        delete this.unanswered[k];
        dirty = true;
      }
      // A new document whose first push went unanswered: the server has that state or nothing.
      if (!row.assumedMasterState && this.unanswered[k]) row.assumedMasterState = this.unanswered[k];
    }
    let conflicts: Doc[];
    const statusHeard = this.statusEvents;
    try {
      const res = await this.call(pushPath(name), { method: 'POST', body: JSON.stringify(rows) });
      conflicts = ((await res.json()) as { conflicts: Doc[] }).conflicts;
    } catch (err) {
      // No answer, or an error that may have come after the commit.
      for (const row of rows) {
        const k = unansweredKey(name, row.newDocumentState);
        if (!this.unanswered[k]) {
          this.unanswered[k] = row.newDocumentState;
          dirty = true;
        }
      }
      if (dirty) await this.saveUnanswered();
      if (err instanceof Suspended) {
        // The stream may have said "active" while this refusal was on its way: the stream is newer, so the
        // refusal then changes nothing and the push is offered again at RxDB's pace, not after a pause.
        if (statusHeard === this.statusEvents) this.setSuspended(true);
        if (this.status$.value.suspended) await this.pause(this.opts.suspendedRetryMs ?? SUSPENDED_RETRY_MS);
      }
      throw err;
    }
    this.setSuspended(false);
    this.markSynced();
    for (const real of conflicts) {
      const k = unansweredKey(name, real);
      this.lastConflict.set(k, real);
      const sent = this.unanswered[k];
      const row = rows.find((r) => r.newDocumentState.id === real.id);
      // RxDB hands this row's assumedMasterState to the conflict handler as the base.
      if (sent && row) row.assumedMasterState = mergeBase(row.assumedMasterState, sent, real, name === 'entries' ? ENTRY_GROUPS : []);
    }
    if (dirty) await this.saveUnanswered();
    return conflicts;
  }

  /** How many clinic-status frames the stream has brought: tells a refusal that crossed a reactivation. */
  private statusEvents = 0;
  /** The pauses of suspended pushes (one per collection), ended early when the clinic is reactivated. */
  private readonly pauses = new Set<() => void>();

  private setSuspended(suspended: boolean): void {
    if (!suspended) for (const resume of [...this.pauses]) resume();
    if (this.status$.value.suspended !== suspended) this.status$.next({ ...this.status$.value, suspended });
  }

  /** Waits `ms`, or less if the sync stops or the clinic is reactivated meanwhile. */
  private pause(ms: number): Promise<void> {
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.pauses.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.pauses.add(done);
    });
  }

  private async saveUnanswered(): Promise<void> {
    if (this.db.closed) return;
    // A failed save (the database closing) only loses the better merge base after a reload.
    await this.db
      .upsertLocal(UNANSWERED_ID, { map: this.unanswered })
      .catch((err: unknown) => console.warn('could not save unanswered pushes', err));
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
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wake?.();
    this.pending.stop();
    await Promise.all(Object.values(this.replications).map((r) => r.cancel()));
    this.setPhase('stopped');
  }

  private reconciling = false;
  private reconcileAgain = false;
  /** Once connected and in sync, the pending count is set right from the documents themselves. */
  private async reconcilePending(): Promise<void> {
    // A resync while an earlier reconcile still waits for its sync must not be
    // lost: that wait can end before this connection's pushes (its `since` is
    // older), so reconcile once more afterwards with a new `since`.
    if (this.reconciling) {
      this.reconcileAgain = true;
      return;
    }
    this.reconciling = true;
    try {
      do {
        this.reconcileAgain = false;
        const since = Date.now();
        await this.awaitInSync();
        if (!this.stopped) await this.pending.reconcile(since);
      } while (this.reconcileAgain && !this.stopped);
    } catch (err) {
      // Stopping cancels the replications mid-wait; anything else is worth seeing.
      if (!this.stopped) console.warn('could not reconcile the unsynced count', err);
    } finally {
      this.reconciling = false;
    }
  }

  private setPhase(phase: SyncPhase): void {
    const cur = this.status$.value;
    if (cur.phase === phase || cur.phase === 'revoked' || cur.phase === 'outdated' || cur.phase === 'stopped') return;
    this.status$.next({ ...cur, phase });
  }

  private markSynced(): void {
    this.status$.next({ ...this.status$.value, lastSyncAt: Date.now() });
  }

  private async pull(name: CollectionName, cp: Checkpoint | undefined, limit: number): Promise<PullResponse> {
    const res = await this.call(`${pullPath(name)}?seq=${cp?.seq ?? 0}&limit=${limit}`, { method: 'GET' });
    const body = (await res.json()) as PullResponse;
    this.markSynced();
    return body;
  }

  /** One authenticated request; refreshes an expired token once; terminal answers stop the sync. */
  private async call(path: string, init: RequestInit, token?: string | null): Promise<Response> {
    const t = token ?? (await this.opts.auth.accessToken());
    const res = await this.fetch(this.opts.baseUrl + path, {
      ...init,
      signal: this.abort.signal,
      headers: {
        'content-type': 'application/json',
        [SCHEMA_VERSION_HEADER]: String(SCHEMA_VERSION),
        ...(t ? { authorization: `Bearer ${t}` } : {}),
      },
    });
    if (res.ok) return res;
    const code = await res.json().then(
      (b: { error?: { code?: string } }) => b.error?.code,
      () => undefined,
    );
    if (res.status === 401 && code === 'token_expired' && token === undefined) {
      const fresh = await this.opts.auth.refresh();
      if (fresh === 'revoked') await this.terminate('revoked');
      if (fresh) return this.call(path, init, fresh);
    }
    if (res.status === 401 && (code === 'revoked' || code === 'unauthenticated')) await this.terminate('revoked');
    if (res.status === 426) await this.terminate('outdated');
    if (res.status === 403 && code === SUSPENDED_CODE) {
      throw new Suspended();
    }
    throw new Error(`${init.method} ${path}: ${res.status} ${code ?? ''}`);
  }

  private async terminate(phase: 'revoked' | 'outdated'): Promise<never> {
    if (!this.stopped) {
      this.status$.next({ ...this.status$.value, phase });
      this.stopped = true;
      this.abort.abort();
      // Local documents stay: the receptionist still sees the queue and what was not synced.
      void Promise.all(Object.values(this.replications).map((r) => r.cancel()));
    }
    throw new Terminal(phase);
  }

  private async streamLoop(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const connection = new AbortController();
      const onStop = () => connection.abort();
      this.abort.signal.addEventListener('abort', onStop);
      let stall: ReturnType<typeof setTimeout> | undefined;
      const alive = () => {
        clearTimeout(stall);
        stall = setTimeout(() => connection.abort(), STALL_MS);
      };
      try {
        const res = await this.openStream(connection.signal);
        attempt = 0;
        alive();
        for await (const msg of readSse(res.body!, alive)) {
          const ev = JSON.parse(msg.data) as StreamEvent;
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
            void this.reconcilePending();
          } else if (ev.type === 'changes') {
            this.streams.get(ev.collection)?.next({ documents: ev.documents as never[], checkpoint: ev.checkpoint });
          } else if (ev.type === 'auth') {
            if (ev.reason === 'revoked' || (await this.opts.auth.refresh()) === 'revoked') await this.terminate('revoked');
            break;
          } else if (ev.type === 'bye') {
            break;
          } else if (ev.type === 'clinic') {
            this.statusEvents++;
            this.setSuspended(ev.status === 'suspended');
          }
        }
      } catch (err) {
        if (err instanceof Terminal) return;
      } finally {
        clearTimeout(stall);
        this.abort.signal.removeEventListener('abort', onStop);
        connection.abort();
      }
      if (this.stopped) return;
      this.setPhase('offline');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)]);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async openStream(signal: AbortSignal): Promise<Response> {
    for (let refreshed = false; ; refreshed = true) {
      const token = await this.opts.auth.accessToken();
      const res = await this.fetch(this.opts.baseUrl + STREAM_PATH, {
        signal,
        headers: {
          accept: 'text/event-stream',
          [SCHEMA_VERSION_HEADER]: String(SCHEMA_VERSION),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
      if (res.ok && res.body) return res;
      const code = await res.json().then(
        (b: { error?: { code?: string } }) => b.error?.code,
        () => undefined,
      );
      if (res.status === 401 && code === 'token_expired' && !refreshed) {
        const fresh = await this.opts.auth.refresh();
        if (fresh === 'revoked') await this.terminate('revoked');
        if (fresh) continue;
      }
      if (res.status === 401 && (code === 'revoked' || code === 'unauthenticated')) await this.terminate('revoked');
      if (res.status === 426) await this.terminate('outdated');
      throw new Error(`stream: ${res.status}`);
    }
  }
}
