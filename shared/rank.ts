// Rank keys decide the order of the waiting queue. They are fractional-index
// strings so a move rewrites one document instead of renumbering the queue,
// which keeps offline edits from different tablets small and mergeable.
import { generateKeyBetween } from 'fractional-indexing';

/** Code-unit order: the order fractional-indexing keys are designed for (localeCompare would fold case). */
export function compareRank(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A key strictly between `before` and `after` (null = open end).
 * Concurrent offline edits can leave `before >= after`; the library would
 * throw on equal keys and silently swap reversed ones, so we fall back to a
 * key after `before`: the caller then lands late rather than the app crashing.
 */
export function rankBetween(before: string | null, after: string | null): string {
  if (before !== null && after !== null && compareRank(before, after) >= 0) {
    return generateKeyBetween(before, null);
  }
  return generateKeyBetween(before, after);
}

/**
 * Whether fractional-indexing accepts `key` (a key ending in "0" or with a bad
 * head is not one): asked of the library itself, so the rule cannot drift from
 * the code that throws "invalid order key" on it.
 */
export function isRankKey(key: string): boolean {
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

/**
 * After the last valid key. An invalid key (a document from before the push
 * boundary checked keys, or a buggy device) is passed over rather than thrown
 * on: one bad document must not stop every new entry of the clinic.
 */
export function rankAfterLast(ranks: readonly string[]): string {
  let last: string | null = null;
  for (const r of ranks) if ((last === null || compareRank(r, last) > 0) && isRankKey(r)) last = r;
  return generateKeyBetween(last, null);
}
