// Every queue action of the reception: decided by the shared pure functions,
// written to the local database, replicated later. Each action writes at most
// two documents (call-next: the patient it ends and the one it calls).
import type { RxCollection, RxDocument } from 'rxdb';
import * as queue from '../../shared/queue.ts';
import { registerEntry, type Registration } from '../../shared/register.ts';
import { Entry } from '../../shared/schemas.ts';

export type EntryCollection = RxCollection<Entry>;
type EntryDoc = RxDocument<Entry>;

const plainCache = new WeakMap<EntryDoc, Entry>();

/**
 * RxDB hands out one RxDocument per stored revision, so caching the plain copy
 * per RxDocument gives an unchanged entry the same object on every emission:
 * memoized rows compare props by identity and skip it.
 */
export function plain(doc: EntryDoc): Entry {
  let e = plainCache.get(doc);
  if (!e) {
    e = doc.toJSON() as Entry;
    plainCache.set(doc, e);
  }
  return e;
}

/** The query the screen subscribes to and the actions read: one per day, served from RxDB's query cache. */
export function dayQuery(col: EntryCollection, day: string) {
  return col.find({ selector: { day } });
}

interface Snapshot {
  entries: Entry[];
  docs: Map<string, EntryDoc>;
}

function sameState(latest: Record<string, unknown>, seen: Entry): boolean {
  return (Object.keys(seen) as (keyof Entry)[]).every((k) => latest[k] === seen[k]);
}

export type NewPatient = Pick<Registration, 'name' | 'phone' | 'doctorId' | 'priority'>;

export class EntryActions {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly col: EntryCollection,
    private readonly who: { clinicId: string; series: string },
    /** The clinic's calendar day now; read at each action so midnight needs no reload. */
    private readonly today: () => string,
  ) {}

  /**
   * Actions run one after another, each on the state the previous one left,
   * so two quick taps move a patient two places and two quick registrations
   * never draw the same ticket number.
   */
  private run<T>(task: (s: Snapshot) => Promise<T>): Promise<T> {
    const next = this.chain.then(async () => {
      const docs = await dayQuery(this.col, this.today()).exec();
      return task({ entries: docs.map(plain), docs: new Map(docs.map((d) => [d.primary, d])) });
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Writes what `decide` returned. A pulled change can land between reading
   * and writing; the write then applies only if the document is still in the
   * state the decision was made on, else it is dropped and the screen shows
   * the newer state (never an old decision over a newer document).
   */
  private act(decide: (entries: readonly Entry[], now: number) => Entry | readonly Entry[] | null): Promise<void> {
    return this.run(async ({ entries, docs }) => {
      const out = decide(entries, Date.now());
      const writes = out === null ? [] : Array.isArray(out) ? out : [out as Entry];
      const seen = new Map(entries.map((e) => [e.id, e]));
      await Promise.all(
        writes.map((next) =>
          docs
            .get(next.id)!
            .incrementalModify((latest) =>
              sameState(latest as unknown as Record<string, unknown>, seen.get(next.id)!) ? { ...latest, ...next } : latest,
            ),
        ),
      );
    });
  }

  private one(id: string, transition: (e: Entry, entries: readonly Entry[], now: number) => Entry | null): Promise<void> {
    return this.act((entries, now) => {
      const e = entries.find((x) => x.id === id);
      return e ? transition(e, entries, now) : null;
    });
  }

  register(p: NewPatient, id: string): Promise<Entry> {
    return this.run(async ({ entries }) => {
      const day = this.today();
      const entry = registerEntry(entries, { ...p, ...this.who, id, day, source: 'reception' }, Date.now());
      // No schema validation runs in production RxDB; a document the server
      // would refuse must never be written, or it stays unsynced forever.
      await this.col.insert(Entry.parse(entry));
      return entry;
    });
  }

  callNext(doctorId: string | null): Promise<void> {
    return this.act((entries, now) => queue.callNext(entries, doctorId, now));
  }

  /** Calls this patient out of turn: call-next over a queue holding only them. */
  call(id: string, doctorId: string | null): Promise<void> {
    return this.act((entries, now) => {
      const changed = queue.callNext(
        entries.filter((e) => e.status !== 'waiting' || e.id === id),
        doctorId,
        now,
      );
      return changed.some((e) => e.id === id) ? changed : null;
    });
  }

  /** `view` is the doctor tab the receptionist sees (null: all), so indexes match the screen. */
  moveTo(id: string, index: number, view: string | null): Promise<void> {
    return this.act((entries, now) => queue.moveTo(entries, id, index, now, view));
  }

  moveUp(id: string, view: string | null): Promise<void> {
    return this.act((entries, now) => queue.moveUp(entries, id, now, view));
  }

  moveDown(id: string, view: string | null): Promise<void> {
    return this.act((entries, now) => queue.moveDown(entries, id, now, view));
  }

  setUrgent(id: string, urgent: boolean): Promise<void> {
    return this.one(id, (e, _, now) => queue.setUrgent(e, urgent, now));
  }

  startConsultation(id: string): Promise<void> {
    return this.one(id, (e, _, now) => queue.startConsultation(e, now));
  }

  finish(id: string): Promise<void> {
    return this.one(id, (e, _, now) => queue.finish(e, now));
  }

  markNoShow(id: string): Promise<void> {
    return this.one(id, (e, _, now) => queue.markNoShow(e, now));
  }

  cancel(id: string): Promise<void> {
    return this.one(id, (e, _, now) => queue.cancel(e, now));
  }

  recall(id: string): Promise<void> {
    return this.one(id, (e, entries, now) => queue.recall(e, entries, now));
  }
}
