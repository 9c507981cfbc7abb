// What a failed convergence run needs to be understood: per tablet and
// document, what its replication did (pushes, stream events, conflicts, sent
// and received states), and at the end, for every document a tablet has wrong
// or still counts as unconfirmed, its history, RxDB's assumed master state and
// the server's copy. DOCTORQ_TRACE=1 also records every write RxDB makes to
// the tablet's storage and every checkpoint, and writes the whole timeline to
// /tmp/doctorq-trace-<seed>.log: that is how the dropped-RESYNC bug was found.
import { writeFile } from 'node:fs/promises';
import { getAssumedMasterState } from 'rxdb';
import { deepEqual } from '../shared/equal.ts';
import type { Entry } from '../shared/schemas.ts';
import type { Queryable } from '../server/db/database.ts';
import { serverRows } from './checker.ts';
import { within } from './prng.ts';
import type { Ledger, ReceptionTablet } from './reception.ts';

const TRACE = Boolean(process.env.DOCTORQ_TRACE);
const e = (d: unknown) => d as Entry;
// biome-ignore lint/suspicious/noExplicitAny: RxDB's replication internals, patched to trace them, have no public types.
type Internal = any;

export class Recorder {
  private readonly events = new Map<string, string[]>();
  private readonly errors = new Map<string, string[]>();
  conflicts = 0;

  constructor(private readonly t0: number) {}

  note(tablet: string, id: string, what: string): void {
    const k = `${tablet}/${id}`;
    let list = this.events.get(k);
    if (!list) {
      list = [];
      this.events.set(k, list);
    }
    list.push(`${Date.now() - this.t0}ms ${what}`);
    if (list.length > (id === 'checkpoint' ? 2000 : 40)) list.shift();
  }

  attach(t: ReceptionTablet): void {
    const rep = t.sync.replications.entries;
    rep.conflict$.subscribe((c) => {
      this.conflicts++;
      const { input, output } = c as unknown as {
        input: { realMasterState: Entry; newDocumentState: Entry; assumedMasterState?: Entry };
        output: Entry;
      };
      const s = (d?: Entry) => `${d?.updatedAt}/${d?.status}`;
      this.note(
        t.name,
        output.id,
        `conflict: assumed ${s(input.assumedMasterState)} new ${s(input.newDocumentState)} real ${s(input.realMasterState)} -> ${s(output)}`,
      );
    });
    rep.sent$.subscribe((d) => this.note(t.name, e(d).id, `sent ${e(d).updatedAt}/${e(d).status}`));
    rep.received$.subscribe((d) => this.note(t.name, e(d).id, `received ${e(d).updatedAt}/${e(d).status}`));
    t.net.observe = (kind, phase, body) => {
      if (kind === 'pull' && TRACE) this.note(t.name, 'checkpoint', `pull ${phase}`);
      if (kind !== 'push' || !body) return;
      for (const row of JSON.parse(body) as { newDocumentState: Entry; assumedMasterState?: Entry }[]) {
        if (row.newDocumentState.ticket)
          this.note(
            t.name,
            row.newDocumentState.id,
            `push ${phase} ${row.newDocumentState.updatedAt}/${row.newDocumentState.status} assumed ${row.assumedMasterState?.updatedAt}`,
          );
      }
    };
    // What the stream handed to RxDB.
    t.sync.replications.entries.remoteEvents$.subscribe((ev) => {
      if (ev === 'RESYNC') {
        if (TRACE) this.note(t.name, 'checkpoint', 'RESYNC from the stream');
        return;
      }
      const x = ev as unknown as { documents: Entry[]; checkpoint: { seq: number } };
      for (const d of x.documents) this.note(t.name, d.id, `stream ${d.updatedAt}/${d.status} cp ${x.checkpoint.seq}`);
    });
    for (const [name, r] of Object.entries(t.sync.replications)) {
      r.error$.subscribe((err) => {
        const list = this.errors.get(t.name) ?? [];
        const x = err as { code?: string; parameters?: { errors?: { message?: string }[] }; message?: string };
        list.push(
          `${Date.now() - this.t0}ms ${name} ${x.code ?? ''} ${x.parameters?.errors?.map((m) => m.message).join('; ') ?? x.message ?? ''}`.slice(
            0,
            300,
          ),
        );
        if (list.length > 8) list.shift();
        this.errors.set(t.name, list);
      });
    }
    if (TRACE) this.traceStorage(t);
  }

