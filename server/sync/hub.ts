// One hub per clinic per instance. A commit wakes the hub once; it reads the
// new documents once, in sequence order, and hands the same events to every
// stream of that clinic. So N devices cost one query per change, not N, and
// every stream sees changes in commit order: a device that disconnects
// between two events never holds a checkpoint past a change it missed.
import type { Database } from '../db/database.ts';
import type { StreamEvent } from '../../shared/protocol.ts';
import { changesSince, clinicSeq } from '../docs/reads.ts';

const READ_BATCH = 500;
const RETRY_MS = 1000;

export interface Subscriber {
  send(events: StreamEvent[]): void;
}

export class ClinicHub<S extends Subscriber = Subscriber> {
  readonly subscribers = new Set<S>();
  private lastSeq = 0;
  private wanted = 0;
  private reading: Promise<void> | null = null;
  private ready: Promise<void>;
  /** Commit time of the oldest notified change not yet delivered (fan-out lag). */
  private pendingSince: number | null = null;

  constructor(
    private readonly db: Database,
    readonly clinicId: string,
    private readonly onError: (err: unknown) => void,
    private readonly onDelivered: (lagMs: number) => void = () => {},
  ) {
    this.ready = clinicSeq(db, clinicId).then((s) => {
      this.lastSeq = Math.max(this.lastSeq, s ?? 0);
    });
  }

  /** Resolves once the hub knows where the clinic stands; subscribers added after it miss nothing that a resync pull would not cover. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  notify(seq: number, committedAt: number | null = null): void {
    if (committedAt !== null && seq > this.lastSeq) this.pendingSince ??= committedAt;
    this.wanted = Math.max(this.wanted, seq);
    if (seq > this.lastSeq) this.drain();
  }

  /** After a listener gap: read whatever committed meanwhile. */
  catchUp(): void {
    this.wanted = Number.MAX_SAFE_INTEGER;
    this.drain();
  }

  private drain(): void {
    if (this.reading) return;
    this.reading = this.ready
      .then(() => this.readLoop())
      .catch((err) => {
        this.onError(err);
        setTimeout(() => this.drain(), RETRY_MS).unref();
      })
      .finally(() => {
        this.reading = null;
      });
  }

  private async readLoop(): Promise<void> {
    while (this.wanted > this.lastSeq) {
      const rows = await changesSince(this.db, this.clinicId, this.lastSeq, READ_BATCH);
      if (rows.length === 0) {
        this.wanted = this.lastSeq;
        return;
      }
      const events: StreamEvent[] = [];
      for (const row of rows) {
        const prev = events.at(-1);
        if (prev?.type === 'changes' && prev.collection === row.collection) {
          prev.documents.push(row.data);
          prev.checkpoint = { seq: row.seq };
        } else {
          events.push({ type: 'changes', collection: row.collection, documents: [row.data], checkpoint: { seq: row.seq } });
        }
      }
      this.lastSeq = rows.at(-1)!.seq;
      for (const s of this.subscribers) s.send(events);
      if (this.pendingSince !== null && this.lastSeq >= this.wanted) {
        this.onDelivered(Date.now() - this.pendingSince);
        this.pendingSince = null;
      }
    }
  }
}
