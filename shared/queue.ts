// Queue order is derived, never stored: every device sorts the same replicated
// documents with the same total order, so tablets agree without coordinating.
// All functions return new documents and leave their inputs untouched, so the
// caller can hand the result straight to the database as the write set.
import type { CancelReason, Entry, EntryStatus } from './schemas.ts';
import { compareRank, rankBetween } from './rank.ts';

const PRIORITY_ORDER = { urgent: 0, normal: 1 } as const;

/**
 * The fields queue order reads. Patient phones and displays hold entries
 * without personal data (shared/projection.ts), so the read-only functions
 * take any shape that has these.
 */
export type Queued = Pick<Entry, 'id' | 'doctorId' | 'priority' | 'status' | 'rank'>;

/** Urgent first, then rank; the id tie-break keeps equal ranks from offline tablets in one agreed order. */
export function compareQueueOrder(a: Queued, b: Queued): number {
  return PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || compareRank(a.rank, b.rank) || compareRank(a.id, b.id);
}

/**
 * "I'm running late": others are called before this patient until `lateUntil`. Their rank is kept,
 * so positions still show their place, and once the time has passed they are next again.
 */
export function isLate(e: Pick<Entry, 'lateUntil'>, now: number): boolean {
  return e.lateUntil !== null && e.lateUntil > now;
}

export function isWaiting(e: Queued): boolean {
  return e.status === 'waiting';
}

/** Unassigned patients can be seen by any doctor, so they sit in every doctor's queue; null is the all-doctors view. */
export function inDoctorQueue(e: Queued, doctorId: string | null): boolean {
  return doctorId === null || e.doctorId === null || e.doctorId === doctorId;
}

export function waitingQueue<E extends Queued>(entries: readonly E[], doctorId: string | null = null): E[] {
  return entries.filter((e) => isWaiting(e) && inDoctorQueue(e, doctorId)).sort(compareQueueOrder);
}

/** `doctorId` undefined means the entry's own queue (all doctors when it is unassigned). */
export function positionOf(
  entries: readonly Queued[],
  entryId: string,
  doctorId?: string | null,
): { position: number; ahead: number } | null {
  const e = entries.find((x) => x.id === entryId);
  if (!e || !isWaiting(e)) return null;
  const ahead = waitingQueue(entries, doctorId === undefined ? e.doctorId : doctorId).findIndex((x) => x.id === entryId);
  return ahead < 0 ? null : { position: ahead + 1, ahead };
}

/** Statuses each transition may start from; anything else is a stale screen and is refused. */
export const ALLOWED = {
  startConsultation: ['called'],
  finish: ['called', 'in_consultation'],
  markNoShow: ['waiting', 'called'],
  recall: ['no_show'],
  cancel: ['waiting', 'called', 'no_show'],
  setUrgent: ['waiting'],
} as const satisfies Record<string, readonly EntryStatus[]>;

function allowed(t: keyof typeof ALLOWED, e: Entry): boolean {
  return (ALLOWED[t] as readonly EntryStatus[]).includes(e.status);
}

export function startConsultation(e: Entry, now: number): Entry | null {
  return allowed('startConsultation', e) ? { ...e, status: 'in_consultation', startedAt: now, updatedAt: now } : null;
}

/** A consultation nobody started still needs a start for the ETA history; the call is the best guess. */
export function finish(e: Entry, now: number): Entry | null {
  if (!allowed('finish', e)) return null;
  return { ...e, status: 'done', startedAt: e.startedAt ?? e.calledAt, endedAt: now, updatedAt: now };
}

export function markNoShow(e: Entry, now: number): Entry | null {
  return allowed('markNoShow', e) ? { ...e, status: 'no_show', endedAt: now, updatedAt: now } : null;
}

/** The reason goes with the status (one lifecycle group in merge.ts), so the "cancelled and no-shows" list can say why. */
export function cancel(e: Entry, reason: CancelReason, now: number): Entry | null {
  return allowed('cancel', e) ? { ...e, status: 'cancelled', cancelReason: reason, endedAt: now, updatedAt: now } : null;
}

/**
 * Rank is kept, so urgent patients are seen among themselves in arrival order.
 * Returns null when nothing would change, to spare a write.
 */
export function setUrgent(e: Entry, urgent: boolean, now: number): Entry | null {
  const priority = urgent ? 'urgent' : 'normal';
  if (!allowed('setUrgent', e) || e.priority === priority) return null;
  return { ...e, priority, updatedAt: now };
}

