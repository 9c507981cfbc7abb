// The reception tablet's side of a queue operation, without RxDB: the same
// shared functions compute the documents to write (callNext, moveTo,
// registerEntry), and the push carries them with the server's copy as
// assumedMasterState, exactly what the tablet's replication sends.
import type http from 'node:http';
import { callNext, moveTo, waitingQueue } from '../../shared/queue.ts';
import type { Entry } from '../../shared/schemas.ts';
import { pushPath } from '../../shared/protocol.ts';
import { EntryFactory, wire } from './clinic.ts';
import { ok, requestJson } from './http.ts';

export type QueueOp = 'next' | 'add' | 'reorder';

export class BenchTablet {
  /** The clinic's active entries as the tablet holds them (= the server's copy: this tablet is the only writer). */
  private readonly active = new Map<string, Entry>();
  readonly factory: EntryFactory;

  constructor(
    readonly baseUrl: string,
    readonly clinicId: string,
    readonly token: string,
    readonly agent: http.Agent,
    entries: readonly Entry[],
    factory?: EntryFactory,
  ) {
    for (const e of entries) this.active.set(e.id, e);
    this.factory = factory ?? new EntryFactory(clinicId);
  }

  get entries(): Entry[] {
    return [...this.active.values()];
  }

  /** Documents an operation writes (computed locally, as on the tablet). */
  plan(op: QueueOp, now = Date.now()): Entry[] {
    const entries = this.entries;
    if (op === 'next') return callNext(entries, null, now);
    if (op === 'add') return [this.factory.next(now)];
    const queue = waitingQueue(entries);
    const last = queue.at(-1);
    const moved = last && moveTo(entries, last.id, 1, now);
    return moved ? [moved] : [];
  }

  /** The last operation's local compute (the tablet's own work, before the push), ms. */
  lastPlanMs = 0;

  /**
   * One operation: compute locally, then push and check that the server took it.
   * `pushed` is called right before the request, so the caller can
   * time the server's part apart from the tablet's own compute.
   */
  async run(op: QueueOp, pushed?: () => void): Promise<number> {
    const t0 = performance.now();
    const docs = this.plan(op);
    this.lastPlanMs = performance.now() - t0;
    if (docs.length === 0) return 0;
    pushed?.();
    const rows = docs.map((d) => {
      const master = this.active.get(d.id);
      return master ? { assumedMasterState: wire(master), newDocumentState: wire(d) } : { newDocumentState: wire(d) };
    });
    const body = await ok(
      requestJson<{ conflicts: unknown[] }>(this.agent, this.baseUrl + pushPath('entries'), { token: this.token, body: rows }),
      `push ${op}`,
    );
    if (body.conflicts.length > 0) throw new Error(`push ${op}: unexpected conflicts ${JSON.stringify(body.conflicts).slice(0, 200)}`);
    this.apply(docs);
    return docs.length;
  }

  /** Keeps the local copy in step: finished patients leave the working set. */
  apply(docs: readonly Entry[]): void {
    for (const d of docs) {
      if (d.status === 'waiting' || d.status === 'called' || d.status === 'in_consultation') this.active.set(d.id, d);
      else this.active.delete(d.id);
    }
  }
}
