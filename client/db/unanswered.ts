// Pushes whose answer never came. The server may or may not have written
// them, but RxDB only learns the server's copy from an answer, so its next
// push of such a document carries an older assumedMasterState (none at all
// for a new document). Should the server's copy have moved on meanwhile, the
// conflict handler then merges against the wrong base: the device's own
// unanswered change looks like someone else's, or with no base the later
// updatedAt wins whole. Another desk's call or this desk's later edit was
// lost that way. So the first unanswered state of each document is kept (in
// a local document, across reloads) until RxDB has the server's copy, and a
// conflict is merged against it wherever the server's copy still shows it
// (unansweredBase in shared/merge.ts).
import { merge, type Subscription } from 'rxjs';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { deepEqual } from '../../shared/equal.ts';
import { ENTRY_GROUPS, unansweredBase } from '../../shared/merge.ts';
import type { CollectionName } from '../../shared/schemas.ts';
import type { ClinicDb } from './database.ts';

const LOCAL_ID = 'sync-unanswered';

export type Doc = { id: string; _deleted: boolean } & Record<string, unknown>;
export type PushRow = { assumedMasterState?: Doc; newDocumentState: Doc };

const key = (c: CollectionName, d: unknown) => `${c}/${(d as { id: string }).id}`;

export class UnansweredPushes {
  private unanswered: Record<string, Doc> = {};
  private readonly loaded: Promise<void>;
  /** The server's copy last returned as a conflict, per document: once RxDB assumes it, the kept state is obsolete. */
  private readonly lastConflict = new Map<string, Doc>();
  private readonly subs: Subscription[] = [];

  /** Call before the replications start, so no answer is missed. */
  constructor(
    private readonly db: ClinicDb,
    replications: Record<CollectionName, RxReplicationState<unknown, { seq: number }>>,
  ) {
    this.loaded = db.getLocal<{ map: Record<string, Doc> }>(LOCAL_ID).then(
      (doc) => {
        this.unanswered = { ...(doc?.get('map') ?? {}), ...this.unanswered };
      },
      // Unreadable (the database is closing): merges fall back to RxDB's own base, as before this record existed.
      (err: unknown) => console.warn('could not read unanswered pushes', err),
    );
    for (const [name, rep] of Object.entries(replications) as [CollectionName, RxReplicationState<unknown, { seq: number }>][]) {
      // Once the server's copy is known (accepted or pulled), RxDB has the base itself.
      this.subs.push(
        merge(rep.sent$, rep.received$).subscribe((doc) => {
          const k = key(name, doc);
          this.lastConflict.delete(k);
          if (this.unanswered[k]) {
            delete this.unanswered[k];
            void this.save();
          }
        }),
      );
    }
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
  }

  /** Before a push: gives a new document's row the state the server may already have. */
  async beforePush(name: CollectionName, rows: PushRow[]): Promise<void> {
    await this.loaded;
    let dirty = false;
    for (const row of rows) {
      const k = key(name, row.newDocumentState);
      const seen = this.lastConflict.get(k);
      if (this.unanswered[k] && row.assumedMasterState && seen && deepEqual(row.assumedMasterState, seen)) {
        delete this.unanswered[k];
        dirty = true;
      }
      // A new document whose first push went unanswered: the server has that state or nothing.
      if (!row.assumedMasterState && this.unanswered[k]) row.assumedMasterState = this.unanswered[k];
    }
    if (dirty) await this.save();
  }

  /** No answer, or an error that may have come after the commit: the first unanswered state of each row is kept. */
  async unansweredPush(name: CollectionName, rows: PushRow[]): Promise<void> {
    let dirty = false;
    for (const row of rows) {
      const k = key(name, row.newDocumentState);
      if (!this.unanswered[k]) {
        this.unanswered[k] = row.newDocumentState;
        dirty = true;
      }
    }
    if (dirty) await this.save();
  }

  /** The server answered with conflicts: the base RxDB hands the conflict handler (each row's assumedMasterState) is corrected. */
  answered(name: CollectionName, rows: PushRow[], conflicts: Doc[]): void {
    for (const real of conflicts) {
      const k = key(name, real);
      this.lastConflict.set(k, real);
      const sent = this.unanswered[k];
      const row = rows.find((r) => r.newDocumentState.id === real.id);
      if (sent && row) row.assumedMasterState = unansweredBase(row.assumedMasterState, sent, real, name === 'entries' ? ENTRY_GROUPS : []);
    }
  }

  private async save(): Promise<void> {
    if (this.db.closed) return;
    // A failed save (the database closing) only loses the better merge base after a reload.
    await this.db
      .upsertLocal(LOCAL_ID, { map: this.unanswered })
      .catch((err: unknown) => console.warn('could not save unanswered pushes', err));
  }
}
