// Decides who should hear what after a clinic's queue changed, and enqueues
// it. Called after commits (pushes from the tablets, self check-in); runs off
// the request path, coalescing a burst of changes into one evaluation per
// clinic, and never throws at its caller.
//
// Evaluating is idempotent: it looks at the whole day and enqueues every
// message that is due, and the outbox refuses what was enqueued before. So a
// missed or repeated evaluation, or two instances evaluating at once, only
// matter until the next change.
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Doctor, Entry, Language, Settings } from '../../shared/schemas.ts';
import { waitingQueue } from '../../shared/queue.ts';
import { waitFor, waitMinutes } from '../../shared/eta.ts';
import { clinicToday } from '../public/projection.ts';
import { isActiveDoctor } from '../docs/reads.ts';
import { messageText, type MessageFacts, type NotificationKind } from './messages.ts';
import { enqueue, type Channel, type NewMessage } from './outbox.ts';
import { smsAllowanceLeft } from '../billing/plans.ts';
import { hasRecentSubscription, subscriptionsOf, type StoredSubscription } from './subscriptions.ts';

/** Changes within this window become one evaluation. */
export const DEBOUNCE_MS = 100;
const FALLBACK_LANGUAGE: Language = 'fr';
const FALLBACK_CLINIC_NAME = 'DoctorQ';

export interface PlanInput {
  settings: Pick<Settings, 'name' | 'languages' | 'defaultConsultationMinutes'> | null;
  doctors: readonly (Pick<Doctor, 'id' | 'room' | 'active'> & { _deleted?: boolean })[];
  entries: readonly (Entry & { _deleted?: boolean })[];
  /** The clinic's time zone: a ticket link lasts until the end of the clinic's day. */
  timeZone: string;
  subscriptions: ReadonlyMap<string, StoredSubscription>;
  /** "Almost your turn" when this many or fewer are ahead. */
  ahead: number;
  smsEnabled: boolean;
  whatsappEnabled: boolean;
  /** The moment of the evaluation: the waits told leave out who is running late until their time. */
  now: number;
}

/** Push first (free, chosen on the page the patient follows), WhatsApp for those who opted in, SMS last. */
const CHANNEL_PREFERENCE: readonly Channel[] = ['push', 'whatsapp', 'sms'];
/** Used when the clinic's settings have not reached the server yet. */
const FALLBACK_CONSULTATION_MINUTES = 15;

/**
 * What the queue says each patient should have been told by now. Pure.
 *
 * Channels: push when the patient's page subscribed (free, and the patient
 * chose it on the page they follow); else WhatsApp for a patient who opted
 * in and gave a phone; else SMS for a phone. "You joined" and "cancelled" go
 * by WhatsApp only: a push subscription is made after joining, from the
 * ticket page, and SMS (counted against the plan) stays for the two messages
 * a patient must not miss.
 */
export function planNotifications(p: PlanInput): NewMessage[] {
  const live = p.entries.filter((e) => !e._deleted);
  // One sorted queue per doctor, built on first use: positions for every
  // reachable patient cost one sort, not one per patient.
  const queues = new Map<string | null, Map<string, number>>();
  const aheadOf = (e: Entry) => {
    let q = queues.get(e.doctorId);
    if (!q) {
      q = new Map(waitingQueue(live, e.doctorId).map((x, i) => [x.id, i]));
      queues.set(e.doctorId, q);
    }
    return q.get(e.id);
  };
  const eta = {
    entries: live,
    activeDoctorIds: p.doctors
      .filter(isActiveDoctor)
      .map((d) => d.id)
      .sort(),
    defaultMinutes: p.settings?.defaultConsultationMinutes ?? FALLBACK_CONSULTATION_MINUTES,
    now: p.now,
  };
  const out: NewMessage[] = [];
  for (const e of live) {
    const sub = p.subscriptions.get(e.id);
    const reach = {
      push: sub !== undefined,
      whatsapp: p.whatsappEnabled && e.whatsapp && Boolean(e.phone),
      sms: p.smsEnabled && Boolean(e.phone),
    };
    for (const kind of kindsFor(e, aheadOf, p.ahead)) {
      const channel = channelFor(kind, reach);
      if (!channel) continue;
      // The page's language for push; the language the patient chose at the desk or the form for the others.
      const lang = (channel === 'push' ? sub?.lang : e.language) ?? p.settings?.languages[0] ?? FALLBACK_LANGUAGE;
      const facts: Omit<MessageFacts, 'link'> = {
        clinic: p.settings?.name ?? FALLBACK_CLINIC_NAME,
        ticket: e.ticket,
        room: kind === 'called' && e.doctorId ? p.doctors.find((d) => d.id === e.doctorId)?.room.trim() || null : null,
        wait: kind === 'joined' ? waitOf(eta, e.id) : null,
      };
      out.push({
        entryId: e.id,
        kind,
        occasion: kind === 'called' ? (e.calledAt ?? 0) : 0,
        channel,
        target:
          channel === 'push'
            ? sub!.target
            : channel === 'sms'
              ? { phone: e.phone! }
              : { phone: e.phone!, lang, facts, ticket: kind === 'joined' ? { day: e.day, timeZone: p.timeZone } : null },
        // For WhatsApp, what the template says, for the record: the ticket link is added as the message leaves.
        body: messageText(kind, lang, { ...facts, link: null }),
      });
    }
  }
  return out;
}

