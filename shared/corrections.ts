// Corrections at the desk: a mistyped name, the wrong doctor, a cancel taken
// back. Each returns the one document to write (null: nothing to write), so a
// correction made offline is one replicated change that merges by its field
// groups (identity, order, lifecycle) with whatever another tablet did.
import { z } from 'zod';
import { type Queued, isWaiting, rankAt, waitingQueue } from './queue.ts';
import { DocId, type Entry, Priority, Text } from './schemas.ts';

/** What the edit dialog may change; the same bounds as the entry itself, so a saved edit is never refused by the server. */
export const Correction = z.object({
  name: Text(120, { min: 1 }),
  phone: z
    .string()
    .trim()
    .max(32)
    .regex(/^[0-9+ ()-]*$/)
    .transform((p) => (p === '' ? null : p)),
  doctorId: DocId.nullable(),
  priority: Priority,
});
export type Correction = z.infer<typeof Correction>;

/** A finished or erased visit is history: correcting it would rewrite the day's report. */
const EDITABLE: readonly Entry['status'][] = ['expected', 'waiting', 'called', 'in_consultation', 'no_show', 'cancelled'];

type Arrived = Queued & Pick<Entry, 'arrivedAt'>;

/** Arrival order, with the id as the tie-break every device agrees on. */
const byArrival = (a: Arrived, b: Arrived) => a.arrivedAt - b.arrivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The rank that puts `e` at its arrival place: just after the last waiting
 * patient of its priority band, whatever their doctor, who arrived before it.
 * Ranks are one order across doctors (an unassigned patient sits in every
 * queue, and the all-doctors view shows them together), so placing it among
 * all of them places it in every queue it appears in, the new doctor's
 * included. Patients moved by hand keep their place, and the newcomer never
 * passes anyone who was there first.
 */
export function arrivalRank(entries: readonly Arrived[], e: Arrived): string {
  const band = waitingQueue(entries.filter((x) => x.id !== e.id)).filter((x) => x.priority === e.priority);
  const earlier = band.findLastIndex((x) => byArrival(x, e) < 0);
  return rankAt(band, earlier + 1);
}

/**
 * The entry with the dialog's values; null when nothing changes or the visit
 * can no longer be corrected. A waiting patient sent to another doctor (or
 * whose priority changes) gets a rank that keeps their arrival place there,
 * not the back of the queue as a new registration would.
 */
export function correct(e: Entry, c: Correction, entries: readonly Entry[], now: number): Entry | null {
  if (!EDITABLE.includes(e.status)) return null;
  const next: Entry = { ...e, name: c.name, phone: c.phone, doctorId: c.doctorId, priority: c.priority };
  const moved = next.doctorId !== e.doctorId || next.priority !== e.priority;
  if (moved && isWaiting(e)) next.rank = arrivalRank(entries, next);
  const same = next.name === e.name && next.phone === e.phone && !moved;
  return same ? null : { ...next, updatedAt: now };
}

/**
 * "Send to Dr X" for every waiting patient of `fromDoctorId` (a doctor absent
 * today), in arrival order, each placed by arrival in the new queue: one
 * document per patient, their order kept. Each placement sees the ones before
 * it, so two moved patients never get the same rank.
 */
export function transferAll(entries: readonly Entry[], fromDoctorId: string, toDoctorId: string | null, now: number): Entry[] {
  const moving = entries.filter((e) => isWaiting(e) && e.doctorId === fromDoctorId).sort(byArrival);
  let day = entries.slice();
  const out: Entry[] = [];
  for (const e of moving) {
    const next = { ...e, doctorId: toDoctorId, rank: arrivalRank(day, e), updatedAt: now };
    day = day.map((x) => (x.id === e.id ? next : x));
    out.push(next);
  }
  return out;
}

/** Who the "cancelled and no-shows" list can bring back: today's, however they ended. */
export function canRestore(e: Pick<Entry, 'status'>): boolean {
  return e.status === 'cancelled' || e.status === 'no_show';
}

/**
 * Undoes a cancel or a no-show: the patient waits again with the rank they
 * had, so they are back at their place (a recall, by contrast, puts a
 * no-show second in line).
 */
export function restore(e: Entry, now: number): Entry | null {
  if (!canRestore(e)) return null;
  return { ...e, status: 'waiting', cancelReason: null, calledAt: null, startedAt: null, endedAt: null, updatedAt: now };
}

/** The cancelled and no-show visits of the day, the latest ended first. */
export function endedEarly<E extends Pick<Entry, 'status' | 'endedAt' | 'id'>>(entries: readonly E[]): E[] {
  return entries.filter(canRestore).sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0) || (a.id < b.id ? -1 : 1));
}
