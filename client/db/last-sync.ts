// When the tablet last heard from the server, kept in the clinic database (a
// local document) so it survives a reload. An outage is exactly when a
// receptionist reloads, and exactly when "never synced" would mislead: the
// queue on screen is as old as this time, and the screen must say so.
import type { ClinicDb } from './database.ts';

const LOCAL_ID = 'last-sync';

export async function loadLastSync(db: ClinicDb): Promise<number | null> {
  const doc = await db.getLocal<{ at: number }>(LOCAL_ID);
  const at = doc?.get('at');
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
}

/** Keeps the latest time only: a late save of an older time must not move it back. */
export async function saveLastSync(db: ClinicDb, at: number): Promise<void> {
  if (db.closed) return;
  const saved = await loadLastSync(db);
  if (saved !== null && saved >= at) return;
  await db.upsertLocal(LOCAL_ID, { at });
}
