// What the waiting-room screen shows, from the public queue: who is being
// seen or called (per doctor and room) and the next tickets. No names exist
// in the public stream; doctor names show only when the clinic allows it.
import type { PublicEntry } from '../../shared/projection.ts';
import { waitingQueue } from '../../shared/queue.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { doctorState } from '../../shared/doctor-status.ts';
import { activeDoctors, entriesOf, type QueueState } from '../live/queue-state.ts';

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

/** A doctor on a break (`until`: back at) or absent today (`until` null): why their queue stands still. */
export interface AwayRow {
  id: string;
  doctorName: string;
  room: string | null;
  until: number | null;
}

export interface Board {
  serving: ServingRow[];
  next: NextRow[];
  away: AwayRow[];
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
    .map((e) => ({ id: e.id, ticket: e.ticket, status: e.status, doctorId: e.doctorId, calledAt: e.calledAt ?? 0, ...doctorOf(e) }));
  const next = waitingQueue(entries).map((e) => ({ id: e.id, ticket: e.ticket, ...doctorOf(e) }));
  return { serving, next, away: awayDoctors(s, today(now, s.settings?.timeZone), now), showDoctors };
}

/** Doctors' names are public (the check-in page lists them), so a break names its doctor whatever the display mode. */
function awayDoctors(s: QueueState, day: string, now: number): AwayRow[] {
  const rows: AwayRow[] = [];
  for (const d of activeDoctors(s)) {
    const state = doctorState(d, day, now);
    if (state.kind !== 'paused' && state.kind !== 'absent') continue;
    rows.push({ id: d.id, doctorName: d.name, room: d.room || null, until: state.kind === 'paused' ? state.until : null });
  }
  return rows.sort((a, b) => a.doctorName.localeCompare(b.doctorName) || (a.id < b.id ? -1 : 1));
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

/**
 * The rows a list shows when `fit` rows fit its height: all of them, or one
 * fewer than fit and a "+N more" line in the last place, so no row is ever cut
 * off below the edge of the screen.
 */
export function fitRows<T>(rows: readonly T[], fit: number): { shown: T[]; more: number } {
  if (rows.length <= fit) return { shown: rows.slice(), more: 0 };
  const shown = rows.slice(0, Math.max(0, fit - 1));
  return { shown, more: rows.length - shown.length };
}

/**
 * Everyone called stays on screen (that is who people look up for); patients
 * already in consultation give way first. `dense` when the calls alone do not
 * fit at full size: the screen then packs them smaller.
 */
export function fitServing(rows: readonly ServingRow[], fit: number): { shown: ServingRow[]; more: number; dense: boolean } {
  const called = rows.filter((r) => r.status === 'called');
  if (called.length > fit) return { shown: called, more: rows.length - called.length, dense: true };
  if (rows.length <= fit) return { shown: rows.slice(), more: 0, dense: false };
  // Room for the calls, the "+N more" line, and as many consultations as remain.
  const consulting = rows.filter((r) => r.status !== 'called').slice(0, Math.max(0, fit - 1 - called.length));
  const keep = new Set([...called, ...consulting]);
  const shown = rows.filter((r) => keep.has(r));
  return { shown, more: rows.length - shown.length, dense: false };
}
