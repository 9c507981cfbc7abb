// What the waiting-room screen shows, from the public queue: who is being
// seen or called (per doctor and room) and the next tickets. No names exist
// in the public stream; doctor names show only when the clinic allows it.
import type { PublicEntry } from '../../shared/projection.ts';
import { waitingQueue } from '../../shared/queue.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { entriesOf, type QueueState } from '../live/queue-state.ts';

/** What fits a TV in large type. */
export const SERVING_ROWS = 6;
export const NEXT_ROWS = 8;
/** Until the clinic's settings arrive, the first market's clock. */
const DEFAULT_TIME_ZONE = 'Africa/Tunis';

export interface ServingRow {
  id: string;
  ticket: string;
  status: 'called' | 'in_consultation';
  doctorId: string | null;
  /** null when the clinic shows tickets only, or nobody is assigned. */
  doctorName: string | null;
  room: string | null;
  calledAt: number;
}

export interface NextRow {
  id: string;
  ticket: string;
  doctorName: string | null;
  room: string | null;
}

export interface Board {
  serving: ServingRow[];
  next: NextRow[];
  showDoctors: boolean;
}

/** A misconfigured zone must not blank the screen. */
export function today(now: number, timeZone: string | undefined): string {
  try {
    return clinicDay(now, timeZone ?? DEFAULT_TIME_ZONE);
  } catch {
    return clinicDay(now, DEFAULT_TIME_ZONE);
  }
}

export function board(s: QueueState, now: number): Board {
  const showDoctors = s.settings?.display === 'tickets_and_doctor';
  const entries = entriesOf(s, today(now, s.settings?.timeZone));
  const doctorOf = (e: PublicEntry) => {
    const d = e.doctorId ? s.doctors[e.doctorId] : undefined;
    return { doctorName: showDoctors && d ? d.name : null, room: d?.room || null };
  };
  const serving = entries
    .filter((e): e is PublicEntry & { status: ServingRow['status'] } => e.status === 'called' || e.status === 'in_consultation')
    // The latest call on top: that is the one people look up for.
    .sort((a, b) => (b.calledAt ?? 0) - (a.calledAt ?? 0))
    .slice(0, SERVING_ROWS)
    .map((e) => ({ id: e.id, ticket: e.ticket, status: e.status, doctorId: e.doctorId, calledAt: e.calledAt ?? 0, ...doctorOf(e) }));
  const next = waitingQueue(entries)
    .slice(0, NEXT_ROWS)
    .map((e) => ({ id: e.id, ticket: e.ticket, ...doctorOf(e) }));
  return { serving, next, showDoctors };
}

/** A call is an entry and the time it was called: a patient recalled after a no-show is called again. */
const callKey = (e: PublicEntry) => `${e.id}@${e.calledAt ?? 0}`;

/** Calls seen so far; the first look at a queue announces nothing (those calls are old news). */
export function callsIn(s: QueueState): Set<string> {
  return new Set(
    Object.values(s.entries)
      .filter((e) => e.status === 'called' && !e._deleted)
      .map(callKey),
  );
}

/** Entries called since `seen`, oldest first (the order to announce them in). */
export function newCalls(seen: ReadonlySet<string>, s: QueueState): PublicEntry[] {
  return Object.values(s.entries)
    .filter((e) => e.status === 'called' && !e._deleted && !seen.has(callKey(e)))
    .sort((a, b) => (a.calledAt ?? 0) - (b.calledAt ?? 0));
}
