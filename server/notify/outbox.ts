// The outbox: notifications are rows first, sends second. The notifier
// inserts them (once per entry, kind, occasion and channel, whatever the
// number of instances); workers on any instance drain them.
//
// Postgres: a worker claims one due message with FOR UPDATE SKIP LOCKED inside
// a transaction, sends it and marks it sent in that same transaction. Another
// worker skips the locked row; a worker that dies before its commit leaves the
// row pending and unlocked, and another sends it again with the same
// idempotency key (the outbox id), which the provider uses to deliver once.
//
// PGlite is one session in one process: a transaction held open during a send
// would stall every other query of the server, so there a worker claims the
// row in memory (shared by the workers of that database) and writes the
// outcome after the send. A process that dies mid-send leaves the row pending,
// and it is sent again, with the same key, after the restart.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/database.ts';
import type { NotificationKind } from './messages.ts';
import { readDoc } from '../docs/reads.ts';
import { messageText, pushPayload, templateParameters, type MessageFacts } from './messages.ts';
import { SendError, type PushSender, type PushTarget, type SmsProvider } from './providers.ts';
import type { WhatsAppSender } from './whatsapp.ts';
import type { Language } from '../../shared/schemas.ts';
import type { TicketGrant } from '../../shared/capability.ts';
import type { BookingGrant } from '../../shared/booking-link.ts';
import { isReminder } from '../../shared/reminders.ts';
import { backoffDelay } from '../../shared/backoff.ts';
import { DrainLoop } from './drain-loop.ts';

