// The convergence checker: what must hold once every tablet and instance is
// back and everything settled. Returns the violations found (empty: all good).
import { deepEqual } from '../shared/equal.ts';
import { waitingQueue } from '../shared/queue.ts';
import type { CollectionName, Entry } from '../shared/schemas.ts';
import type { Queryable } from '../server/db/database.ts';
import { changesSince } from '../server/docs/reads.ts';
import { FIELD_GROUPS, type Ledger } from './reception.ts';
import type { ClinicDb } from '../client/db/database.ts';
import { entryInWindow, type WindowBounds } from '../shared/window.ts';

const COLLECTIONS: CollectionName[] = ['entries', 'doctors', 'settings'];
/** Fields every acknowledged state of an entry agrees on: set at registration, never changed. */
const IMMUTABLE = ['id', 'clinicId', 'day', 'ticket', 'arrivedAt', 'source'] as const;
const GROUPS = FIELD_GROUPS;

type Doc = Record<string, unknown> & { id: string; clinicId: string };
export type Snapshot = Record<CollectionName, Map<string, Doc>>;

export interface ServerRow {
  clinic_id: string;
  collection: CollectionName;
  id: string;
  data: Doc & { _deleted: boolean };
}

export async function serverRows(db: Queryable, clinicIds: string[]): Promise<ServerRow[]> {
  const rows: ServerRow[] = [];
  for (const clinicId of clinicIds) {
    for (const r of await changesSince(db, clinicId, 0, Number.MAX_SAFE_INTEGER)) {
      rows.push({ clinic_id: clinicId, collection: r.collection, id: String(r.data.id), data: r.data as ServerRow['data'] });
    }
  }
  return rows;
}

/** A replica's documents as the server stores them (without RxDB's bookkeeping). */
export async function tabletSnapshot(db: ClinicDb): Promise<Snapshot> {
  const out = {} as Snapshot;
  for (const c of COLLECTIONS) {
    const docs = await (db[c] as ClinicDb['entries']).find().exec();
    out[c] = new Map(docs.map((d) => [d.primary, d.toMutableJSON() as unknown as Doc]));
  }
  return out;
}

/** What a tablet of the clinic must hold: its documents, visits inside the window only (shared/window.ts). */
function serverSnapshot(rows: ServerRow[], clinicId: string, window: WindowBounds): Snapshot {
  const out = { entries: new Map(), doctors: new Map(), settings: new Map() } as Snapshot;
  for (const r of rows) {
    if (r.clinic_id !== clinicId || r.data._deleted) continue;
    if (r.collection === 'entries' && !entryInWindow(r.data as unknown as Entry, window)) continue;
    const { _deleted, ...doc } = r.data;
    void _deleted;
    out[r.collection].set(r.id, doc as Doc);
  }
  return out;
}

/** Differences between two snapshots, at most `max` of them, described. */
export function diffSnapshots(a: Snapshot, b: Snapshot, aName: string, bName: string, max = 10): string[] {
  const out: string[] = [];
  for (const c of COLLECTIONS) {
    for (const [id, doc] of a[c]) {
      const other = b[c].get(id);
      if (!other) out.push(`${c}/${id} is on ${aName}, not on ${bName}`);
      else if (!deepEqual(doc, other)) out.push(`${c}/${id} differs: ${aName} ${JSON.stringify(doc)} vs ${bName} ${JSON.stringify(other)}`);
    }
    for (const id of b[c].keys()) if (!a[c].has(id)) out.push(`${c}/${id} is on ${bName}, not on ${aName}`);
  }
  return out.slice(0, max);
}

export interface Replica {
  name: string;
  clinicId: string;
  snapshot: Snapshot;
  pending: number | null;
}

export interface CheckInput {
  ledger: Ledger;
  /** Tablet name -> clinic id, for every tablet that wrote. */
  tabletClinic: Map<string, string>;
  clinics: string[];
  rows: ServerRow[];
  replicas: Replica[];
  /** Past visits written before the tablets started, outside their window: on the server unchanged, on no tablet. */
  history: readonly Entry[];
  /** The window at the time of the check (every clinic of these tests keeps the default past days in one zone). */
  window: WindowBounds;
}

