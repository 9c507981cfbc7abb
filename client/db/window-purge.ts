// Keeps the tablet's documents inside the window (shared/window.ts): visits
// and appointments that left it (the day rolled over, an old visit was
// closed) and those past the clinic's retention period whatever their status
// are removed from this device only. The server keeps them unchanged: a purge
// is a local RxDB deletion whose push the sync drops (dropPurges), so RxDB
// believes it replicated and never offers it again. Then, once the push
// settled, RxDB's bookkeeping of those documents goes too: the replication's meta rows (each a
// full copy of the document, names included), the unsynced count's
// confirmations, and the tombstones (RxDB's cleanup, after the sync is in step).
import { createRevision, getComposedPrimaryKeyOfDocumentData, type RxStorageInstance } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Checkpoint, PullWindow } from '../../shared/protocol.ts';
import { CollectionName } from '../../shared/schemas.ts';
import {
  DEFAULT_PAST_DAYS,
  KEPT_ON_TABLET,
  isWindowed,
  purgeBounds,
  retainFromDay,
  type WindowBounds,
  type WindowedCollection,
} from '../../shared/window.ts';
import type { ClinicDb } from './database.ts';
import type { PendingChanges } from './pending.ts';
import type { PushRow } from './unanswered.ts';

const LOCAL_ID = 'sync-window';
/** The day rolls over while a tablet stays open for weeks: purge this often besides after pulls. */
export const PURGE_EVERY_MS = 15 * 60 * 1000;
/**
 * A pass reads every visit of an old day still held (open ones stay), so a
 * pass after each pull of a first sync made it quadratic: after pulls, at most
 * one pass this often, the last pull's always followed by one.
 */
export const PURGE_AFTER_PULLS_MS = 10_000;
const PURGE_SLICE = 500;

type MetaInstance = RxStorageInstance<{ id: string; itemId: string; isCheckpoint: string }, unknown, unknown>;
type Bounds = WindowBounds & { retainFromDay: string };

const WINDOWED = CollectionName.options.filter(isWindowed);

