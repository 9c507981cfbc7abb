// Drains mail_outbox (verification, invitations, password resets): the same
// shape as the notification outbox (server/notify/outbox.ts). On Postgres a
// worker claims one due row with FOR UPDATE SKIP LOCKED, sends it and records
// the outcome in that transaction, so two instances never send one row at
// once; a worker that dies before its commit leaves the row to be sent again
// with the same Message-ID. On PGlite (one session) the claim is in memory.
//
// Logs and last_error carry the row's id and kind, never the address or the
// body (which holds a one-time link); a finished row's body is emptied.
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/database.ts';
import { DrainLoop } from '../notify/drain-loop.ts';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_POLL_MS, DEFAULT_RETRY_BASE_MS, DEFAULT_RETRY_CAP_MS, retryDelay } from '../notify/outbox.ts';
import { SendError } from '../notify/providers.ts';
import { domainOf, type Mailer } from './smtp.ts';

interface MailRow {
  id: string;
  to_email: string;
  kind: string;
  subject: string;
  body: string;
  attempts: number;
}

export interface MailWorkerOptions {
  /** The sender address (MAIL_FROM): Message-IDs are made in its domain. */
  from: string;
  pollMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Counts each final outcome (the metrics). */
  onOutcome?: (kind: string, outcome: 'sent' | 'failed') => void;
}

const DUE = `status = 'pending' AND next_attempt_at <= clock_timestamp()`;
const COLUMNS = 'id, to_email, kind, subject, body, attempts';

/** In-process claims of the PGlite mail workers sharing one database. */
const localClaims = new WeakMap<Database, Set<string>>();

/** Pending mail (the depth gauge). */
export async function mailDepth(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'pending'`);
  return row?.n ?? 0;
}

export class MailWorker extends DrainLoop {
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryCapMs: number;
  private readonly domain: string;

  constructor(
    private readonly db: Database,
    private readonly mailer: Mailer,
    log: Logger,
    private readonly opts: MailWorkerOptions,
  ) {
    super('mail worker', log, opts.pollMs ?? DEFAULT_POLL_MS);
    this.maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.retryBaseMs = opts.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
    this.retryCapMs = opts.retryCapMs ?? DEFAULT_RETRY_CAP_MS;
    this.domain = domainOf(opts.from);
  }

  async runOnce(): Promise<boolean> {
    if (this.db.kind === 'pglite') return this.runOnceLocal();
    // A cheap look first: an idle poll costs one query, not a transaction.
    const due = await this.db.query(`SELECT 1 FROM mail_outbox WHERE ${DUE} LIMIT 1`);
    if (due.length === 0) return false;
    return this.db.transaction(async (tx) => {
      const [m] = await tx.query<MailRow>(
        `SELECT ${COLUMNS} FROM mail_outbox WHERE ${DUE} ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!m) return false;
      await this.deliver(tx, m);
      return true;
    });
  }

  async stop(): Promise<void> {
    await super.stop();
    this.mailer.close();
  }

  private async runOnceLocal(): Promise<boolean> {
    let claims = localClaims.get(this.db);
    if (!claims) {
      claims = new Set();
      localClaims.set(this.db, claims);
    }
    const rows = await this.db.query<MailRow>(`SELECT ${COLUMNS} FROM mail_outbox WHERE ${DUE} ORDER BY next_attempt_at LIMIT $1`, [
      claims.size + 1,
    ]);
    const m = rows.find((r) => !claims.has(r.id));
    if (!m) return false;
    claims.add(m.id);
    try {
      // Another worker may have finished it between our read and our claim.
      const [now] = await this.db.query<MailRow>(`SELECT ${COLUMNS} FROM mail_outbox WHERE id = $1 AND ${DUE}`, [m.id]);
      if (now) await this.deliver(this.db, now);
      return true;
    } finally {
      claims.delete(m.id);
    }
  }

  private async deliver(q: Queryable, m: MailRow): Promise<void> {
    const messageId = `<${m.id}@${this.domain}>`;
    const attempts = m.attempts + 1;
    const ctx = { mailId: m.id, kind: m.kind, attempt: attempts };
    let error: SendError | null = null;
    try {
      await this.mailer.send({ messageId, to: m.to_email, subject: m.subject, text: m.body });
    } catch (err) {
      error = err instanceof SendError ? err : new SendError(`mailer failed (${err instanceof Error ? err.name : typeof err})`, true);
    }
    if (!error) {
      await q.query(
        `UPDATE mail_outbox SET status = 'sent', body = '', sent_at = clock_timestamp(), attempts = $2, message_id = $3, last_error = NULL
          WHERE id = $1`,
        [m.id, attempts, messageId],
      );
      this.opts.onOutcome?.(m.kind, 'sent');
      this.log.info(ctx, 'mail sent');
      return;
    }
    if (!error.retry || attempts >= this.maxAttempts) {
      await q.query(`UPDATE mail_outbox SET status = 'failed', body = '', attempts = $2, message_id = $3, last_error = $4 WHERE id = $1`, [
        m.id,
        attempts,
        messageId,
        error.message,
      ]);
      this.opts.onOutcome?.(m.kind, 'failed');
      this.log.warn({ ...ctx, error: error.message }, 'mail failed');
      return;
    }
    const delay = retryDelay(attempts, this.retryBaseMs, this.retryCapMs);
    await q.query(
      `UPDATE mail_outbox SET attempts = $2, message_id = $3, last_error = $4, next_attempt_at = clock_timestamp() + $5 * interval '1 millisecond'
        WHERE id = $1`,
      [m.id, attempts, messageId, error.message, delay],
    );
    this.log.warn({ ...ctx, error: error.message, retryInMs: delay }, 'mail send failed; will retry');
  }
}
