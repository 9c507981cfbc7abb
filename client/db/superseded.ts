// Copies of a document that the server has replaced with this device's own
// push. RxDB pushes while it pulls: a copy the server read before the push
// committed (a pull's answer, or a stream event queued behind a catch-up
// pull) can reach the downstream after the push was answered. The device's
// copy then equals RxDB's assumed master state, so RxDB takes the older copy
// as the server's newer one and writes it over the pushed edit: the name goes
// back on screen, and the receptionist's next edit is made on the older copy
// (found by the reconnect fuzz; reliability/regressions.test.ts).
//
// A push the server answered, with the row taken or with a conflict, shows
// that the server's history has moved past the copy the row assumed (its
// assumedMasterState, always a copy the server once held): taken, the row
// replaced it; a conflict, something else already had. Every later version
// follows it in sequence order, so a copy coming down that equals it, whole
// and with its updatedAt, is older than what the server holds now and is left
// alone (the conflict handler's downstream equality check, database.ts). Only
// an identical document written again later could be mistaken for it, and
// every writer stamps a new updatedAt.
import { deepEqual } from '../../shared/equal.ts';

/** Documents remembered, the oldest forgotten first: an older copy arrives within one catch-up, not hours later. */
const MAX_DOCUMENTS = 2_000;
/** Replaced copies kept per document: a few quick edits, each pushed while a catch-up runs. */
const MAX_COPIES = 4;

export class SupersededCopies {
  private readonly byDoc = new Map<string, unknown[]>();

  constructor(private readonly maxDocuments = MAX_DOCUMENTS) {}

  /** The server answered this device's push of a document that assumed `assumed`: it has moved past that copy. */
  replaced(collection: string, assumed: { id: string }): void {
    const k = `${collection}/${assumed.id}`;
    const copies = this.byDoc.get(k) ?? [];
    this.byDoc.delete(k);
    if (!copies.some((c) => deepEqual(c, assumed))) copies.push(assumed);
    this.byDoc.set(k, copies.slice(-MAX_COPIES));
    for (const oldest of this.byDoc.keys()) {
      if (this.byDoc.size <= this.maxDocuments) break;
      this.byDoc.delete(oldest);
    }
  }

  /** Whether `doc` is a copy the server has moved past, as this device's pushes showed. */
  has(collection: string, doc: { id: string }): boolean {
    return this.byDoc.get(`${collection}/${doc.id}`)?.some((c) => deepEqual(c, doc)) ?? false;
  }
}
