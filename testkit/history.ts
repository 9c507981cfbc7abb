// A clinic's past visits, as a year of use leaves them: each day's visits over
// (done, a few no-shows and cancellations) and last written on that day. For
// the window's tests and bench (shared/window.ts): none of them is inside the
// window unless its day is.
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../shared/ids.ts';
import { rankBetween } from '../shared/rank.ts';
import type { Entry, EntryStatus } from '../shared/schemas.ts';
import { zonedTime } from '../shared/time.ts';
import { clinicDay } from '../shared/tickets.ts';
import { ENTRY_DEFAULTS } from '../shared/doc-defaults.ts';

const DAY_MS = 86_400_000;

/** The zone of the test harness's clinics (createClinic). */
export const HISTORY_ZONE = 'Africa/Tunis';

/** The clinic day `back` days before the one holding `now`. */
export function dayBefore(now: number, timeZone: string, back: number): string {
  const today = clinicDay(now, timeZone);
  return new Date(Date.parse(`${today}T00:00:00Z`) - back * DAY_MS).toISOString().slice(0, 10);
}

/** Every 20th visit a no-show, every 25th cancelled, the rest seen. */
const closedStatus = (i: number): EntryStatus => (i % 20 === 19 ? 'no_show' : i % 25 === 24 ? 'cancelled' : 'done');

/** `perDay` finished visits on one clinic day, between 08:00 and 16:00 local time. */
export function dayOfVisits(clinicId: string, day: string, perDay: number, timeZone: string): Entry[] {
  const opens = zonedTime(day, 8, 0, timeZone);
  let rank: string | null = null;
  return Array.from({ length: perDay }, (_, i) => {
    rank = rankBetween(rank, null);
    const arrivedAt = opens + i * 6 * 60_000;
    const status = closedStatus(i);
    const endedAt = arrivedAt + 30 * 60_000;
    return {
      id: uuidv7(arrivedAt, randomBytes(10)),
      clinicId,
      day,
      ticket: `H-${String(i + 1).padStart(3, '0')}`,
      name: `Past patient ${i + 1}`,
      phone: null,
      doctorId: null,
      priority: 'normal',
      status,
      rank,
      source: 'reception',
      arrivedAt,
      calledAt: status === 'cancelled' ? null : arrivedAt + 10 * 60_000,
      startedAt: status === 'done' ? arrivedAt + 15 * 60_000 : null,
      endedAt: status === 'done' ? endedAt : null,
      ...ENTRY_DEFAULTS,
      updatedAt: endedAt,
    } satisfies Entry;
  });
}

/** The visits of the `days` days before `fromBack` days ago (1: yesterday and earlier), oldest first. */
export function pastVisits(
  clinicId: string,
  opts: { now: number; timeZone: string; days: number; perDay: number; fromBack?: number },
): Entry[] {
  const first = opts.fromBack ?? 1;
  const out: Entry[] = [];
  for (let back = first + opts.days - 1; back >= first; back--)
    out.push(...dayOfVisits(clinicId, dayBefore(opts.now, opts.timeZone, back), opts.perDay, opts.timeZone));
  return out;
}
