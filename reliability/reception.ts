// A reception tablet driven the way the receptionist drives it: every action
// goes through client/reception/entries.ts (EntryActions: the shared queue
// functions, the per-tablet action chain, the stale-decision guard), on the
// real RxDB database replicating with the real ClinicSync.
//
// Every local write the database acknowledged is recorded from RxDB's
// post-insert and post-save hooks, which run for the app's own writes only
// (replication writes go to the storage underneath), with the state written.
import { IDBFactory } from 'fake-indexeddb';
import { EntryActions, dayQuery, plain } from '../client/reception/entries.ts';
import { uuidv7 } from '../shared/ids.ts';
import { deepEqual } from '../shared/equal.ts';
import { ENTRY_GROUPS } from '../shared/merge.ts';
import { waitingQueue } from '../shared/queue.ts';
import { DEFAULT_TIME_ZONE, type Entry } from '../shared/schemas.ts';
import { clinicDay } from '../shared/tickets.ts';
import type { Grant } from '../server/auth/sessions.ts';
import { login } from '../testkit/harness.ts';
import { startTablet, type TestTablet } from '../testkit/rx-client.ts';
import { ChaosNet } from './net.ts';
import type { Prng } from './prng.ts';

export const OPS = ['add', 'reorder', 'callNext', 'call', 'start', 'finish', 'noShow', 'recall', 'cancel', 'urgent', 'editName'] as const;
export type OpKind = (typeof OPS)[number];

/** One acknowledged local write: the document state the tablet's database stored. */
export interface Ack {
  tablet: string;
  op: number;
  doc: Entry;
  /** The field groups (named by their first field) this write changed; all of them for a registration. */
  changed: string[];
}

/** The merge's field groups (shared/merge.ts) plus every other field on its own, named by their first field. */
export const FIELD_GROUPS: readonly (readonly string[])[] = [
  ...ENTRY_GROUPS,
  ...['id', 'clinicId', 'day', 'ticket', 'arrivedAt', 'source'].map((k) => [k]),
];

