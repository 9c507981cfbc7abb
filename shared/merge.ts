// Conflict resolution, run on the device when the server reports that its
// copy moved on (RxDB conflict handler). Deterministic, so every device that
// resolves the same conflict writes the same document.
//
// The rules:
// 1. Three-way merge against the state the device last saw from the server
//    (assumedMasterState): a field group the device did not touch keeps the
//    server's value; a group only the device changed keeps the device's.
// 2. Fields that must change together form one group and merge as a unit,
//    so a merge never yields, say, status `waiting` with a `calledAt` set.
//    For entries: lifecycle (status, called/started/ended times, doctor, cancel reason,
//    and day and ticket, which a day's close carrying a patient over changes with the status),
//    order (rank, priority), identity (name, phone).
// 3. A group both sides changed goes to the later `updatedAt`; on a tie the
//    server's copy wins (it was there first, and every device agrees on it).
//    Devices stamp `updatedAt` with the hybrid clock (shared/clock.ts), not
//    their raw clock, so a tablet whose clock is fast does not win by it.
// 4. A deletion on either side wins: an entry is never undeleted by a merge.
// 5. Without a base (the device created a document whose id the server
//    already has) the later `updatedAt` wins whole, ties to the server.
import { deepEqual } from './equal.ts';

type Doc = { updatedAt: number; _deleted: boolean } & Record<string, unknown>;

export const ENTRY_GROUPS: readonly (readonly string[])[] = [
  ['status', 'calledAt', 'startedAt', 'endedAt', 'doctorId', 'cancelReason', 'day', 'ticket'],
  ['rank', 'priority'],
  ['name', 'phone'],
];

/**
 * For appointments: its outcome (arrived with its visit, moved with the new
 * booking), its slot, the patient. A move and an arrival made on two
 * offline tablets are both outcome changes: the later wins whole.
 */
export const APPOINTMENT_GROUPS: readonly (readonly string[])[] = [
  ['status', 'entryId', 'movedTo'],
  ['doctorId', 'day', 'start', 'minutes'],
  ['name', 'phone', 'language', 'whatsapp'],
];

export function mergeDocs<T extends Doc>(base: T | undefined, local: T, remote: T, groups: readonly (readonly string[])[] = []): T {
  const localWins = local.updatedAt > remote.updatedAt;
  if (!base) return localWins ? local : remote;
  const grouped = new Set(groups.flat());
  const allGroups = [
    ...groups,
    ...[...new Set([...Object.keys(local), ...Object.keys(remote)])]
      .filter((k) => !grouped.has(k) && k !== 'updatedAt' && k !== '_deleted')
      .map((k) => [k]),
  ];
  const out: Record<string, unknown> = { ...remote };
  for (const group of allGroups) {
    const changed = (d: T) => group.some((k) => !deepEqual(d[k], base[k]));
    const takeLocal = changed(local) && (!changed(remote) || localWins);
    if (takeLocal) for (const k of group) out[k] = local[k];
  }
  out.updatedAt = Math.max(local.updatedAt, remote.updatedAt);
  out._deleted = local._deleted || remote._deleted;
  return out as T;
}

/**
 * The base to merge a conflict against when a push of `sent` went unanswered
 * (the server may or may not have written it): per field group, `sent` where
 * the server's copy (`real`) still shows it — the server took it, so it is not
 * someone else's change — and the assumed state elsewhere. Without an assumed
 * state, `sent` itself: the server's copy can then only descend from what this
 * device sent. Fields outside the groups are groups of one.
 */
export function unansweredBase<T extends Record<string, unknown>>(
  assumed: T | undefined,
  sent: T,
  real: T,
  groups: readonly (readonly string[])[] = [],
): T {
  if (!assumed) return sent;
  const grouped = new Set(groups.flat());
  const all = [
    ...groups,
    ...Object.keys({ ...assumed, ...sent, ...real })
      .filter((k) => !grouped.has(k))
      .map((k) => [k]),
  ];
  const base: Record<string, unknown> = { ...assumed };
  for (const g of all) {
    if (g.every((k) => deepEqual(real[k], sent[k]))) for (const k of g) base[k] = sent[k];
  }
  return base as T;
}