export function check({ ledger, tabletClinic, clinics, rows, replicas, history, window }: CheckInput): string[] {
  const v: string[] = [];
  const past = new Map(history.map((e) => [e.id, e]));
  for (const r of rows) {
    const e = past.get(r.id);
    if (e && !deepEqual(r.data, { ...e, _deleted: false })) v.push(`HISTORY CHANGED: past visit ${r.id} is now ${JSON.stringify(r.data)}`);
  }
  const stored = new Set(rows.map((r) => r.id));
  for (const e of history) if (!stored.has(e.id)) v.push(`HISTORY LOST: past visit ${e.id} is not on the server`);
  for (const rep of replicas)
    for (const id of rep.snapshot.entries.keys()) if (past.has(id)) v.push(`UNBOUNDED: ${rep.name} holds past visit ${id}`);
  const entryRows = rows.filter((r) => r.collection === 'entries' && !past.has(r.id));

  // No document id appears twice across the clinics, and none is deleted (no action deletes).
  const byId = new Map<string, ServerRow[]>();
  for (const r of entryRows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  for (const [id, list] of byId)
    if (list.length > 1) v.push(`entry ${id} stored ${list.length} times (clinics ${list.map((r) => r.clinic_id).join(', ')})`);
  for (const r of entryRows) if (r.data._deleted) v.push(`entry ${r.id} is deleted on the server, but no action deletes`);
  for (const r of rows)
    if (r.data.clinicId !== r.clinic_id)
      v.push(`${r.collection}/${r.id} stored under clinic ${r.clinic_id} says clinicId ${r.data.clinicId}`);

  // Every acknowledged registration is on the server, in its clinic, exactly once; nothing else is.
  const acked = new Set(ledger.inserts.keys());
  for (const [id, ins] of ledger.inserts) {
    const list = byId.get(id) ?? [];
    const clinic = tabletClinic.get(ins.tablet);
    if (list.length === 0) v.push(`LOST: entry ${id} (${ins.doc.ticket}) registered on ${ins.tablet} (op #${ins.op}) is not on the server`);
    else if (list[0]!.clinic_id !== clinic)
      v.push(`entry ${id} registered on ${ins.tablet} (clinic ${clinic}) is stored in clinic ${list[0]!.clinic_id}`);
  }
  for (const r of entryRows) if (!acked.has(r.id)) v.push(`PHANTOM: entry ${r.id} on the server was never registered by a tablet`);

  // Tickets are unique per clinic per day.
  const tickets = new Map<string, string>();
  for (const r of entryRows) {
    const key = `${r.clinic_id}/${r.data.day}/${r.data.ticket}`;
    const seen = tickets.get(key);
    if (seen) v.push(`DUPLICATE TICKET ${r.data.ticket} on ${r.data.day} in clinic ${r.clinic_id}: entries ${seen} and ${r.id}`);
    else tickets.set(key, r.id);
  }

  // Each entry on the server is made of acknowledged states: every field group
  // equals that group in some state a tablet stored, registration fields never
  // changed, and the latest acknowledged write is not lost (updatedAt is the
  // latest acknowledged one: merges keep the later updatedAt).
  for (const r of entryRows) {
    const acks = ledger.acks.get(r.id);
    if (!acks) continue;
    const doc = r.data as unknown as Entry & Record<string, unknown>;
    const ins = ledger.inserts.get(r.id);
    if (ins) {
      for (const k of IMMUTABLE)
        if (!deepEqual(doc[k], ins.doc[k]))
          v.push(`entry ${r.id}: ${k} changed from ${JSON.stringify(ins.doc[k])} to ${JSON.stringify(doc[k])}`);
    }
    for (const g of GROUPS) {
      const explained = acks.some((a) => g.every((k) => deepEqual((a.doc as unknown as Record<string, unknown>)[k], doc[k])));
      if (!explained)
        v.push(`entry ${r.id} (${doc.ticket}): ${g.join('+')} = ${JSON.stringify(g.map((k) => doc[k]))} was never written by a tablet`);
    }
    // A group only one tablet changed after registration ends with that tablet's
    // last value: no merge may drop a change nobody else contested (with no
    // base, RxDB's conflict handler lets a whole document win and did).
    for (const g of GROUPS) {
      const first = g[0]!;
      const changes = acks.filter((a) => a.changed.includes(first) && a !== ins);
      const writers = new Set(changes.map((a) => a.tablet));
      const expected = writers.size === 1 ? changes.at(-1)!.doc : writers.size === 0 ? ins?.doc : undefined;
      if (!expected) continue;
      const got = g.map((k) => doc[k]);
      const want = g.map((k) => (expected as unknown as Record<string, unknown>)[k]);
      if (!deepEqual(got, want)) {
        v.push(
          `LOST CHANGE: entry ${r.id} (${doc.ticket}): ${g.join('+')} is ${JSON.stringify(got)}, but only ${writers.size === 1 ? [...writers][0] : 'the registration'} set it, last to ${JSON.stringify(want)}`,
        );
      }
    }
    const latest = Math.max(...acks.map((a) => a.doc.updatedAt));
    if (doc.updatedAt !== latest) {
      const lost = acks.filter((a) => a.doc.updatedAt > doc.updatedAt).map((a) => `${a.tablet} op #${a.op} at ${a.doc.updatedAt}`);
      v.push(`LOST UPDATE: entry ${r.id} (${doc.ticket}) has updatedAt ${doc.updatedAt}, acknowledged later: ${lost.join(', ')}`);
    }
  }

  // Every replica holds exactly its clinic's server documents inside the window, nothing of another clinic, nothing unconfirmed.
  for (const rep of replicas) {
    for (const c of COLLECTIONS) {
      for (const d of rep.snapshot[c].values())
        if (d.clinicId !== rep.clinicId) v.push(`ISOLATION: ${rep.name} holds ${c}/${d.id} of clinic ${d.clinicId}`);
    }
    const server = serverSnapshot(rows, rep.clinicId, window);
    for (const d of diffSnapshots(rep.snapshot, server, rep.name, 'server')) v.push(`DIVERGED: ${d}`);
    if (rep.pending !== 0) v.push(`${rep.name} still counts ${rep.pending} unconfirmed changes`);
  }

  // Replicas of one clinic show the same queues, position by position.
  for (const clinic of clinics) {
    const reps = replicas.filter((r) => r.clinicId === clinic);
    const queues = reps.map((r) => positions([...r.snapshot.entries.values()] as unknown as Entry[]));
    for (let i = 1; i < reps.length; i++) {
      if (!deepEqual(queues[i], queues[0]))
        v.push(
          `POSITIONS differ between ${reps[0]!.name} and ${reps[i]!.name}: ${JSON.stringify(queues[0]).slice(0, 300)} vs ${JSON.stringify(queues[i]).slice(0, 300)}`,
        );
    }
  }
  return v;
}

/** Per day and doctor view: the waiting queue's ids in order, as each screen derives them. */
export function positions(entries: Entry[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const days = [...new Set(entries.map((e) => e.day))].sort();
  for (const day of days) {
    const ofDay = entries.filter((e) => e.day === day);
    for (const view of [null, 'doc-1', 'doc-2']) out[`${day}/${view ?? 'all'}`] = waitingQueue(ofDay, view).map((e) => e.id);
  }
  return out;
}
