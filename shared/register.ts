// A new visit: the one place an entry document is born, for the reception
// tablet and for self check-in alike.
import type { Entry, Priority } from './schemas.ts';
import { rankAfterLast } from './rank.ts';
import { nextTicket } from './tickets.ts';
import { ENTRY_DEFAULTS } from './doc-defaults.ts';

export interface Registration {
  id: string;
  clinicId: string;
  name: string;
  phone: string | null;
  doctorId: string | null;
  priority: Priority;
  source: Entry['source'];
  /** The issuing device's (or channel's) ticket series. */
  series: string;
  /** The clinic's calendar day (clinicDay). */
  day: string;
}

/** The new entry goes to the end of the queue, numbered after the series' last ticket of the day. */
export function registerEntry(existing: readonly Entry[], r: Registration, now: number): Entry {
  return {
    id: r.id,
    clinicId: r.clinicId,
    day: r.day,
    ticket: nextTicket(existing, r.series, r.day),
    name: r.name.trim(),
    phone: r.phone,
    doctorId: r.doctorId,
    priority: r.priority,
    status: 'waiting',
    rank: rankAfterLast(existing.map((e) => e.rank)),
    source: r.source,
    arrivedAt: now,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    ...ENTRY_DEFAULTS,
    updatedAt: now,
  };
}
