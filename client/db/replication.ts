// Replicates the three collections with the server: RxDB's pull and push
// handlers over HTTP, plus one stream per device that feeds every
// collection's stream$ (browsers allow ~6 connections per origin: one stream,
// never one per collection).
import { BehaviorSubject, Subject } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxReplicationPullStreamItem } from 'rxdb';
import {
  HEARTBEAT_MS, SCHEMA_VERSION, SCHEMA_VERSION_HEADER, STREAM_PATH, pullPath, pushPath,
  type Checkpoint, type PullResponse, type StreamEvent,
} from '../../shared/protocol.ts';
import type { CollectionName } from '../../shared/schemas.ts';
import type { ClinicDb } from './database.ts';
import { readSse } from './sse.ts';
import { PendingChanges } from './pending.ts';

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
export interface SyncStatus { phase: SyncPhase; lastSyncAt: number | null }

export interface SyncOptions {
  baseUrl: string;
  auth: SyncAuth;
  fetch?: typeof fetch;
  /** Distinguishes this device's checkpoints, e.g. the device id. */
  identifier: string;
  retryMs?: number;
  pullBatchSize?: number;
  pushBatchSize?: number;
}

const COLLECTION_NAMES: CollectionName[] = ['settings', 'doctors', 'entries'];
const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000];
/** Two missed heartbeats: the connection is dead even if TCP has not noticed. */
const STALL_MS = HEARTBEAT_MS * 2 + 5000;

class Terminal extends Error {
  constructor(readonly phase: 'revoked' | 'outdated') {
    super(phase);
  }
}

export class ClinicSync {
  readonly status$ = new BehaviorSubject<SyncStatus>({ phase: 'connecting', lastSyncAt: null });
  readonly replications: Record<CollectionName, RxReplicationState<unknown, Checkpoint>>;
  /** Local changes the server has not confirmed yet. */
  readonly pending: PendingChanges;
  private readonly streams = new Map<CollectionName, Subject<RxReplicationPullStreamItem<unknown, Checkpoint>>>();
  private readonly fetch: typeof fetch;
  private abort = new AbortController();
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly db: ClinicDb, private readonly opts: SyncOptions) {
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
          handler: async (rows) => {
            const res = await this.call(pushPath(name), { method: 'POST', body: JSON.stringify(rows) });
            const body = (await res.json()) as { conflicts: { _deleted: boolean }[] };
            this.markSynced();
            return body.conflicts;
          },
        },
      });
    }
    this.replications = reps;
    this.pending = new PendingChanges(db, reps);
    void this.streamLoop();
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
  /** Once connected and in sync, the pending count is set right from the documents themselves. */
  private async reconcilePending(): Promise<void> {
    if (this.reconciling) return;
    this.reconciling = true;
    const since = Date.now();
    try {
      await this.awaitInSync();
      if (!this.stopped) await this.pending.reconcile(since);
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
    const code = await res.json().then((b: { error?: { code?: string } }) => b.error?.code, () => undefined);
    if (res.status === 401 && code === 'token_expired' && token === undefined) {
      const fresh = await this.opts.auth.refresh();
      if (fresh === 'revoked') await this.terminate('revoked');
      if (fresh) return this.call(path, init, fresh);
    }
    if (res.status === 401 && (code === 'revoked' || code === 'unauthenticated')) await this.terminate('revoked');
    if (res.status === 426) await this.terminate('outdated');
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
            }
            void this.reconcilePending();
          } else if (ev.type === 'changes') {
            this.streams.get(ev.collection)?.next({ documents: ev.documents as never[], checkpoint: ev.checkpoint });
          } else if (ev.type === 'auth') {
            if (ev.reason === 'revoked' || (await this.opts.auth.refresh()) === 'revoked') await this.terminate('revoked');
            break;
          } else if (ev.type === 'bye') {
            break;
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
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
      this.wake = null;
    }
  }

  private async openStream(signal: AbortSignal): Promise<Response> {
    for (let refreshed = false; ; refreshed = true) {
      const token = await this.opts.auth.accessToken();
      const res = await this.fetch(this.opts.baseUrl + STREAM_PATH, {
        signal,
        headers: { accept: 'text/event-stream', [SCHEMA_VERSION_HEADER]: String(SCHEMA_VERSION), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      if (res.ok && res.body) return res;
      const code = await res.json().then((b: { error?: { code?: string } }) => b.error?.code, () => undefined);
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