export const CHANNELS = ['push', 'sms', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * A WhatsApp template message: the number, the language, and the facts its
 * parameters are made of. "joined" carries what its ticket link is signed
 * for: the link itself is made when the message leaves, so no outbox row
 * ever holds a patient's credential.
 */
export interface WhatsAppTarget {
  phone: string;
  lang: Language;
  facts: Omit<MessageFacts, 'link'>;
  ticket: Pick<TicketGrant, 'day' | 'timeZone'> | null;
  /** A reminder's booking: its link (cancel, move) is signed as the message leaves, as a ticket link is. */
  booking?: BookingSlot;
}

/** The slot a booking link is signed for (it expires with the slot); the clinic and appointment come from the row. */
export type BookingSlot = Pick<BookingGrant, 'start' | 'minutes'>;

/** A reminder by SMS: its text is made as it leaves, with the booking link in it. */
export interface ReminderSmsTarget {
  phone: string;
  lang: Language;
  facts: Omit<MessageFacts, 'link'>;
  booking: BookingSlot;
}

export type Target = PushTarget | { phone: string } | WhatsAppTarget | ReminderSmsTarget;

export interface NewMessage {
  entryId: string;
  kind: NotificationKind;
  /** Which occurrence of the news: the entry's calledAt for "called" (each call is told); 0 (the default) otherwise. */
  occasion?: number;
  channel: Channel;
  target: Target;
  body: string;
}

interface OutboxRow {
  clinic_id: string;
  id: string;
  entry_id: string;
  kind: NotificationKind;
  occasion: number;
  channel: Channel;
  target: Target;
  body: string;
  attempts: number;
}

/**
 * Inserts messages not enqueued before; returns how many are new. Creation
 * times follow the order given (the statement's time, a microsecond apart:
 * the anti-join below may reorder rows, so not the clock at each row):
 * workers send due messages in that order, so "you joined" leaves before
 * "almost your turn". The unique
 * key (entry, kind, occasion, channel) makes repeated and concurrent
 * evaluations harmless; the NOT EXISTS also keeps a patient who switched from
 * SMS to push from hearing the same news twice.
 */
export async function enqueue(q: Queryable, clinicId: string, msgs: readonly NewMessage[]): Promise<number> {
  if (msgs.length === 0) return 0;
  const rows = msgs.map((m, ord) => ({
    ord,
    id: randomUUID(),
    entry_id: m.entryId,
    kind: m.kind,
    occasion: m.occasion ?? 0,
    channel: m.channel,
    target: m.target,
    body: m.body,
  }));
  const inserted = await q.query(
    `INSERT INTO outbox (clinic_id, id, entry_id, kind, occasion, channel, target, body, created_at)
     SELECT $1, m.id, m.entry_id, m.kind, m.occasion, m.channel, m.target, m.body, now() + m.ord * interval '1 microsecond'
       FROM jsonb_to_recordset($2::jsonb)
         AS m (id uuid, entry_id text, kind text, occasion bigint, channel text, target jsonb, body text, ord int)
      WHERE NOT EXISTS (
        SELECT 1 FROM outbox o WHERE o.clinic_id = $1 AND o.entry_id = m.entry_id AND o.kind = m.kind AND o.occasion = m.occasion
      )
     ON CONFLICT (clinic_id, entry_id, kind, occasion, channel) DO NOTHING
     RETURNING id`,
    [clinicId, JSON.stringify(rows)],
  );
  return inserted.length;
}

/** Pending messages (the outbox depth gauge). */
export async function outboxDepth(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`);
  return row?.n ?? 0;
}

export interface OutboxWorkerOptions {
  /** How often an idle worker looks for due messages (wake() cuts it short). */
  pollMs?: number;
  maxAttempts?: number;
  /** Delay before the first retry; doubled on each attempt up to retryCapMs. */
  retryBaseMs?: number;
  retryCapMs?: number;
}

/** WhatsApp, and how it signs the ticket link of a "joined" message as it leaves. */
export interface WhatsAppChannel {
  sender: WhatsAppSender;
  ticketLink(grant: TicketGrant): Promise<string>;
}

export interface Senders {
  push: PushSender | null;
  sms: SmsProvider | null;
  whatsapp?: WhatsAppChannel | null;
  /** The full booking link of a reminder, signed as it leaves (server/notify/index.ts). */
  bookingLink?: ((grant: BookingGrant) => Promise<string>) | null;
}

export const DEFAULT_POLL_MS = 500;
export const DEFAULT_MAX_ATTEMPTS = 6;
export const DEFAULT_RETRY_BASE_MS = 2000;
export const DEFAULT_RETRY_CAP_MS = 5 * 60_000;
/** A notification delivered later than this is no longer news. */
const PUSH_TTL_SECONDS: Record<NotificationKind, number> = {
  joined: 60 * 60,
  next: 15 * 60,
  called: 10 * 60,
  cancelled: 60 * 60,
  remind_day: 6 * 60 * 60,
  remind_hour: 30 * 60,
};

/** Exponential backoff with jitter (75–100 % of the step), so retries after an outage spread out. */
export function retryDelay(attempt: number, baseMs: number, capMs: number, random = Math.random()): number {
  return backoffDelay({ baseMs, capMs, jitter: 0.25 }, attempt - 1, () => random);
}

/** Providers want digits and a leading +, whatever spacing the form accepted. */
export const normalizePhone = (phone: string) => phone.replace(/[^\d+]/g, '');

/** In-process claims of the PGlite workers sharing one database. */
const localClaims = new WeakMap<Database, Set<string>>();

const DUE = `status = 'pending' AND next_attempt_at <= clock_timestamp() AND channel = ANY($1::text[])`;
const COLUMNS = 'clinic_id, id, entry_id, kind, occasion::float8 AS occasion, channel, target, body, attempts';

export class OutboxWorker extends DrainLoop {
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryCapMs: number;
  /** Channels this worker can send: it leaves the others to workers that can. */
  private readonly channels: Channel[];

  constructor(
    private readonly db: Database,
    private readonly senders: Senders,
    log: Logger,
    opts: OutboxWorkerOptions = {},
  ) {
    super('outbox worker', log, opts.pollMs ?? DEFAULT_POLL_MS);
    this.maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.retryBaseMs = opts.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
    this.retryCapMs = opts.retryCapMs ?? DEFAULT_RETRY_CAP_MS;
    this.channels = CHANNELS.filter((c) => senders[c] != null);
  }

  /** Handles one due message, if there is one; true when it did. */
  async runOnce(): Promise<boolean> {
    if (this.channels.length === 0) return false;
    if (this.db.kind === 'pglite') return this.runOnceLocal();
    // A cheap look first: an idle poll costs one query, not a transaction.
    const due = await this.db.query(`SELECT 1 FROM outbox WHERE ${DUE} LIMIT 1`, [this.channels]);
    return due.length > 0 && this.runOnceLocked();
  }

  private runOnceLocked(): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [m] = await tx.query<OutboxRow>(
        `SELECT ${COLUMNS} FROM outbox WHERE ${DUE} ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [this.channels],
      );
      if (!m) return false;
      await this.deliver(tx, m);
      return true;
    });
  }

  private async runOnceLocal(): Promise<boolean> {
    let claims = localClaims.get(this.db);
    if (!claims) {
      claims = new Set();
      localClaims.set(this.db, claims);
    }
    const rows = await this.db.query<OutboxRow>(
      `SELECT ${COLUMNS} FROM outbox WHERE ${DUE} ORDER BY next_attempt_at, created_at LIMIT $2`,
      [this.channels, claims.size + 1],
    );
    const m = rows.find((r) => !claims.has(r.id));
    if (!m) return false;
    claims.add(m.id);
    try {
      // Another worker may have finished it between our read and our claim.
      const [now] = await this.db.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE clinic_id = $2 AND id = $3 AND ${DUE}`, [
        this.channels,
        m.clinic_id,
        m.id,
      ]);
      if (!now) return true;
      await this.deliver(this.db, now);
      return true;
    } finally {
      claims.delete(m.id);
    }
  }

  /**
   * Sends one claimed message and records the outcome through `q` (the
   * claiming transaction on Postgres). A finished message keeps no phone
   * number or subscription: the target is only needed while it is pending.
   */
  private async deliver(q: Queryable, m: OutboxRow): Promise<void> {
    const where = 'WHERE clinic_id = $1 AND id = $2';
    const ctx = { clinicId: m.clinic_id, messageId: m.id, kind: m.kind, channel: m.channel, attempt: m.attempts + 1 };
    const stale = await this.staleReason(q, m);
    if (stale) {
      await q.query(`UPDATE outbox SET status = 'failed', target = '{}', last_error = $3 ${where}`, [m.clinic_id, m.id, `stale: ${stale}`]);
      this.log.info({ ...ctx, reason: stale }, 'notification dropped: no longer news');
      return;
    }
    let error: SendError | null = null;
    let providerId: string | null = null;
    try {
      providerId = await this.send(m);
    } catch (err) {
      // Only the error's class: a provider's own message may hold the number.
      error = err instanceof SendError ? err : new SendError(`sender failed (${err instanceof Error ? err.name : typeof err})`, true);
    }
    const attempts = m.attempts + 1;
    if (!error) {
      await q.query(
        `UPDATE outbox SET status = 'sent', target = '{}', sent_at = clock_timestamp(), attempts = $3, last_error = NULL,
                provider_id = coalesce($4, provider_id) ${where}`,
        [m.clinic_id, m.id, attempts, providerId],
      );
      this.log.info(ctx, 'notification sent');
      return;
    }
    if (error.gone && m.channel === 'push') {
      await q.query('DELETE FROM push_subscriptions WHERE clinic_id = $1 AND entry_id = $2 AND endpoint = $3', [
        m.clinic_id,
        m.entry_id,
        (m.target as PushTarget).endpoint,
      ]);
    }
    if (!error.retry || attempts >= this.maxAttempts) {
      await q.query(`UPDATE outbox SET status = 'failed', target = '{}', attempts = $3, last_error = $4 ${where}`, [
        m.clinic_id,
        m.id,
        attempts,
        error.message,
      ]);
      this.log.warn({ ...ctx, error: error.message }, 'notification failed');
      return;
    }
    const delay = retryDelay(attempts, this.retryBaseMs, this.retryCapMs);
    await q.query(
      `UPDATE outbox SET attempts = $3, last_error = $4, next_attempt_at = clock_timestamp() + $5 * interval '1 millisecond' ${where}`,
      [m.clinic_id, m.id, attempts, error.message, delay],
    );
    this.log.warn({ ...ctx, error: error.message, retryInMs: delay }, 'notification send failed; will retry');
  }

  /** Sends through the message's channel; resolves with the provider's message id, when it gives one. */
  private async send(m: OutboxRow): Promise<string | null> {
    switch (m.channel) {
      case 'push':
        await this.senders.push!.send({
          id: m.id,
          target: m.target as PushTarget,
          payload: pushPayload(m.id, m.kind, m.body),
          ttlSeconds: PUSH_TTL_SECONDS[m.kind],
        });
        return null;
      case 'sms': {
        const t = m.target as { phone: string } | ReminderSmsTarget;
        const text = 'booking' in t ? messageText(m.kind, t.lang, { ...t.facts, link: await this.bookingLink(m, t.booking) }) : m.body;
        await this.senders.sms!.send({ id: m.id, to: normalizePhone(t.phone), text });
        return null;
      }
      case 'whatsapp': {
        const wa = this.senders.whatsapp!;
        const t = m.target as WhatsAppTarget;
        const link = t.ticket
          ? await wa.ticketLink({ clinicId: m.clinic_id, entryId: m.entry_id, ...t.ticket })
          : t.booking
            ? await this.bookingLink(m, t.booking)
            : null;
        return wa.sender.send({
          id: m.id,
          callbackData: `${m.clinic_id}/${m.id}`,
          to: normalizePhone(t.phone).replace(/^\+/, ''),
          kind: m.kind,
          lang: t.lang,
          parameters: templateParameters(m.kind, { ...t.facts, link }),
        });
      }
    }
  }

  /** A reminder's booking link: the row's entry is the appointment. */
  private bookingLink(m: OutboxRow, slot: BookingSlot): Promise<string> {
    if (!this.senders.bookingLink) throw new SendError('no booking links on this instance', false);
    return this.senders.bookingLink({ clinicId: m.clinic_id, appointmentId: m.entry_id, ...slot });
  }

  /**
   * A retry can come late: "almost your turn" after the patient was called,
   * or "your turn" after the consultation started, would mislead. Read now,
   * at send time, so no reordering of evaluations can make it wrong.
   */
  private async staleReason(q: Queryable, m: OutboxRow): Promise<string | null> {
    if (isReminder(m.kind)) {
      // A booking cancelled or moved since: its reminder would send the patient to a slot that is no longer theirs.
      const a = await readDoc<{ status: string }>(q, m.clinic_id, 'appointments', m.entry_id);
      if (!a || a._deleted) return 'appointment removed';
      return a.status === 'booked' ? null : `appointment is ${a.status}`;
    }
    const e = await readDoc<{ status: string; calledAt: number | null }>(q, m.clinic_id, 'entries', m.entry_id);
    if (!e || e._deleted) return 'entry removed';
    const want = { joined: 'waiting', next: 'waiting', called: 'called', cancelled: 'cancelled' }[m.kind];
    if (e.status !== want) return `entry is ${e.status}`;
    // A message of an earlier call (recalled since, called again) would send the patient to the wrong room.
    if (m.kind === 'called' && m.occasion !== 0 && e.calledAt !== m.occasion) return 'called again since';
    return null;
  }
}
