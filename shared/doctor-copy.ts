// What a doctor's screen holds of the visits: everything but the patient's
// phone number. The server strips it from whatever it sends a doctor device
// (pull, stream, conflicts), so the number never reaches the room, not even
// in the device's storage; the screen needs names only.
//
// The device then pushes visits whose phone is null, with an assumed state
// (RxDB's assumedMasterState) whose phone is null too. Taken as they are,
// every such push would conflict with the stored visit (its phone differs
// from the assumed one) and, were it written, would erase the number. So
// before comparing, the server puts the stored number back into both: a
// doctor device never changes a phone, and its push compares and writes
// exactly as the same push from the desk would. Idempotent: a push sent
// twice restores the same number twice. A number the desk changed meanwhile
// is read with the rest of the stored visit, so the push is then a conflict
// (answered without the number) only if something else changed too.
import type { PushRow } from './protocol.ts';

type WithPhone = Record<string, unknown>;

/** A visit as a doctor device gets it. */
export function withoutPhone<T extends WithPhone>(doc: T): T {
  return doc.phone === null || doc.phone === undefined ? doc : { ...doc, phone: null };
}

/** A doctor device's push of a visit, with the stored number (null: no stored visit, or none on it) in place of its blank one. */
export function withStoredPhone(row: PushRow, stored: string | null): PushRow {
  return {
    ...(row.assumedMasterState ? { assumedMasterState: { ...row.assumedMasterState, phone: stored } } : {}),
    newDocumentState: { ...row.newDocumentState, phone: stored },
  };
}
