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
import { postHead, RawConnection } from './raw-http.ts';

export type QueueOp = 'next' | 'add' | 'reorder';

export class BenchTablet {
  /** The clinic's active entries as the tablet holds them (= the server's copy: this tablet is the only writer). */
  private readonly active = new Map<string, Entry>();
  readonly factory: EntryFactory;
  /** Throughput's cheaper client (raw-http.ts): a connection and a prebuilt head per server. */
  private readonly raw = new Map<string, { conn: RawConnection; head: string }>();
  /** Each active entry's JSON as last pushed: it is the next push's assumedMasterState, serialised once. */
  private readonly json = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly clinicId: string,
    readonly token: string,
    readonly agent: http.Agent,
    entries: readonly Entry[],
    factory?: EntryFactory,
    /** With the raw client instead of node:http (throughput; latency figures compared to the floor keep node:http). */
    readonly client: 'node:http' | 'raw' = 'node:http',
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
   * time the server's part apart from the tablet's own compute. `baseUrl`:
   * another server over the same database (a variant under test).
   */
  async run(op: QueueOp, opts: { pushed?: () => void; baseUrl?: string } = {}): Promise<number> {
    const t0 = performance.now();
    const docs = this.plan(op);
    this.lastPlanMs = performance.now() - t0;
    if (docs.length === 0) return 0;
    const sent = docs.map((d) => JSON.stringify(wire(d)));
    const body = `[${docs
      .map((d, i) => {
        const master = this.active.get(d.id);
        const assumed = master ? `"assumedMasterState":${this.json.get(d.id) ?? JSON.stringify(wire(master))},` : '';
        return `{${assumed}"newDocumentState":${sent[i]}}`;
      })
      .join(',')}]`;
    opts.pushed?.();
    const answer = await this.push(opts.baseUrl ?? this.baseUrl, body, op);
    if (answer.conflicts.length > 0) throw new Error(`push ${op}: unexpected conflicts ${JSON.stringify(answer.conflicts).slice(0, 200)}`);
    this.apply(docs, sent);
    return docs.length;
  }

  private async push(baseUrl: string, body: string, op: QueueOp): Promise<{ conflicts: unknown[] }> {
    const path = pushPath('entries');
    if (this.client === 'node:http')
      return ok(requestJson<{ conflicts: unknown[] }>(this.agent, baseUrl + path, { token: this.token, rawBody: body }), `push ${op}`);
    let r = this.raw.get(baseUrl);
    if (!r) {
      r = { conn: new RawConnection(baseUrl), head: postHead(baseUrl, path, this.token) };
      this.raw.set(baseUrl, r);
    }
    const res = await r.conn.request(r.head, body);
    if (res.status !== 200) throw new Error(`push ${op}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as { conflicts: unknown[] };
  }

  /** Closes the raw client's connections. */
  close(): void {
    for (const r of this.raw.values()) r.conn.close();
    this.raw.clear();
  }

  /** Keeps the local copy in step: finished patients leave the working set. */
  apply(docs: readonly Entry[], json?: readonly string[]): void {
    docs.forEach((d, i) => {
      if (d.status === 'waiting' || d.status === 'called' || d.status === 'in_consultation') {
        this.active.set(d.id, d);
        const j = json?.[i];
        if (j) this.json.set(d.id, j);
        else this.json.delete(d.id);
      } else {
        this.active.delete(d.id);
        this.json.delete(d.id);
      }
    });
  }
}
