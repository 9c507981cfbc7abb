// The tablet's bounded window of documents (DESIGN.md §2): a device keeps the
// visits it can still act on and the short past it may look back at, never the
// clinic's history (reports and look-ups read that from the server). The
// server filters its pull with these bounds (server/docs/reads.ts) and the
// tablet purges what falls out of them (client/db/window-purge.ts), so both
// sides compute them here from the same clinic day, time zone and clock rules.
import { z } from 'zod';
import type { Appointment, CollectionName, DocOf, Entry, EntryStatus } from './schemas.ts';
import { clinicDay } from './tickets.ts';
import { zonedTime } from './time.ts';

/** Past days a tablet keeps besides today, by default, and at most: a week keeps first syncs and local queries small. */
export const DEFAULT_PAST_DAYS = 1;
export const MAX_PAST_DAYS = 7;
export const PastDays = z.number().int().min(0).max(MAX_PAST_DAYS);
/** The owner's setting (GET/PUT /api/owner/clinics/:id/window), stored in clinics.local_past_days. */
export const LocalWindow = z.object({ pastDays: PastDays }).strict();
export type LocalWindow = z.infer<typeof LocalWindow>;

/**
 * Visits not yet over, whatever their day: a patient still waiting from
 * yesterday must not vanish from the tablet. A no-show is over unless recalled
 * (recalling makes it waiting again); otherwise a year of no-shows would stay.
 */
export const OPEN_STATUSES = ['waiting', 'called', 'in_consultation'] as const satisfies readonly EntryStatus[];

/**
 * Collections replicated whole: a clinic's doctors and its settings are few.
 * Appointments join the window by their day (appointmentInWindow).
 */
export const WHOLE_COLLECTIONS = ['doctors', 'settings'] as const satisfies readonly CollectionName[];
/** The collections a tablet holds a window of. */
export type WindowedCollection = Exclude<CollectionName, (typeof WHOLE_COLLECTIONS)[number]>;
export const isWindowed = (c: CollectionName): c is WindowedCollection => !(WHOLE_COLLECTIONS as readonly CollectionName[]).includes(c);

export interface WindowBounds {
  /** The first clinic day inside the window: today minus the past days. */
  fromDay: string;
  /** That day's local midnight: a visit changed since then is inside (it left the window while a tablet held it). */
  fromMillis: number;
}

const DAY_MS = 86_400_000;

/** The window at instant `now` for a clinic in `timeZone` keeping `pastDays` past days. */
export function windowBounds(now: number, timeZone: string, pastDays: number): WindowBounds {
  const today = clinicDay(now, timeZone);
  const fromDay = new Date(Date.parse(`${today}T00:00:00Z`) - pastDays * DAY_MS).toISOString().slice(0, 10);
  return { fromDay, fromMillis: zonedTime(fromDay, 0, 0, timeZone) };
}

/**
 * Whether a visit belongs on a tablet: open (and not deleted), of a day inside
 * the window, or changed inside it. The last clause carries changes to old
 * visits to the tablets that may hold them (an old visit closed elsewhere is
 * pulled once, then purged) and lets a reopened visit come back. `updatedAt`
 * is the writing device's clock: a tablet whose clock lags by more than the
 * window would leave another tablet's old open copy in place (it stays open there).
 * The SQL twin of this rule is pullEntriesSql in server/docs/reads.ts.
 */
export function entryInWindow(e: Pick<Entry, 'day' | 'status' | 'updatedAt'> & { _deleted?: boolean }, b: WindowBounds): boolean {
  if (!e._deleted && (OPEN_STATUSES as readonly string[]).includes(e.status)) return true;
  return e.day >= b.fromDay || e.updatedAt >= b.fromMillis;
}

/**
 * Whether an appointment belongs on a tablet: of a day inside the window (the
 * coming days' bookings included), or changed inside it, as for visits. A
 * booking of a past day is over whatever its status: the day's close made it
 * a no-show. The SQL twin is pullAppointmentsSql in server/docs/reads.ts.
 */
export function appointmentInWindow(a: Pick<Appointment, 'day' | 'updatedAt'>, b: WindowBounds): boolean {
  return a.day >= b.fromDay || a.updatedAt >= b.fromMillis;
}

/**
 * Whether the tablet keeps a visit: inside the window, and never from a day
 * before `retainFromDay` (the clinic's retention period) whatever its status:
 * a visit left open on a day nobody closed must not keep a name or phone on
 * a tablet that stayed offline while the server erased it.
 */
export function keptOnTablet(
  e: Pick<Entry, 'day' | 'status' | 'updatedAt'> & { _deleted?: boolean },
  b: WindowBounds,
  retainFromDay: string,
): boolean {
  return e.day >= retainFromDay && entryInWindow(e, b);
}

/**
 * Whether the tablet keeps an appointment: inside the window (today's and
 * every future booking are), and never from a day before `retainFromDay`, for
 * the same reason as visits.
 */
export function appointmentKeptOnTablet(a: Pick<Appointment, 'day' | 'updatedAt'>, b: WindowBounds, retainFromDay: string): boolean {
  return a.day >= retainFromDay && appointmentInWindow(a, b);
}

/** What the tablet keeps of each windowed collection: the rule the purge and its push filter apply. */
export const KEPT_ON_TABLET: {
  [C in WindowedCollection]: (d: DocOf<C> & { _deleted?: boolean }, b: WindowBounds, retainFromDay: string) => boolean;
} = { entries: keptOnTablet, appointments: appointmentKeptOnTablet };

/** The first day whose visits keep their names: the retention job's cutoff (server/owner/retention.ts). */
export const retainFromDay = (now: number, timeZone: string, retentionDays: number): string =>
  clinicDay(now - retentionDays * DAY_MS, timeZone);

/**
 * The tablet purges against the window as it was this long ago: a tablet's
 * clock running ahead of the server's must not drop what the server still
 * counts as inside (it would not send it again unless it changed).
 */
export const PURGE_CLOCK_GRACE_MS = 2 * 60 * 60 * 1000;

/** The bounds the tablet purges with: the window of a moment before now, so a superset of the server's. */
export const purgeBounds = (now: number, timeZone: string, pastDays: number): WindowBounds =>
  windowBounds(now - PURGE_CLOCK_GRACE_MS, timeZone, pastDays);
