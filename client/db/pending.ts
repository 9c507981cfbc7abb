// How many local changes the server has not confirmed yet: the number the
// receptionist watches before trusting a tablet that was offline.
//
// For each document we remember the `updatedAt` of the last state the server
// confirmed (pushed without conflict, received from it, or reported by it in
// a conflict that resolved to exactly its copy). A document whose current
// `updatedAt` differs is pending. The map is kept in an RxDB local document so
// the count survives reloads. The count is kept incrementally (each change
// re-checks one document): a tablet holds thousands of documents, and a full
// recount per confirmation made a cold sync quadratic.
import { BehaviorSubject, debounceTime, filter, firstValueFrom, merge, type Observable, type Subscription } from 'rxjs';
import type { RxChangeEvent } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { CollectionName } from '../../shared/schemas.ts';
import type { ClinicDb } from './database.ts';
import { deepEqual } from '../../shared/equal.ts';

const LOCAL_ID = 'sync-confirmed';
const SAVE_DEBOUNCE_MS = 300;
const NAMES: CollectionName[] = ['entries', 'doctors', 'settings', 'appointments'];

type Confirmed = Record<string, number>;
type Stamped = { id: string; updatedAt: number };
const key = (c: CollectionName, id: string) => `${c}/${id}`;

export class PendingChanges {
  /** null until the saved map is loaded. */
  readonly count$ = new BehaviorSubject<number | null>(null);
  private confirmed: Confirmed = {};
  /** updatedAt of every local document, by key. */
  private readonly local = new Map<string, number>();
  private readonly pending = new Set<string>();
  private loaded = false;
  private readonly subs: Subscription[] = [];
  private readonly changed$ = new BehaviorSubject(0);

  /** Call before the replications start, so no confirmation is missed. */
  constructor(
    private readonly db: ClinicDb,
    replications: Record<CollectionName, RxReplicationState<unknown, { seq: number }>>,
  ) {
    for (const name of NAMES) {
      const rep = replications[name];
      const confirm = (d: Stamped) => {
        const k = key(name, d.id);
        this.confirmed[k] = d.updatedAt;
        this.recheck(k);
        this.changed$.next(this.changed$.value + 1);
      };
      this.subs.push(
        (this.db[name].$ as Observable<RxChangeEvent<Stamped>>).subscribe((ev) => {
          const k = key(name, ev.documentId);
          if (ev.operation === 'DELETE') this.local.delete(k);
          else this.local.set(k, ev.documentData.updatedAt);
          this.recheck(k);
        }),
        merge(rep.sent$, rep.received$).subscribe((doc) => confirm(doc as unknown as Stamped)),
        // A conflict resolved to exactly the server's copy may never be pushed
        // or pulled again (RxDB skips a push equal to the master state), so
        // neither sent$ nor received$ would confirm it: the server's copy in
        // the conflict report is the confirmation.
        rep.conflict$.subscribe(({ input, output }) => {
          if (sameData(output, input.realMasterState)) confirm(input.realMasterState as unknown as Stamped);
        }),
      );
    }
    void this.start();
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
  }

  /** Resolves once the saved confirmations are loaded: before that, isPending cannot be trusted. */
  async loadedOnce(): Promise<void> {
    await firstValueFrom(this.count$.pipe(filter((n) => n !== null)));
  }

  /** Whether a document holds a local change the server has not confirmed. */
  isPending(collection: CollectionName, id: string): boolean {
    return this.pending.has(key(collection, id));
  }

  /** Documents purged from this device (window-purge.ts): their confirmations go too, or the map would keep the history. */
  forget(collection: CollectionName, ids: readonly string[]): void {
    for (const id of ids) delete this.confirmed[key(collection, id)];
    this.changed$.next(this.changed$.value + 1);
  }

  private reconciling = false;
  private reconcileAgain = false;

  /**
   * Once connected and in sync, the count is set right from the documents
   * themselves: waits for `awaitInSync`, then reconciles from the moment the
   * wait began. A call while an earlier one still waits is not lost: that
   * wait can end before this connection's pushes (its `since` is older), so
   * it reconciles once more afterwards with a new `since`. `stopped`: the
   * sync ended (its replications cancelled), so the wait fails or is moot.
   */
  async reconcileWhenInSync(awaitInSync: () => Promise<void>, stopped: () => boolean): Promise<void> {
    if (this.reconciling) {
      this.reconcileAgain = true;
      return;
    }
    this.reconciling = true;
    try {
      do {
        this.reconcileAgain = false;
        const since = Date.now();
        await awaitInSync();
        if (!stopped()) await this.reconcile(since);
      } while (this.reconcileAgain && !stopped());
    } catch (err) {
      // Stopping cancels the replications mid-wait; anything else is worth seeing.
      if (!stopped()) console.warn('could not reconcile the unsynced count', err);
    } finally {
      this.reconciling = false;
    }
  }

  /**
   * The replication reported in-sync after `since`: every document not
   * written after that moment is what the server has. This heals counts left
   * wrong when the page closed before the last confirmations were saved.
   */
  async reconcile(since: number): Promise<void> {
    let changed = false;
    for (const k of [...this.pending]) {
      const updatedAt = this.local.get(k);
      if (updatedAt !== undefined && updatedAt <= since) {
        this.confirmed[k] = updatedAt;
        this.recheck(k);
        changed = true;
      }
    }
    if (changed) this.changed$.next(this.changed$.value + 1);
  }

  private recheck(k: string): void {
    const updatedAt = this.local.get(k);
    const was = this.pending.has(k);
    const is = updatedAt !== undefined && this.confirmed[k] !== updatedAt;
    if (is) this.pending.add(k);
    else this.pending.delete(k);
    if (this.loaded && was !== is) this.count$.next(this.pending.size);
  }

  private async start(): Promise<void> {
    const saved = await this.db.getLocal<{ map: Confirmed }>(LOCAL_ID);
    // Confirmations that arrived while loading are newer than the saved ones.
    this.confirmed = { ...(saved?.get('map') ?? {}), ...this.confirmed };
    for (const name of NAMES) {
      for (const d of (await this.db[name].find().exec()) as unknown as Stamped[]) {
        // A change event that arrived while reading is newer than the snapshot.
        const k = key(name, d.id);
        if (!this.local.has(k)) this.local.set(k, d.updatedAt);
      }
    }
    for (const k of this.local.keys()) this.recheck(k);
    this.loaded = true;
    this.count$.next(this.pending.size);
    this.subs.push(this.changed$.pipe(debounceTime(SAVE_DEBOUNCE_MS)).subscribe(() => void this.save()));
  }

  private async save(): Promise<void> {
    if (this.db.closed) return;
    // The database can close while the save runs (a tab closing, a tablet signed out): an unhandled
    // rejection then (RxDB LD8, seen in CI). A failed save is set right at the next connection (reconcileWhenInSync).
    await this.db
      .upsertLocal(LOCAL_ID, { map: this.confirmed })
      .catch((err: unknown) => console.warn('could not save the confirmed changes', err));
  }
}

/** Equal documents, ignoring RxDB's bookkeeping fields (_meta, _rev, _attachments). */
function sameData(a: unknown, b: unknown): boolean {
  const strip = (d: unknown) => {
    const { _meta, _rev, _attachments, ...rest } = d as Record<string, unknown>;
    return rest;
  };
  return deepEqual(strip(a), strip(b));
}