function changedGroups(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string[] {
  return FIELD_GROUPS.filter((g) => !before || g.some((k) => !deepEqual(before[k], after[k]))).map((g) => g[0]!);
}

export interface TraceLine {
  i: number;
  atMs: number;
  who: string;
  what: string;
  outcome?: string;
}

/** What every tablet acknowledged, and what happened when: the checker's input and the failure report. */
export class Ledger {
  readonly acks = new Map<string, Ack[]>();
  readonly inserts = new Map<string, Ack>();
  readonly trace: TraceLine[] = [];
  readonly faults: TraceLine[] = [];
  private readonly t0 = Date.now();
  private seq = 0;

  ack(tablet: string, op: number, doc: Entry, inserted: boolean, changed: string[]): void {
    const a: Ack = { tablet, op, doc, changed };
    let list = this.acks.get(doc.id);
    if (!list) {
      list = [];
      this.acks.set(doc.id, list);
    }
    list.push(a);
    if (inserted) this.inserts.set(doc.id, a);
  }

  op(who: string, what: string): TraceLine {
    const line = { i: this.seq++, atMs: Date.now() - this.t0, who, what };
    this.trace.push(line);
    return line;
  }

  fault(what: string): void {
    const line = { i: this.seq++, atMs: Date.now() - this.t0, who: 'chaos', what };
    this.faults.push(line);
    this.trace.push(line);
  }

  /** The seed, the faults and the last `n` lines: enough to see what led to a failure. */
  report(seed: number, n = 40): string {
    const fmt = (l: TraceLine) => `  #${l.i} +${l.atMs}ms ${l.who}: ${l.what}${l.outcome ? ` -> ${l.outcome}` : ''}`;
    return [
      `seed ${seed} (replay the schedule with DOCTORQ_SEED=${seed}; network timing is real, so a replay is close, not exact)`,
      `faults (${this.faults.length}):`,
      ...this.faults.map(fmt),
      `last ${Math.min(n, this.trace.length)} of ${this.trace.length} operations and faults:`,
      ...this.trace.slice(-n).map(fmt),
    ].join('\n');
  }
}

/**
 * The day every tablet works in, switched by the schedule to cover midnight.
 * It starts today: visits of a past day are closed by the server's own
 * day-close job, which first runs a minute after the server starts, and a
 * run slowed by a busy machine outlives that minute.
 */
export class Clock {
  day = clinicDay(Date.now(), DEFAULT_TIME_ZONE);
  advance(): void {
    const d = new Date(`${this.day}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    this.day = d.toISOString().slice(0, 10);
  }
}

const NAMES = [
  'Amel Haddad',
  'Sami Ferchichi',
  'Yasmine Ben Ali',
  'Karim Trabelsi',
  'Ines Gharbi',
  'Mehdi Jaziri',
  'Leila Mansour',
  'Omar Chebbi',
  'Nour Bouazizi',
  'Hedi Ayari',
];
const DOCTORS = [null, 'doc-1', 'doc-2'] as const;

export class ReceptionTablet {
  readonly actions: EntryActions;
  private busy: Promise<unknown> = Promise.resolve();
  private currentOp = -1;

  private constructor(
    readonly name: string,
    readonly clinicId: string,
    readonly grant: Grant,
    readonly net: ChaosNet,
    readonly tablet: TestTablet,
    private readonly ledger: Ledger,
    private readonly clock: Clock,
  ) {
    this.actions = new EntryActions(tablet.db.entries, { clinicId, series: grant.device!.series }, () => clock.day);
    // What each write changed, from the state it replaced (RxDB's pre-save hook gets both).
    const changes = new Map<string, string[]>();
    tablet.db.entries.preSave(
      ((data: Record<string, unknown>, previous: Record<string, unknown> & { _data?: Record<string, unknown> }) => {
        changes.set(data.id as string, changedGroups(previous?._data ?? previous, data));
      }) as never,
      false,
    );
    const record = (inserted: boolean) => (data: Record<string, unknown>) => {
      const { _meta, _rev, _attachments, _deleted, ...doc } = data;
      const changed = inserted ? changedGroups(undefined, doc) : (changes.get(doc.id as string) ?? changedGroups(undefined, doc));
      changes.delete(doc.id as string);
      ledger.ack(name, this.currentOp, doc as unknown as Entry, inserted, changed);
    };
    tablet.db.entries.postInsert(record(true) as never, false);
    tablet.db.entries.postSave(record(false) as never, false);
  }

  static async open(
    baseUrl: string,
    clinic: { id: string; emails: { receptionist: string } },
    name: string,
    ledger: Ledger,
    clock: Clock,
  ): Promise<ReceptionTablet> {
    const grant = await login(baseUrl, clinic.emails.receptionist, { kind: 'reception', name });
    const net = new ChaosNet();
    const tablet = await startTablet(baseUrl, grant, { fetch: net.fetch, indexedDB: new IDBFactory() });
    return new ReceptionTablet(name, clinic.id, grant, net, tablet, ledger, clock);
  }

  get sync() {
    return this.tablet.sync;
  }

  async entries(): Promise<Entry[]> {
    return (await dayQuery(this.tablet.db.entries, this.clock.day).exec()).map(plain);
  }

  /** Waits for this tablet's previous action (a receptionist does one thing at a time), then starts `kind`. */
  perform(kind: OpKind, rng: Prng): Promise<void> {
    // Decide the arguments now from the seed, apply them to whatever the tablet shows when it runs.
    const r = { a: rng.next(), b: rng.next(), c: rng.next(), id: rng.bytes(10) };
    const line = this.ledger.op(this.name, kind);
    const run = this.busy.then(async () => {
      this.currentOp = line.i;
      try {
        line.outcome = await this.run(kind, r, line);
      } catch (err) {
        line.outcome = `error: ${(err as Error).message}`;
        throw err;
      }
    });
    this.busy = run.catch(() => undefined);
    return run;
  }

  idle(): Promise<unknown> {
    return this.busy;
  }

  private async run(kind: OpKind, r: { a: number; b: number; c: number; id: Uint8Array }, line: TraceLine): Promise<string> {
    const entries = await this.entries();
    const pickOf = (list: Entry[]) => (list.length === 0 ? null : list[Math.floor(r.a * list.length)]!);
    const withStatus = (...s: Entry['status'][]) =>
      pickOf(entries.filter((e) => s.includes(e.status)).sort((x, y) => x.id.localeCompare(y.id)));
    const doctor = DOCTORS[Math.floor(r.b * DOCTORS.length)]!;
    const label = (e: Entry) => `${e.ticket} ${e.id.slice(-6)} (${e.status})`;
    switch (kind) {
      case 'add': {
        const id = uuidv7(Date.now(), r.id);
        const e = await this.actions.register(
          {
            name: NAMES[Math.floor(r.a * NAMES.length)]!,
            phone: r.c < 0.5 ? null : '+216 20 000 000',
            doctorId: r.c < 0.3 ? doctor : null,
            priority: r.c > 0.9 ? 'urgent' : 'normal',
          },
          id,
        );
        line.what = `add ${e.ticket} ${id.slice(-6)}`;
        return 'ok';
      }
      case 'reorder': {
        const queue = waitingQueue(entries, doctor);
        const e = pickOf(queue);
        if (!e) return 'nobody waiting';
        const to = Math.floor(r.c * queue.length);
        line.what = `reorder ${label(e)} to ${to} in view ${doctor ?? 'all'}`;
        await this.actions.moveTo(e.id, to, doctor);
        return 'ok';
      }
      case 'callNext':
        line.what = `callNext ${doctor ?? 'general'}`;
        await this.actions.callNext(doctor);
        return 'ok';
      case 'call': {
        const e = withStatus('waiting');
        if (!e) return 'nobody waiting';
        line.what = `call ${label(e)} for ${doctor ?? 'general'}`;
        await this.actions.call(e.id, doctor);
        return 'ok';
      }
      case 'start':
      case 'finish':
      case 'noShow':
      case 'recall':
      case 'cancel':
      case 'urgent': {
        const from = {
          start: ['called'],
          finish: ['called', 'in_consultation'],
          noShow: ['waiting', 'called'],
          recall: ['no_show'],
          cancel: ['waiting', 'called', 'no_show'],
          urgent: ['waiting'],
        } as const;
        const e = withStatus(...from[kind]);
        if (!e) return 'no candidate';
        line.what = `${kind} ${label(e)}`;
        if (kind === 'start') await this.actions.startConsultation(e.id);
        else if (kind === 'finish') await this.actions.finish(e.id);
        else if (kind === 'noShow') await this.actions.markNoShow(e.id);
        else if (kind === 'recall') await this.actions.recall(e.id);
        else if (kind === 'cancel') await this.actions.cancel(e.id, 'left');
        else await this.actions.setUrgent(e.id, e.priority !== 'urgent');
        return 'ok';
      }
      case 'editName': {
        const e = pickOf([...entries].sort((x, y) => x.id.localeCompare(y.id)));
        if (!e) return 'no entry';
        const name = `${NAMES[Math.floor(r.b * NAMES.length)]} ${Math.floor(r.c * 100)}`;
        line.what = `editName ${label(e)} -> ${name}`;
        // No screen edits a name yet; this is the write such a screen would make.
        const doc = await this.tablet.db.entries.findOne(e.id).exec();
        await doc!.incrementalModify((latest) => ({ ...latest, name, updatedAt: Date.now() }));
        return 'ok';
      }
    }
  }

  async close(): Promise<void> {
    await this.busy;
    await this.tablet.close();
  }
}
