// Closing the clinic's day: what becomes of each visit still open and of each
// booking whose patient never came, when the day closes itself, and the
// one-screen summary. Run by hand at the desk, or
// by the first device or the server that sees the time pass; so the rule is
// pure and deterministic: two devices closing the same day from the same
// documents write identical documents (the times come from the day's hours,
// not from the device clock), and the merge (shared/merge.ts, `day` and
// `ticket` in the lifecycle group) turns two different closes into one of them whole.
import { endOfClinicDay } from './time.ts';
import { lastCloseOn, nextOpenDay } from './hours.ts';
import { nextTicket, parseTicket } from './tickets.ts';
import { percentile } from './eta.ts';
import type { Appointment, Entry, EntryStatus, Settings } from './schemas.ts';

/** What becomes of patients still waiting: "not seen", or waiting again on the clinic's next open day. */
export type CloseChoice = 'not_seen' | 'carry_over';
export const CLOSE_CHOICES = ['not_seen', 'carry_over'] as const satisfies readonly CloseChoice[];

/** Statuses a closed day must not hold: every one of them gets an outcome. */
export const CLOSABLE_STATUSES = ['expected', 'waiting', 'called', 'in_consultation'] as const satisfies readonly EntryStatus[];
const isOpen = (s: EntryStatus) => (CLOSABLE_STATUSES as readonly EntryStatus[]).includes(s);

type DayHours = Pick<Settings, 'hours' | 'timeZone' | 'closeAfterMinutes'>;

/** When the day's work is over: its last span's close, or its midnight when it has none. */
export function scheduledEnd(s: DayHours, day: string): number {
  return lastCloseOn(s.hours, day, s.timeZone) ?? endOfClinicDay(day, s.timeZone);
}

/**
 * When the day closes itself: `closeAfterMinutes` after its last span, or at
 * its midnight where it has no hours (the clinic set none, or that day is a
 * holiday); null when the clinic closes only by hand.
 */
export function autoCloseAt(s: DayHours, day: string): number | null {
  if (s.closeAfterMinutes === null) return null;
  const last = lastCloseOn(s.hours, day, s.timeZone);
  return last === null ? endOfClinicDay(day, s.timeZone) : last + s.closeAfterMinutes * 60_000;
}

/**
 * The instant the close is dated: the day's scheduled end, so every device
 * closing it after that writes the same times; a close by hand before the end
 * (the doctor left early) is dated when it happened.
 */
export const closeMoment = (s: DayHours, day: string, now: number): number => Math.min(now, scheduledEnd(s, day));

/**
 * Whether the automatic close may end this visit at `now`: its day's close
 * time has passed and either the day is over or the patient arrived before
 * that time. A patient registered after it (a late emergency) is left until
 * the day is over, not marked not seen a minute later; visits brought late
 * by a tablet that was offline are closed in turn.
 */
export function closableNow(s: DayHours, e: Pick<Entry, 'day' | 'status' | 'arrivedAt'>, today: string, now: number): boolean {
  if (!isOpen(e.status) || e.day > today) return false;
  const at = autoCloseAt(s, e.day);
  return at !== null && at <= now && (e.day < today || e.arrivedAt < at);
}

/** What closing one day writes: its open visits' outcomes and its bookings' no-shows. */
export interface DayCloseWrites {
  day: string;
  writes: Entry[];
  noShows: Appointment[];
}

/**
 * The automatic close at `now`: per due day, oldest first, the writes that
 * close what may be closed (patients not seen: carrying over is a person's
 * choice; bookings still booked, no-shows). A day with nothing to close has
 * nothing to write.
 */
export function autoClose(
  s: DayHours,
  entries: readonly Entry[],
  appointments: readonly Appointment[],
  today: string,
  now: number,
): DayCloseWrites[] {
  const closable = entries.filter((e) => closableNow(s, e, today, now));
  const missed = appointments.filter((a) => missedNow(s, a, today, now));
  return [...new Set([...closable, ...missed].map((d) => d.day))].sort().map((day) => ({
    day,
    writes: closeDay(s, closable, day, 'not_seen', now),
    noShows: dayNoShows(missed, day),
  }));
}

/** Whether the automatic close makes this booking a no-show at `now`: still booked once its day's close time passed. */
function missedNow(s: DayHours, a: Pick<Appointment, 'day' | 'status'>, today: string, now: number): boolean {
  if (a.status !== 'booked' || a.day > today) return false;
  const at = autoCloseAt(s, a.day);
  return at !== null && at <= now;
}

/**
 * A booking the close of its day finds still waiting for its patient: a
 * no-show. It is inferred from an absence, so it yields to any outcome a desk
 * recorded: dated just after the booking's last change, not at the close, an
 * arrival or a cancellation made offline that day (stamped after the booking
 * it was made on, shared/clock.ts) is the later change and wins the merge
 * (shared/merge.ts) even when it reaches the server after the close. Two
 * devices closing the same booking still write the same document. Null: it
 * had its outcome (arrived, cancelled, moved).
 */