export class WindowPurge {
  private pastDays: number | null = null;
  private readonly loaded: Promise<void>;
  /** Documents purged by an earlier pass, whose bookkeeping the next pass clears (their push has settled by then). */
  private purged = new Map<WindowedCollection, string[]>();
  private running: Promise<number> | null = null;
  private readonly timer: ReturnType<typeof setInterval>;
  private lastAfterPull = 0;
  private afterPull: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: ClinicDb,
    private readonly replications: Record<CollectionName, RxReplicationState<unknown, Checkpoint>>,
    private readonly pending: PendingChanges,
    private readonly now: () => number = Date.now,
  ) {
    this.loaded = db.getLocal<{ pastDays: number }>(LOCAL_ID).then(
      (doc) => {
        this.pastDays ??= doc?.get('pastDays') ?? null;
      },
      (err: unknown) => console.warn('could not read the saved window', err),
    );
    this.timer = setInterval(() => this.soon(), PURGE_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.afterPull) clearTimeout(this.afterPull);
  }

  /** A windowed collection's pull said which window the server filtered with: kept for offline days, then a purge. */
  async heard(window: PullWindow): Promise<void> {
    await this.loaded;
    if (window.pastDays !== this.pastDays) {
      this.pastDays = window.pastDays;
      if (!this.db.closed) await this.db.upsertLocal(LOCAL_ID, { pastDays: window.pastDays });
      this.soon();
      return;
    }
    this.afterPulls();
  }

  private afterPulls(): void {
    if (this.afterPull) return;
    const wait = Math.max(0, this.lastAfterPull + PURGE_AFTER_PULLS_MS - Date.now());
    this.afterPull = setTimeout(() => {
      this.afterPull = null;
      this.lastAfterPull = Date.now();
      this.soon();
    }, wait);
  }

  /** The bounds to purge with: none before the clinic's settings arrived (no time zone, no "today"). */
  async bounds(): Promise<Bounds | null> {
    await this.loaded;
    const settings = await this.db.settings.findOne().exec();
    if (!settings) return null;
    return {
      ...purgeBounds(this.now(), settings.timeZone, this.pastDays ?? DEFAULT_PAST_DAYS),
      // Not the grace of the window: erasing names early on this tablet alone is harmless.
      retainFromDay: retainFromDay(this.now(), settings.timeZone, settings.retentionDays),
    };
  }

  private static kept(collection: WindowedCollection, doc: unknown, b: Bounds): boolean {
    return (KEPT_ON_TABLET[collection] as (d: unknown, b: WindowBounds, retainFromDay: string) => boolean)(doc, b, b.retainFromDay);
  }

  /** The rows of a push without the purges' deletions, which must never reach the server. */
  async dropPurges(collection: CollectionName, rows: PushRow[]): Promise<PushRow[]> {
    if (!isWindowed(collection) || !rows.some((r) => r.newDocumentState._deleted)) return rows;
    const b = await this.bounds();
    if (!b) return rows;
    return rows.filter((r) => !(r.newDocumentState._deleted && !WindowPurge.kept(collection, r.newDocumentState, b)));
  }

  /** One purge pass, never two at once; resolves with the number of documents removed. */
  run(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private soon(): void {
    void this.run().catch((err: unknown) => {
      if (!this.db.closed) console.warn('could not purge the documents outside the window', err);
    });
  }

  private async pass(): Promise<number> {
    await this.pending.loadedOnce();
    const b = await this.bounds();
    if (!b || this.db.closed) return 0;
    await this.forgetPurged();
    let removed = 0;
    for (const c of WINDOWED) removed += await this.purge(c, b);
    return removed;
  }

  private async purge(c: WindowedCollection, b: Bounds): Promise<number> {
    const collection = this.db[c];
    // Only a document of an old day can be outside (an open visit, one changed since, may still be in): the day index narrows the read.
    const old = await collection.find({ selector: { day: { $lt: b.fromDay } } }).exec();
    // A document changed here and not yet confirmed stays until the server has the change.
    const ids = old.filter((d) => !WindowPurge.kept(c, d, b) && !this.pending.isPending(c, d.id)).map((d) => d.id);
    // A tablet that held the whole history before the window purges a year at once: in slices, not one transaction.
    for (let i = 0; i < ids.length; i += PURGE_SLICE) {
      const slice = ids.slice(i, i + PURGE_SLICE);
      await collection.bulkRemove(slice);
      this.purged.set(c, [...(this.purged.get(c) ?? []), ...slice]);
    }
    return ids.length;
  }

  /**
   * Clears what RxDB keeps of documents purged by earlier passes: their meta
   * rows and confirmations now, their tombstones through RxDB's cleanup once
   * the replication is in step (it waits for that itself: offline, later).
   */
  private async forgetPurged(): Promise<void> {
    const purged = this.purged;
    this.purged = new Map();
    for (const [c, ids] of purged) await this.forget(c, ids);
  }

  private async forget(c: WindowedCollection, ids: string[]): Promise<void> {
    const meta = this.replications[c].metaInstance as MetaInstance | undefined;
    if (meta) {
      const keys = ids.map((itemId) => getComposedPrimaryKeyOfDocumentData(meta.schema, { itemId, isCheckpoint: '0' }));
      const rows = await meta.findDocumentsById(keys, false);
      if (rows.length > 0) {
        await meta.bulkWrite(
          rows.map((previous) => ({
            previous,
            document: {
              ...previous,
              _deleted: true,
              _rev: createRevision(this.db.token, previous),
              // RxDB's own write time, not the window's clock: its cleanup compares it with its own.
              _meta: { ...previous._meta, lwt: Date.now() },
            },
          })),
          'window-purge',
        );
      }
    }
    this.pending.forget(c, ids);
    void this.db[c].cleanup(0).catch((err: unknown) => {
      if (!this.db.closed) console.warn('could not clean up the purged documents', err);
    });
  }
}
