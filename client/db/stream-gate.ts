// The stream's change events of one collection, on their way to RxDB.
//
// RxDB applies a change event from the server over the tablet's copy whenever
// that copy equals what RxDB believes the server holds, and it takes events in
// once the push or pull in progress has ended, not when they arrived. An event
// read by the server before the tablet's own push committed, applied after
// that push answered, puts the older state back (the reconnect fuzz: a name
// edited, then shown and edited again as it was before); one read before a
// catch-up pull and applied after it does the same to another desk's change.
//
// So events wait here, in order, until RxDB is idle (no push, no pull, no
// event being stored): handed over then, RxDB reads the tablet's copy before
// any new push could answer. And each event loses, before RxDB sees it, the
// documents it cannot be newer for: those in an event the server read before
// RxDB's stored checkpoint, and those the tablet pushed later than the event.
// A sequence orders it all: the server numbers its commits per clinic in
// commit order, a stream event's checkpoint is the highest it carries, and a
// push's answer says the clinic's sequence once it committed.
import type { Checkpoint } from '../../shared/protocol.ts';

export interface ChangeEvent<D> {
  documents: D[];
  checkpoint: Checkpoint;
}
export type StreamItem<D> = ChangeEvent<D> | 'RESYNC';

export class StreamGate<D extends { id: string }> {
  private readonly queue: StreamItem<D>[] = [];
  /** Documents this device pushed, with the clinic's sequence once that push committed. */
  private readonly pushedAt = new Map<string, number>();
  private idle = false;
  /** Items were handed over and RxDB has not yet been seen busy, then idle, since. */
  private handedOver = false;
  private sawBusy = false;

  constructor(
    /** Hands an item to RxDB (its pull stream$). */
    private readonly emit: (item: StreamItem<D>) => void,
    /** The sequence RxDB's downstream checkpoint stands at (what it stored). */
    private readonly storedSeq: () => number,
  ) {}

  /** Items waiting for RxDB to be idle. */
  get waiting(): number {
    return this.queue.length;
  }

  add(item: StreamItem<D>): void {
    // A catch-up pull reads, from RxDB's checkpoint, everything the events waiting here carry.
    if (item === 'RESYNC') this.queue.length = 0;
    this.queue.push(item);
    this.release();
  }

  /** The server accepted these documents (written, or already its copy); `seq`: the clinic's sequence after the push. */
  pushed(ids: Iterable<string>, seq: number): void {
    for (const id of ids) this.pushedAt.set(id, Math.max(seq, this.pushedAt.get(id) ?? 0));
  }

  /** RxDB's replication of the collection became busy or idle (its `active$`). */
  active(busy: boolean): void {
    if (busy) {
      this.idle = false;
      if (this.handedOver) this.sawBusy = true;
      return;
    }
    this.idle = true;
    if (this.handedOver && this.sawBusy) this.handedOver = this.sawBusy = false;
    this.release();
  }

  private release(): void {
    if (!this.idle || this.handedOver || this.queue.length === 0) return;
    const stored = this.storedSeq();
    for (const [id, seq] of this.pushedAt) if (seq <= stored) this.pushedAt.delete(id);
    // A RESYNC goes alone: the events after it are filtered by what its pull stored.
    const batch = this.queue.splice(0, this.queue[0] === 'RESYNC' ? 1 : this.queue.length);
    this.handedOver = true;
    for (const item of batch) this.emit(item === 'RESYNC' ? item : this.fresh(item, stored));
  }

  private fresh(event: ChangeEvent<D>, stored: number): ChangeEvent<D> {
    const at = event.checkpoint.seq;
    if (at > stored && this.pushedAt.size === 0) return event;
    return { ...event, documents: event.documents.filter((d) => at > stored && at >= (this.pushedAt.get(d.id) ?? 0)) };
  }
}