/**
 * A patient who missed their call comes back second in their queue (within
 * their priority band): they are not sent to the back for a short absence, but
 * they do not push aside the patient who is already next and getting ready.
 */
export function recall(e: Entry, entries: readonly Entry[], now: number): Entry | null {
  if (!allowed('recall', e)) return null;
  const band = waitingQueue(entries, e.doctorId).filter((x) => x.id !== e.id && x.priority === e.priority);
  return {
    ...e,
    status: 'waiting',
    rank: rankAt(band, Math.min(1, band.length)),
    calledAt: null,
    startedAt: null,
    endedAt: null,
    updatedAt: now,
  };
}

/**
 * Ends the doctor's current patient and calls the next one, writing at most two
 * documents however long the queue. With `doctorId` null only unassigned
 * patients count, so the patient this call leaves current is the one the next
 * call ends. Patients running late are skipped while someone else waits.
 */
export function callNext(entries: readonly Entry[], doctorId: string | null, now: number): Entry[] {
  const changed: Entry[] = [];
  // Two offline tablets may both have called someone; end the longest-called one first.
  const current = first(
    entries.filter((e) => e.doctorId === doctorId && (e.status === 'called' || e.status === 'in_consultation')),
    (a, b) => (a.calledAt ?? 0) - (b.calledAt ?? 0) || compareRank(a.id, b.id),
  );
  if (current) changed.push(finish(current, now)!);
  const candidates = entries.filter((e) => isWaiting(e) && (doctorId === null ? e.doctorId === null : inDoctorQueue(e, doctorId)));
  // A late patient is let past while anyone else waits; with nobody else, the doctor need not sit idle.
  const next =
    first(
      candidates.filter((e) => !isLate(e, now)),
      compareQueueOrder,
    ) ?? first(candidates, compareQueueOrder);
  if (next) {
    changed.push({
      ...next,
      status: 'called',
      doctorId: doctorId ?? next.doctorId,
      calledAt: now,
      startedAt: null,
      endedAt: null,
      updatedAt: now,
    });
  }
  return changed;
}

/**
 * Moves a waiting entry to `targetIndex` of its queue (or of the `doctorId`
 * view the screen shows) by giving it one new rank. The index is clamped to
 * the entry's priority band because priority, not rank, decides across bands.
 */
export function moveTo(
  entries: readonly Entry[],
  entryId: string,
  targetIndex: number,
  now: number,
  doctorId?: string | null,
): Entry | null {
  const e = entries.find((x) => x.id === entryId);
  if (!e || !isWaiting(e) || !Number.isInteger(targetIndex)) return null;
  const queue = waitingQueue(entries, doctorId === undefined ? e.doctorId : doctorId);
  const from = queue.findIndex((x) => x.id === entryId);
  if (from < 0) return null;
  const others = queue.filter((x) => x.id !== entryId);
  const band = others.filter((x) => x.priority === e.priority);
  const bandStart = e.priority === 'urgent' ? 0 : others.length - band.length;
  const to = Math.min(Math.max(targetIndex, bandStart), bandStart + band.length);
  if (to === from) return null;
  return { ...e, rank: rankAt(band, to - bandStart), updatedAt: now };
}

export function moveUp(entries: readonly Entry[], entryId: string, now: number, doctorId?: string | null): Entry | null {
  const p = positionOf(entries, entryId, doctorId);
  return p && moveTo(entries, entryId, p.ahead - 1, now, doctorId);
}

export function moveDown(entries: readonly Entry[], entryId: string, now: number, doctorId?: string | null): Entry | null {
  const p = positionOf(entries, entryId, doctorId);
  return p && moveTo(entries, entryId, p.ahead + 1, now, doctorId);
}

/**
 * A rank that sorts at index `t` of `band` (sorted, same priority). No key fits
 * between equal ranks, so the upper bound skips ranks tied with the lower one:
 * the entry then lands after the whole tie instead of past unrelated entries.
 */
export function rankAt(band: readonly Queued[], t: number): string {
  const before = band[t - 1]?.rank ?? null;
  const after = band.slice(t).find((x) => before === null || compareRank(x.rank, before) > 0)?.rank ?? null;
  return rankBetween(before, after);
}

function first<T>(items: readonly T[], cmp: (a: T, b: T) => number): T | undefined {
  let best: T | undefined;
  for (const x of items) if (best === undefined || cmp(x, best) < 0) best = x;
  return best;
}
