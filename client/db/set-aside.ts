// Documents the server refused for good (invalid, over a plan limit): set
// aside so they stop blocking the sync. The tablet's copy goes back to the
// server's (database.ts's conflict handler); the refused edit waits here, in
// a local document that survives reloads, with the server's reason, until the
// receptionist sends it again (fixed or as it is, e.g. after the owner changed
// plan) or drops it.
import { BehaviorSubject } from 'rxjs';
import type { CollectionName } from '../../shared/schemas.ts';
import type { ClinicDb } from './database.ts';
import type { Doc } from './unanswered.ts';
import { deviceClock } from './device-clock.ts';

const LOCAL_ID = 'sync-set-aside';

export interface SetAsideDoc {
  key: string;
  collection: CollectionName;
  /** The refused state, as it was pushed. */
  doc: Doc;
  /** The server's code (`invalid_document`, `plan_limit`, …) and its own words. */
  code: string;
  message: string;
  at: number;
}

export class SetAside {
  readonly items$ = new BehaviorSubject<SetAsideDoc[]>([]);
  private items: Record<string, SetAsideDoc> = {};
  private readonly loaded: Promise<void>;

  constructor(private readonly db: ClinicDb) {
    this.loaded = db.getLocal<{ map: Record<string, SetAsideDoc> }>(LOCAL_ID).then(
      (doc) => {
        this.items = { ...(doc?.get('map') ?? {}), ...this.items };
        this.publish();
      },
      (err: unknown) => console.warn('could not read the set-aside documents', err),
    );
  }

  async add(collection: CollectionName, doc: Doc, code: string, message: string): Promise<void> {
    await this.loaded;
    const key = `${collection}/${doc.id}`;
    this.items[key] = { key, collection, doc, code, message, at: Date.now() };
    await this.save();
  }

  /** Forget the refused edit: the tablet keeps the server's copy it already shows. */
  async drop(key: string): Promise<void> {
    await this.loaded;
    delete this.items[key];
    await this.save();
  }

  /**
   * Write the refused edit again, with the receptionist's fixes, as a new
   * local change: it is pushed like any other and, if refused again, comes
   * back here with the new reason.
   */
  async resend(key: string, fixes: Record<string, unknown> = {}): Promise<void> {
    await this.loaded;
    const item = this.items[key];
    if (!item) return;
    const { _deleted, ...data } = item.doc;
    const current = await this.db[item.collection].findOne(item.doc.id).exec();
    if (_deleted) await current?.remove();
    else {
      // A new change, stamped by the page's clock like every write (device-clock.ts).
      const updatedAt = deviceClock.now((current?.get('updatedAt') as number | undefined) ?? 0);
      await (this.db[item.collection] as ClinicDb['entries']).upsert({ ...data, ...fixes, updatedAt } as never);
    }
    delete this.items[key];
    await this.save();
  }

  private publish(): void {
    this.items$.next(Object.values(this.items).sort((a, b) => a.at - b.at));
  }

  private async save(): Promise<void> {
    this.publish();
    if (this.db.closed) return;
    await this.db
      .upsertLocal(LOCAL_ID, { map: this.items })
      .catch((err: unknown) => console.warn('could not save the set-aside documents', err));
  }
}
