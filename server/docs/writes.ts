// The one write path of replicated documents on the server. Every document
// written by anyone (a tablet's push, self check-in, the owner area, sign-up,
// the demo, retention erasure, test rigs) goes through `Documents`: one
// dq_push statement per push (migrations/functions/20_dq_push.sql: the
// clinic lock, compare-and-write, sequence, NOTIFY, and one SQL function per
// policy), then what follows the commit, the same for every caller:
// - the fan-out announce, when the database does not notify by itself
//   (Redis fan-out: the instance that committed publishes after commit);
// - the notifier's wake-up, when entries changed.
// Created once by server/main.ts and injected where documents are written.
import type { Logger } from 'pino';
import { prepared, type Database, type Queryable } from '../db/database.ts';
import type { CollectionName } from '../../shared/schemas.ts';
import type { PushRow, WireDoc } from '../../shared/protocol.ts';
import { PLAN_LIMIT_CODE } from '../../shared/saas.ts';
import { STORAGE_QUOTA_CODE } from '../../shared/errors.ts';
import { MAX_DOCUMENT_BYTES } from '../../shared/schemas.ts';
import { HttpError } from '../http/errors.ts';
import { closedError, suspendedError } from '../billing/plans.ts';

export type Doc = WireDoc<Record<string, unknown>>;

export interface PushResult {
  conflicts: Doc[];
  /** The clinic's sequence after the push. */
  seq: number;
  /** Documents written (rows equal to the server's copy and conflicts are not). */
  written: number;
}

/** Who writes, for the audit log: a staff member and their device, or the system (both null). */
export interface Actor {
  userId: string | null;
  deviceId: string | null;
}
export const SYSTEM: Actor = { userId: null, deviceId: null };

export interface PushOptions {
  /** Who pushed (the audit log); the system when omitted. */
  actor?: Actor;
  /** The system's own duties (retention erasure) go on in a suspended clinic; everyone else is refused. */
  whileSuspended?: boolean;
}

/** The fan-out across instances (server/sync/feed.ts). */
export interface Fanout {
  /** True when dq_push's NOTIFY is the fan-out; false when it must be announced after commit. */
  readonly notifiesInDatabase: boolean;
  announce(clinicId: string, seq: number): Promise<void>;
}

export interface DocumentsOptions {
  fanout?: Fanout | null;
  /** Woken after a commit that changed a clinic's entries (patient notifications). */
  notifier?: { changed(clinicId: string): void } | null;
  log?: Pick<Logger, 'warn'> | null;
}

/** A transaction in which documents are written with other statements (reads, other tables). */
export interface DocumentTx extends Queryable {
  push(clinicId: string, collection: CollectionName, rows: PushRow[], opts?: PushOptions): Promise<PushResult>;
}

interface Commit {
  clinicId: string;
  collection: CollectionName;
  seq: number;
}

const NOTHING: PushResult = { conflicts: [], seq: 0, written: 0 };
/** Every push runs this: prepared once per connection. */
const PUSH_SQL = prepared('SELECT dq_push($1, $2, $3::jsonb, $4, $5, $6, $7) AS r');

export class Documents {
  constructor(
    private readonly db: Database,
    private readonly opts: DocumentsOptions = {},
  ) {}

  /**
   * One push in its own transaction (one statement, one round trip), then the post-commit steps.
   * Refused with 403: a closed clinic's write, the system's too (clinic_account_closed), a suspended clinic's write (clinic_suspended), doctors activated beyond the plan (plan_limit),
   * document bytes beyond the plan (storage_quota); with 422 invalid_document: a document over MAX_DOCUMENT_BYTES.
   */
  async push(clinicId: string, collection: CollectionName, rows: PushRow[], opts: PushOptions = {}): Promise<PushResult> {
    const result = await this.statement(this.db, clinicId, collection, rows, opts);
    await this.afterCommit(result.written > 0 ? [{ clinicId, collection, seq: result.seq }] : []);
    return result;
  }

  /**
   * Runs `fn` in one transaction; the documents it pushes follow the same
   * rules, and the post-commit steps run once it has committed (never for a
   * rolled-back transaction).
   */
  async transaction<T>(fn: (tx: DocumentTx) => Promise<T>): Promise<T> {
    const commits: Commit[] = [];
    const out = await this.db.transaction((tx) =>
      fn({
        query: (sql, params) => tx.query(sql, params),
        exec: (sql) => tx.exec(sql),
        push: async (clinicId, collection, rows, opts = {}) => {
          const result = await this.statement(tx, clinicId, collection, rows, opts);
          if (result.written > 0) commits.push({ clinicId, collection, seq: result.seq });
          return result;
        },
      }),
    );
    await this.afterCommit(commits);
    return out;
  }

  private get notifiesInDatabase(): boolean {
    return this.opts.fanout?.notifiesInDatabase ?? true;
  }

  private async statement(
    q: Queryable,
    clinicId: string,
    collection: CollectionName,
    rows: PushRow[],
    { actor = SYSTEM, whileSuspended = false }: PushOptions,
  ): Promise<PushResult> {
    if (rows.length === 0) return NOTHING;
    // The statement's JSON, each document serialised once: for its size and for the statement.
    const json = `[${rows
      .map((row, i) => {
        const doc = JSON.stringify(row.newDocumentState);
        // Whoever writes: no document of ours comes near this, so one that does is refused whole, never truncated.
        if (Buffer.byteLength(doc) > MAX_DOCUMENT_BYTES)
          throw new HttpError(422, 'invalid_document', `document at index ${i} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
        return row.assumedMasterState === undefined
          ? `{"newDocumentState":${doc}}`
          : `{"assumedMasterState":${JSON.stringify(row.assumedMasterState)},"newDocumentState":${doc}}`;
      })
      .join(',')}]`;
    try {
      const [row] = await q.query<{ r: PushResult }>(PUSH_SQL, [
        clinicId,
        collection,
        json,
        this.notifiesInDatabase,
        actor.userId,
        actor.deviceId,
        whileSuspended,
      ]);
      return row!.r;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (e.code === 'DQ001') throw suspendedError();
      if (e.code === 'DQ004') throw closedError();
      if (e.code === 'DQ002') throw new HttpError(403, PLAN_LIMIT_CODE, `${e.message}: deactivate one or change plan`);
      if (e.code === 'DQ003') throw new HttpError(403, STORAGE_QUOTA_CODE, `${e.message}: delete old documents or change plan`);
      throw err;
    }
  }

  /** Once per clinic, with its last sequence: announce (unless the database notified), wake the notifier. */
  private async afterCommit(commits: Commit[]): Promise<void> {
    const byClinic = new Map<string, { seq: number; entries: boolean }>();
    for (const c of commits) {
      const cur = byClinic.get(c.clinicId) ?? { seq: 0, entries: false };
      byClinic.set(c.clinicId, { seq: Math.max(cur.seq, c.seq), entries: cur.entries || c.collection === 'entries' });
    }
    for (const [clinicId, { seq, entries }] of byClinic) {
      const fanout = this.opts.fanout;
      if (fanout && !fanout.notifiesInDatabase) {
        // The commit stands whatever happens here: streams on other instances catch up at their next wake-up or reconnect.
        await fanout.announce(clinicId, seq).catch((err: unknown) => this.opts.log?.warn({ err, clinicId }, 'fan-out announce failed'));
      }
      if (entries) this.opts.notifier?.changed(clinicId);
    }
  }
}