export function closeAppointment(a: Appointment): Appointment | null {
  return a.status === 'booked' ? { ...a, status: 'no_show', updatedAt: a.updatedAt + 1 } : null;
}

/** Every no-show closing `day` makes of its bookings, in a stable order. */
export function dayNoShows(appointments: readonly Appointment[], day: string): Appointment[] {
  return appointments
    .filter((a) => a.day === day)
    .sort((a, b) => a.id.localeCompare(b.id))
    .flatMap((a) => closeAppointment(a) ?? []);
}

/**
 * One visit's outcome: a consultation left open is ended (`done`); a patient
 * still waiting or called is `not_seen`, or waits again on the next open day,
 * keeping their rank (so first there) and their ticket unless that day already
 * gave it out; a remote check-in that never arrived is `not_seen`. Null:
 * nothing to do (the visit had ended).
 */
export function closeEntry(
  e: Entry,
  choice: CloseChoice,
  at: number,
  carryTo: { day: string; entries: readonly Pick<Entry, 'ticket' | 'day'>[] },
): Entry | null {
  if (!isOpen(e.status)) return null;
  // Later than the visit's own last write, so the close wins over what it replaces.
  const updatedAt = Math.max(at, e.updatedAt + 1);
  if (e.status === 'in_consultation') return { ...e, status: 'done', endedAt: Math.max(at, e.startedAt ?? 0), updatedAt };
  if (choice === 'carry_over' && e.status !== 'expected') {
    const taken = carryTo.entries.some((x) => x.day === carryTo.day && x.ticket === e.ticket);
    const ticket = taken ? nextTicket(carryTo.entries, parseTicket(e.ticket)?.series ?? '', carryTo.day) : e.ticket;
    return { ...e, day: carryTo.day, ticket, status: 'waiting', calledAt: null, updatedAt };
  }
  return { ...e, status: 'not_seen', endedAt: Math.max(at, e.arrivedAt), updatedAt };
}

/** Every write closing `day`: its open visits' outcomes, in a stable order. */
export function closeDay(s: DayHours, entries: readonly Entry[], day: string, choice: CloseChoice, now: number): Entry[] {
  const at = closeMoment(s, day, now);
  const target = nextOpenDay(s.hours, day);
  const out: Entry[] = [];
  // Each carried visit counts for the next one's ticket, so two carried with the same taken number differ.
  const seen: Pick<Entry, 'ticket' | 'day'>[] = [...entries];
  for (const e of [...entries].filter((x) => x.day === day).sort((a, b) => a.id.localeCompare(b.id))) {
    const next = closeEntry(e, choice, at, { day: target, entries: seen });
    if (!next) continue;
    out.push(next);
    seen.push(next);
  }
  return out;
}

/** The settings recording the close; null when they record it already (no write). */
export function recordClose(s: Settings, day: string, at: number): Settings | null {
  if (s.closedThrough !== null && s.closedThrough >= day) return null;
  return { ...s, closedThrough: day, updatedAt: Math.max(at, s.updatedAt + 1) };
}

export interface DoctorSummary {
  doctorId: string | null;
  seen: number;
  noShows: number;
  notSeen: number;
  /** Median minutes from arrival to call of the patients called; null when none was. */
  medianWait: number | null;
}
export interface DaySummary extends Omit<DoctorSummary, 'doctorId'> {
  day: string;
  /** Visits registered that day, cancelled ones included. */
  visits: number;
  cancelled: number;
  /** Longest arrival-to-call wait in minutes; null when nobody was called. */
  longestWait: number | null;
  perDoctor: DoctorSummary[];
}

type Summarised = Pick<Entry, 'day' | 'status' | 'doctorId' | 'arrivedAt' | 'calledAt'>;

/** The day at a glance, from its documents alone, so every device shows the same one once they agree. */
export function daySummary(entries: readonly Summarised[], day: string): DaySummary {
  const of = entries.filter((e) => e.day === day);
  const waits = of.flatMap((e) => (e.calledAt === null ? [] : [Math.max(0, e.calledAt - e.arrivedAt) / 60_000])).sort((a, b) => a - b);
  const doctors = [...new Set(of.map((e) => e.doctorId))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  return {
    day,
    visits: of.length,
    cancelled: count(of, 'cancelled'),
    ...counts(of),
    longestWait: waits.length ? Math.round(waits.at(-1)!) : null,
    perDoctor: doctors.map((doctorId) => ({ doctorId, ...counts(of.filter((e) => e.doctorId === doctorId)) })),
  };
}

function counts(of: readonly Summarised[]): Omit<DoctorSummary, 'doctorId'> {
  const waits = of.flatMap((e) => (e.calledAt === null ? [] : [Math.max(0, e.calledAt - e.arrivedAt) / 60_000])).sort((a, b) => a - b);
  return {
    seen: count(of, 'done'),
    noShows: count(of, 'no_show'),
    notSeen: count(of, 'not_seen'),
    medianWait: waits.length ? Math.round(percentile(waits, 0.5)) : null,
  };
}

const count = (of: readonly Summarised[], status: EntryStatus) => of.filter((e) => e.status === status).length;