function waitOf(eta: Parameters<typeof waitFor>[0], entryId: string): MessageFacts['wait'] {
  const w = waitFor(eta, entryId);
  return w ? waitMinutes(w) : null;
}

function channelFor(kind: NotificationKind, reach: Record<Channel, boolean>): Channel | null {
  if (kind === 'joined' || kind === 'cancelled') return reach.whatsapp ? 'whatsapp' : null;
  return CHANNEL_PREFERENCE.find((c) => reach[c]) ?? null;
}

function kindsFor(e: Entry, aheadOf: (e: Entry) => number | undefined, threshold: number): NotificationKind[] {
  if (e.status === 'called') return ['called'];
  if (e.status === 'cancelled') return ['cancelled'];
  if (e.status !== 'waiting') return [];
  const ahead = aheadOf(e);
  return ahead !== undefined && ahead <= threshold ? ['joined', 'next'] : ['joined'];
}

export interface NotifierOptions {
  ahead: number;
  smsEnabled: boolean;
  whatsappEnabled: boolean;
  /** Called when messages were enqueued (wakes this instance's worker). */
  onEnqueued?: () => void;
  debounceMs?: number;
}

export class Notifier {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, Promise<void>>();
  /** Clinics that changed again while being evaluated. */
  private readonly again = new Set<string>();
  /** Changes reported per clinic, and who waits for a clinic's evaluations to end: see idle(). */
  private readonly reports = new Map<string, number>();
  private readonly idleWaiters = new Map<string, (() => void)[]>();
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly opts: NotifierOptions,
  ) {}

  /** A commit changed this clinic's entries. Returns at once. */
  changed(clinicId: string): void {
    this.reports.set(clinicId, this.reported(clinicId) + 1);
    this.schedule(clinicId);
  }

  /**
   * How many changes were reported for the clinic so far. Callers that need to
   * know a change was heard (the routes report theirs after answering) read it
   * before the change, wait until it grew, then await idle().
   */
  reported(clinicId: string): number {
    return this.reports.get(clinicId) ?? 0;
  }

  /** Resolves once nothing is scheduled or running for the clinic: every change reported so far was evaluated. */
  idle(clinicId: string): Promise<void> {
    if (!this.timers.has(clinicId) && !this.running.has(clinicId)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.set(clinicId, [...(this.idleWaiters.get(clinicId) ?? []), resolve]));
  }

  private schedule(clinicId: string): void {
    if (this.stopped || this.timers.has(clinicId)) return;
    if (this.running.has(clinicId)) {
      this.again.add(clinicId);
      return;
    }
    this.timers.set(
      clinicId,
      setTimeout(() => this.run(clinicId), this.opts.debounceMs ?? DEBOUNCE_MS),
    );
  }

  /** Evaluates what is scheduled now instead of dropping it, waits, then accepts no more. */
  async stop(): Promise<void> {
    for (;;) {
      for (const [clinicId, timer] of [...this.timers]) {
        clearTimeout(timer);
        this.run(clinicId);
      }
      if (this.running.size === 0) break;
      await Promise.all(this.running.values());
    }
    this.stopped = true;
  }

  /** Evaluates one clinic now (the debounced path calls this); returns how many messages were enqueued. */
  async evaluate(clinicId: string): Promise<number> {
    // The common case without an SMS or WhatsApp provider costs one index lookup, not the day's queue.
    if (!this.opts.smsEnabled && !this.opts.whatsappEnabled && !(await hasRecentSubscription(this.db, clinicId))) return 0;
    const t = await clinicToday(this.db, clinicId);
    const candidates = t.entries.filter(
      (e) => !e._deleted && (e.status === 'waiting' || e.status === 'called' || e.status === 'cancelled'),
    );
    if (candidates.length === 0) return 0;
    const messages = planNotifications({
      settings: t.settings,
      doctors: t.doctors,
      entries: t.entries,
      timeZone: t.timeZone,
      subscriptions: await subscriptionsOf(
        this.db,
        clinicId,
        candidates.map((e) => e.id),
      ),
      ahead: this.opts.ahead,
      // Past the plan's SMS allowance, patients get Web Push only.
      smsEnabled: this.opts.smsEnabled && (await smsAllowanceLeft(this.db, clinicId, t.timeZone)),
      whatsappEnabled: this.opts.whatsappEnabled,
      now: Date.now(),
    });
    const added = await enqueue(this.db, clinicId, messages);
    if (added > 0) {
      this.log.info({ clinicId, enqueued: added }, 'notifications enqueued');
      this.opts.onEnqueued?.();
    }
    return added;
  }

  private run(clinicId: string): void {
    this.timers.delete(clinicId);
    const p = this.evaluate(clinicId)
      .then(
        () => {},
        (err: unknown) => this.log.error({ err, clinicId }, 'notification evaluation failed'),
      )
      .finally(() => {
        this.running.delete(clinicId);
        if (this.again.delete(clinicId)) this.schedule(clinicId);
        if (!this.timers.has(clinicId) && !this.running.has(clinicId)) {
          for (const resolve of this.idleWaiters.get(clinicId) ?? []) resolve();
          this.idleWaiters.delete(clinicId);
        }
      });
    this.running.set(clinicId, p);
  }
}
