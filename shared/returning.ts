// Returning patients: typing a phone number or a name at registration
// suggests the patients seen before. One rule for the tablet (its local
// documents) and the server (the clinic's visits within the retention
// period; its SQL only narrows the rows this rule then decides on).
import { z } from 'zod';
import { Day } from './day.ts';
import { ERASED_NAME, Entry, Text, type EntryStatus } from './schemas.ts';

/** Fewer characters match too many patients to help, and let a caller page through the clinic's register. */
export const MIN_QUERY_LENGTH = 3;
export const MAX_SUGGESTIONS = 8;
/** At least this many digits and nothing but what a phone holds: the query is a phone number. */
const MIN_PHONE_DIGITS = 3;

/** Shorter than MIN_QUERY_LENGTH (or absent): no suggestions, and no look-up made. */
export const ReturningQuery = z.object({ q: Text(60).default('') }).strict();

export const ReturningPatient = z
  .object({
    name: Entry.shape.name,
    phone: Entry.shape.phone,
    /** Visits registered under this name and phone, cancelled ones apart. */
    visits: z.number().int().min(0),
    noShows: z.number().int().min(0),
    lastDay: Day,
  })
  .strict();
export type ReturningPatient = z.infer<typeof ReturningPatient>;
export const ReturningAnswer = z.object({ patients: z.array(ReturningPatient).max(MAX_SUGGESTIONS) }).strict();

export type Needle = { phoneDigits: string } | { words: string[] };

const digits = (s: string) => s.replace(/\D/g, '');
/** Case and accents ignored (Amélie, AMELIE), Arabic short vowels too: they are combining marks. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function needleOf(q: string): Needle {
  const d = digits(q);
  if (/^[0-9+ ()-]+$/.test(q.trim()) && d.length >= MIN_PHONE_DIGITS) return { phoneDigits: d };
  return { words: fold(q).split(/\s+/).filter(Boolean) };
}

type Visit = Pick<Entry, 'name' | 'phone' | 'status' | 'day'>;

/** A phone containing the digits typed (the number may be stored with or without +216); or each word typed starting a word of the name. */
export function matches(e: Pick<Entry, 'name' | 'phone'>, n: Needle): boolean {
  if (e.name === ERASED_NAME) return false;
  if ('phoneDigits' in n) return e.phone !== null && digits(e.phone).includes(n.phoneDigits);
  const nameWords = fold(e.name).split(/\s+/);
  return n.words.every((w) => nameWords.some((x) => x.startsWith(w)));
}

const COUNTED_OUT: readonly EntryStatus[] = ['cancelled'];

/** The patients matching `q`, one per name and phone, the most recently seen first. */
export function returningPatients(visits: readonly Visit[], q: string, limit = MAX_SUGGESTIONS): ReturningPatient[] {
  const n = needleOf(q);
  const byKey = new Map<string, ReturningPatient>();
  for (const e of visits) {
    if (!matches(e, n)) continue;
    const key = `${fold(e.name)}\u0000${e.phone ?? ''}`;
    const p = byKey.get(key) ?? { name: e.name, phone: e.phone, visits: 0, noShows: 0, lastDay: e.day };
    if (!COUNTED_OUT.includes(e.status)) p.visits++;
    if (e.status === 'no_show') p.noShows++;
    // The name as last written (a spelling corrected since).
    if (e.day >= p.lastDay) Object.assign(p, { lastDay: e.day, name: e.name });
    byKey.set(key, p);
  }
  return [...byKey.values()].sort(bySeen).slice(0, limit);
}

/**
 * The tablet's suggestions and the server's in one list: the server counts
 * the whole retention period, the tablet what it has not pushed yet; per
 * patient the larger counts and the later day.
 */
export function mergeSuggestions(
  a: readonly ReturningPatient[],
  b: readonly ReturningPatient[],
  limit = MAX_SUGGESTIONS,
): ReturningPatient[] {
  const byKey = new Map<string, ReturningPatient>();
  for (const p of [...a, ...b]) {
    const key = `${fold(p.name)}\u0000${p.phone ?? ''}`;
    const q = byKey.get(key);
    byKey.set(
      key,
      q
        ? {
            ...(p.lastDay >= q.lastDay ? p : q),
            visits: Math.max(p.visits, q.visits),
            noShows: Math.max(p.noShows, q.noShows),
          }
        : p,
    );
  }
  return [...byKey.values()].sort(bySeen).slice(0, limit);
}

const bySeen = (a: ReturningPatient, b: ReturningPatient) =>
  b.lastDay.localeCompare(a.lastDay) || b.visits - a.visits || a.name.localeCompare(b.name);
