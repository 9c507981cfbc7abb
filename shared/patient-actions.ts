// What a patient may do from their ticket page, and the reception's answers
// to it. Each action is one document write (or none), decided on the day's
// entries with the time passed in, so the server (which writes it) and the
// tablet (which overrides it) apply the same rules.
import type { Entry } from './schemas.ts';
import { moveDown } from './queue.ts';
import { rankAfterLast } from './rank.ts';

/** The choices the ticket page offers for "I'm running late". */
export const LATE_MINUTES = [10, 20, 30] as const;
export type LateMinutes = (typeof LATE_MINUTES)[number];

export const PATIENT_ACTIONS = ['late', 'let_pass', 'cancel', 'here'] as const;
export type PatientActionName = (typeof PATIENT_ACTIONS)[number];

export type PatientAction = { action: 'late'; minutes: LateMinutes } | { action: 'let_pass' } | { action: 'cancel' } | { action: 'here' };

/**
 * A repeated "running late" within this long of the one already set is the
 * same tap sent again (a retry over a bad connection), not a new delay.
 */
const LATE_RETRY_MS = 60_000;
const MINUTE = 60_000;

/**
 * `entry` null: nothing to write (the request is already in effect: a retry).
 * `not_allowed`: the visit is past the point where the action means anything (called, seen, cancelled);
 * `last_in_queue`: nobody of the same queue and priority is waiting behind to let pass.
 */
export type PatientDecision = { ok: true; entry: Entry | null } | { ok: false; code: 'not_allowed' | 'last_in_queue' };

export function decidePatientAction(entries: readonly Entry[], e: Entry, a: PatientAction, now: number): PatientDecision {
  switch (a.action) {
    case 'late': {
      if (e.status !== 'waiting') return { ok: false, code: 'not_allowed' };
      const lateUntil = now + a.minutes * MINUTE;
      if (e.lateUntil !== null && Math.abs(e.lateUntil - lateUntil) < LATE_RETRY_MS) return { ok: true, entry: null };
      return { ok: true, entry: { ...e, lateUntil, updatedAt: now } };
    }
    case 'let_pass': {
      // Defined as: behind the next waiting patient of the same queue and priority; one new rank.
      if (e.status !== 'waiting') return { ok: false, code: 'not_allowed' };
      const moved = moveDown(entries, e.id, now);
      return moved ? { ok: true, entry: moved } : { ok: false, code: 'last_in_queue' };
    }
    case 'cancel':
      if (e.status === 'cancelled' && e.cancelReason === 'patient') return { ok: true, entry: null };
      if (e.status !== 'waiting' && e.status !== 'expected') return { ok: false, code: 'not_allowed' };
      return {
        ok: true,
        entry: { ...e, status: 'cancelled', cancelReason: 'patient', lateUntil: null, endedAt: now, updatedAt: now },
      };
    case 'here':
      if (e.status === 'waiting') return { ok: true, entry: null };
      return e.status === 'expected' ? { ok: true, entry: markArrived(entries, e, now) } : { ok: false, code: 'not_allowed' };
  }
}

/**
 * An expected patient joins the queue at its end as it stands when they
 * arrive (not where they checked in from afar): one write. The reception's
 * "arrived" and the patient's "I'm here" both come here.
 */
export function markArrived(entries: readonly Entry[], e: Entry, now: number): Entry {
  return { ...e, status: 'waiting', rank: rankAfterLast(entries.map((x) => x.rank)), arrivedAt: now, updatedAt: now };
}

/** The reception's override: the patient is here after all, and is called in their place again. Null: not late. */
export function clearLate(e: Entry, now: number): Entry | null {
  return e.lateUntil === null ? null : { ...e, lateUntil: null, updatedAt: now };
}