  /** Wraps the storage RxDB replicates into, once the replication has started. */
  private traceStorage(t: ReceptionTablet): void {
    const rep = t.sync.replications.entries as unknown as { internalReplicationState?: Internal };
    const timer = setInterval(() => {
      const st = rep.internalReplicationState;
      if (!st) return;
      clearInterval(timer);
      const fork = st.input.forkInstance;
      const forkWrite = fork.bulkWrite.bind(fork);
      fork.bulkWrite = async (rows: Internal[], context: string) => {
        const res = await forkWrite(rows, context);
        const errs = new Map((res.error ?? []).map((er: Internal) => [er.documentId, er.status]));
        for (const r of rows) {
          if (r.document.ticket)
            this.note(
              t.name,
              r.document.id,
              `fork write ${context.slice(0, 40)} ${r.document.updatedAt}/${r.document.status} rev ${r.document._rev}${errs.has(r.document.id) ? ` ERROR ${errs.get(r.document.id)}` : ''}`,
            );
        }
        return res;
      };
      const meta = st.input.metaInstance;
      const metaWrite = meta.bulkWrite.bind(meta);
      meta.bulkWrite = async (rows: Internal[], context: string) => {
        const res = await metaWrite(rows, context);
        for (const r of rows) {
          if (r.document.isCheckpoint === '1')
            this.note(t.name, 'checkpoint', `${r.document.itemId} -> ${JSON.stringify(r.document.checkpointData)} (${context})`);
          else if (r.document.docData?.ticket)
            this.note(
              t.name,
              r.document.itemId,
              `meta ${context.slice(0, 40)} ${r.document.docData.updatedAt}/${r.document.docData.status}`,
            );
        }
        return res;
      };
    }, 5);
    timer.unref();
  }

  async dump(seed: number): Promise<string | null> {
    if (!TRACE) return null;
    const lines = [...this.events.entries()]
      .flatMap(([k, evs]) => evs.map((x) => ({ at: parseInt(x, 10), line: `${x.split('ms')[0]!.padStart(7)} ${k} ${x}` })))
      .sort((a, b) => a.at - b.at)
      .map((x) => x.line);
    const file = `/tmp/doctorq-trace-${seed}.log`;
    await writeFile(file, lines.join('\n'));
    return file;
  }

  /** For each tablet: what it lacks, what it has wrong or unconfirmed, and why, as far as can be seen. */
  async diagnose(tablets: ReceptionTablet[], db: Queryable, ledger: Ledger, violations: string[] = []): Promise<string[]> {
    const out: string[] = [];
    // Entries a violation names: their acknowledged writes and what every tablet's replication did with them.
    const named = [...new Set(violations.flatMap((v) => [...v.matchAll(/entry ([0-9a-f-]{36})/g)].map((m) => m[1]!)))].slice(0, 4);
    for (const id of named) {
      out.push(
        `--- entry ${id}`,
        ...(ledger.acks.get(id) ?? []).map((a) => `    ack ${a.tablet}#${a.op} changed [${a.changed.join(',')}]: ${JSON.stringify(a.doc)}`),
        ...tablets.flatMap((x) => (this.events.get(`${x.name}/${id}`) ?? []).map((ev) => `    ${x.name}: ${ev}`)),
      );
    }
    for (const t of tablets) {
      const confirmed = (t.sync.pending as unknown as { confirmed: Record<string, number> }).confirmed;
      const server = new Map((await serverRows(db, [t.clinicId])).filter((r) => r.collection === 'entries').map((r) => [r.id, r.data]));
      const docs = await t.tablet.db.entries.find().exec();
      const ids = new Set(docs.map((d) => d.primary));
      const missing = [...server.keys()].filter((id) => !ids.has(id));
      const wrong = docs.filter((d) => {
        const { _deleted, ...s } = (server.get(d.primary) ?? {}) as Record<string, unknown>;
        void _deleted;
        return confirmed[`entries/${d.primary}`] !== d.updatedAt || !deepEqual(s, d.toMutableJSON());
      });
      const history = (id: string) =>
        tablets.flatMap((x) => (this.events.get(`${x.name}/${id}`) ?? []).map((ev) => `    ${x.name} ${id.slice(-6)}: ${ev}`));
      const internal = (t.sync.replications.entries as unknown as { internalReplicationState: Internal }).internalReplicationState;
      out.push(
        `--- ${t.name}: phase ${t.sync.status$.value.phase}, requests ${JSON.stringify({ completed: t.net.completed, failed: t.net.failed })}`,
        `  in flight: ${t.net.describeInFlight().join(', ') || 'nothing'}; awaitInSync ${await within(t.sync.awaitInSync(), 3000, '').then(
          () => 'resolves',
          () => 'hangs',
        )}`,
        ...(this.errors.get(t.name) ?? []).map((x) => `  error$: ${x}`),
      );
      if (missing.length > 0) out.push(`  lacks ${missing.length} server entries, e.g.:`, ...missing.slice(0, 3).flatMap(history));
      for (const d of wrong.slice(0, 5)) {
        const meta = (await getAssumedMasterState(internal, [d.primary]))[d.primary] as
          | { docData: Entry; metaDocument: { isResolvedConflict?: string } }
          | undefined;
        const [fork] = await internal.input.forkInstance.findDocumentsById([d.primary], true);
        out.push(
          `  wrong or unconfirmed ${d.primary}: local ${d.updatedAt}/${d.status}, confirmed ${confirmed[`entries/${d.primary}`]}, server ${JSON.stringify(server.get(d.primary))}`,
          `    RxDB assumed master ${meta ? `${meta.docData.updatedAt}/${meta.docData.status} (isResolvedConflict ${meta.metaDocument.isResolvedConflict})` : 'none'}; stored rev ${fork?._rev}`,
          `    acknowledged: ${(ledger.acks.get(d.primary) ?? []).map((a) => `${a.tablet}#${a.op}@${a.doc.updatedAt}:${a.doc.status}`).join(' ')}`,
          ...history(d.primary),
        );
      }
    }
    return out;
  }
}
