// The day's queue in memory: what the reception paints from and what its
// actions decide on. RxDB's change events update it one document at a time
// (the changed entry gets a new object, every other entry keeps its own, so
// memoised rows skip them); the reception's own actions lay their outcome on
// top at once, before the write starts, so a tap paints in the frame it
// happened in. A layer goes when its write is durable (the stored copy holds
// the change by then: RxDB emits a write's events before the write resolves)
// or when it failed (the screen falls back to what is stored).
import type { RxCollection, RxDocumentData } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { Entry } from '../../shared/schemas.ts';

type Stored = RxDocumentData<Entry>;

/** The query the reception reads a day from: one per day, served from RxDB's query cache. */
export function dayQuery(col: RxCollection<Entry>, day: string) {
  return col.find({ selector: { day } });
}

function toEntry(d: Stored): Entry {
  const { _rev, _meta, _attachments, _deleted, ...entry } = d;
  return entry as Entry;
}

/** Same fields, same values (an entry's fields are all primitives). */
function sameEntry(a: Entry, b: Entry): boolean {
  const ka = Object.keys(a) as (keyof Entry)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** An action's outcome, shown until its write settles. */
export type Layer = ReadonlyMap<string, Entry>;

interface Change {
  operation: 'INSERT' | 'UPDATE' | 'DELETE';
  documentId: string;
  documentData: Stored;
}

export class LiveDay {
  private readonly stored = new Map<string, { entry: Entry; lwt: number }>();
  private readonly layers: Layer[] = [];
  private snapshot: readonly Entry[] | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly sub: Subscription;
  private loaded = false;
  /** Resolves once the stored day has been read; until then the day shows empty and actions wait. */
  readonly ready: Promise<void>;

  constructor(
    col: RxCollection<Entry>,
    readonly day: string,
  ) {
    // Subscribed before the first read, so no change can fall between the two;
    // a change the read already saw is dropped by its write time.
    const early: Change[][] = [];
    this.sub = col.eventBulks$.subscribe((bulk) => {
      const events = bulk.events as unknown as Change[];
      if (this.loaded) this.apply(events);
      else early.push(events);
    });
    this.ready = dayQuery(col, day)
      .exec()
      .then((docs) => {
        for (const d of docs) this.store(d.toJSON(true) as Stored);
        this.loaded = true;
        for (const events of early) this.apply(events);
        this.changed();
      });
  }

  get isReady(): boolean {
    return this.loaded;
  }

  /** Every entry of the day as the screen shows it; the same array until something changes. */
  entries(): readonly Entry[] {
    if (!this.snapshot) {
      const shown = new Map<string, Entry>();
      for (const [id, s] of this.stored) shown.set(id, s.entry);
      for (const layer of this.layers) for (const [id, e] of layer) shown.set(id, e);
      this.snapshot = [...shown.values()];
    }
    return this.snapshot;
  }

  /** The entry as the screen shows it. */
  get(id: string): Entry | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const e = this.layers[i]!.get(id);
      if (e) return e;
    }
    return this.stored.get(id)?.entry;
  }

  /** Shows `entries` at once, over what is stored, until `settle` is called with the returned layer. */
  lay(entries: readonly Entry[]): Layer {
    const layer: Layer = new Map(entries.map((e) => [e.id, e]));
    this.layers.push(layer);
    this.changed();
    return layer;
  }

  settle(layer: Layer): void {
    const i = this.layers.indexOf(layer);
    if (i < 0) return;
    const shown = [...layer.keys()].map((id) => [id, this.get(id)] as const);
    this.layers.splice(i, 1);
    // A durable write's events stored the layer's own objects (store() below),
    // so the screen usually shows the same thing: no re-render then.
    if (shown.some(([id, e]) => this.get(id) !== e)) this.changed();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.sub.unsubscribe();
    this.listeners.clear();
  }

  private apply(events: readonly Change[]): void {
    let any = false;
    for (const ev of events) {
      if (ev.operation === 'DELETE' || ev.documentData._deleted || ev.documentData.day !== this.day) {
        any = this.stored.delete(ev.documentId) || any;
      } else {
        any = this.store(ev.documentData) || any;
      }
    }
    if (any) this.changed();
  }

  /**
   * Whether what the screen shows changed. An entry equal to the one shown
   * (the echo of the reception's own write) is stored as that very object, so
   * memoised rows and the settling of its layer see no change.
   */
  private store(d: Stored): boolean {
    const had = this.stored.get(d.id);
    if (had && had.lwt > d._meta.lwt) return false;
    const shown = this.get(d.id);
    const entry = toEntry(d);
    this.stored.set(d.id, { entry: shown && sameEntry(shown, entry) ? shown : entry, lwt: d._meta.lwt });
    return this.get(d.id) !== shown;
  }

  private changed(): void {
    this.snapshot = null;
    if (!this.loaded) return;
    for (const l of this.listeners) l();
  }
}
