// Keeps the tablet's documents inside the window (shared/window.ts): visits
// that left it (the day rolled over, an old visit was closed) and visits past
// the clinic's retention period whatever their status are removed from this
// device only. The server keeps them unchanged: a purge is a local
// RxDB deletion whose push the sync drops (dropPurges), so RxDB believes it
// replicated and never offers it again. Then, once the push settled, RxDB's
// bookkeeping of those visits goes too: the replication's meta rows (each a
// full copy of the document, names included), the unsynced count's
// confirmations, and the tombstones (RxDB's cleanup, after the sync is in step).
import { createRevision, getComposedPrimaryKeyOfDocumentData, type RxStorageInstance } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Checkpoint, PullWindow } from '../../shared/protocol.ts';
import type { Entry } from '../../shared/schemas.ts';
import { DEFAULT_PAST_DAYS, keptOnTablet, purgeBounds, retainFromDay, type WindowBounds } from '../../shared/window.ts';
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

export class WindowPurge {
  private pastDays: number | null = null;
  private readonly loaded: Promise<void>;
  /** Visits purged by an earlier pass, whose bookkeeping the next pass clears (their push has settled by then). */
  private purged = new Set<string>();
  private running: Promise<number> | null = null;
  private readonly timer: ReturnType<typeof setInterval>;
  private lastAfterPull = 0;
  private afterPull: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: ClinicDb,
    private readonly replication: RxReplicationState<unknown, Checkpoint>,
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

  /** An entries pull said which window the server filtered with: kept for offline days, then a purge. */
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
  async bounds(): Promise<(WindowBounds & { retainFromDay: string }) | null> {
    await this.loaded;
    const settings = await this.db.settings.findOne().exec();
    if (!settings) return null;
    return {
      ...purgeBounds(this.now(), settings.timeZone, this.pastDays ?? DEFAULT_PAST_DAYS),
      // Not the grace of the window: erasing names early on this tablet alone is harmless.
      retainFromDay: retainFromDay(this.now(), settings.timeZone, settings.retentionDays),
    };
  }

  private static kept(e: Entry, b: WindowBounds & { retainFromDay: string }): boolean {
    return keptOnTablet(e, b, b.retainFromDay);
  }

  /** The rows of an entries push without the purges' deletions, which must never reach the server. */
  async dropPurges(rows: PushRow[]): Promise<PushRow[]> {
    if (!rows.some((r) => r.newDocumentState._deleted)) return rows;
    const b = await this.bounds();
    if (!b) return rows;
    return rows.filter((r) => !(r.newDocumentState._deleted && !WindowPurge.kept(r.newDocumentState as unknown as Entry, b)));
  }

  /** One purge pass, never two at once; resolves with the number of visits removed. */
  run(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private soon(): void {
    void this.run().catch((err: unknown) => {
      if (!this.db.closed) console.warn('could not purge the visits outside the window', err);
    });
  }

  private async pass(): Promise<number> {
    await this.pending.loadedOnce();
    const b = await this.bounds();
    if (!b || this.db.closed) return 0;
    await this.forgetPurged();
    // Only an old day, an old change or an open visit can be outside: the day index narrows the read.
    const old = await this.db.entries.find({ selector: { day: { $lt: b.fromDay } } }).exec();
    // A visit changed here and not yet confirmed stays until the server has the change.
    const ids = old.filter((d) => !WindowPurge.kept(d, b) && !this.pending.isPending('entries', d.id)).map((d) => d.id);
    if (ids.length === 0) return 0;
    // A tablet that held the whole history before the window purges a year at once: in slices, not one transaction.
    for (let i = 0; i < ids.length; i += PURGE_SLICE) {
      const slice = ids.slice(i, i + PURGE_SLICE);
      await this.db.entries.bulkRemove(slice);
      for (const id of slice) this.purged.add(id);
    }
    return ids.length;
  }

  /**
   * Clears what RxDB keeps of visits purged by earlier passes: their meta rows
   * and confirmations now, their tombstones through RxDB's cleanup once the
   * replication is in step (it waits for that itself: offline, later).
   */
  private async forgetPurged(): Promise<void> {
    if (this.purged.size === 0) return;
    const ids = [...this.purged];
    this.purged = new Set();
    const meta = this.replication.metaInstance as MetaInstance | undefined;
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
    this.pending.forget('entries', ids);
    void this.db.entries.cleanup(0).catch((err: unknown) => {
      if (!this.db.closed) console.warn('could not clean up the purged visits', err);
    });
  }
}
