// Reads of replicated documents: replication pulls, the stream's changes,
// one document, a clinic's documents, the day's queue. Every SQL on the
// docs table lives in server/docs/ (writes.ts is the only writer).
import type { Queryable } from '../db/database.ts';
import type { CollectionName, DocOf, Doctor, Entry, PersonCollection, Settings } from '../../shared/schemas.ts';
import type { Checkpoint, PullResponse, WireDoc } from '../../shared/protocol.ts';
import type { Doc } from './writes.ts';
import { OPEN_STATUSES, isWindowed, windowBounds, type WindowBounds, type WindowedCollection } from '../../shared/window.ts';

/**
 * Visits inside the tablet's window (shared/window.ts, entryInWindow) after a
 * sequence number, in sequence order. Each clause has its own index
 * (migrations/0013_local_window.sql) and its own branch of the union (with
 * one OR, Postgres scanned the clinic's 29,000 history rows: 117 ms), so a new tablet of a clinic with a
 * year of history reads the window's rows, not the year's. Rows outside the
 * window are passed over, not stopped at: the LIMIT counts window rows, so the
 * checkpoint (the last row sent) never moves past a row inside the window, and
 * a row outside cannot come back inside without a write, which gives it a new
 * sequence number (the window only moves forward with time).
 */
const OPEN_SQL = `data ->> 'status' IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')}) AND NOT (data ->> '_deleted')::boolean`;
const PULL_ENTRIES_SQL = `
  SELECT seq, data FROM docs
   WHERE clinic_id = $1 AND collection = 'entries' AND seq = ANY (ARRAY(
     SELECT seq FROM docs WHERE clinic_id = $1 AND collection = 'entries' AND seq > $2 AND data ->> 'day' >= $3
     UNION
     SELECT seq FROM docs WHERE clinic_id = $1 AND collection = 'entries' AND seq > $2 AND ${OPEN_SQL}
     UNION
     SELECT seq FROM docs WHERE clinic_id = $1 AND collection = 'entries' AND seq > $2 AND (data ->> 'updatedAt')::bigint >= $4
     ORDER BY seq LIMIT $5))
   ORDER BY seq`;
/** Appointments inside the window (shared/window.ts, appointmentInWindow), by the same two-index union as visits. */
const PULL_APPOINTMENTS_SQL = `
  SELECT seq, data FROM docs
   WHERE clinic_id = $1 AND collection = 'appointments' AND seq = ANY (ARRAY(
     SELECT seq FROM docs WHERE clinic_id = $1 AND collection = 'appointments' AND seq > $2 AND data ->> 'day' >= $3
     UNION
     SELECT seq FROM docs WHERE clinic_id = $1 AND collection = 'appointments' AND seq > $2 AND (data ->> 'updatedAt')::bigint >= $4
     ORDER BY seq LIMIT $5))
   ORDER BY seq`;
const PULL_WINDOW_SQL: Record<WindowedCollection, string> = { entries: PULL_ENTRIES_SQL, appointments: PULL_APPOINTMENTS_SQL };

/** The clinic's window setting and the bounds it gives at `now`; null: no such clinic. */
export async function clinicWindow(
  db: Queryable,
  clinicId: string,
  now: number,
): Promise<{ pastDays: number; bounds: WindowBounds } | null> {
  const [c] = await db.query<{ timeZone: string; pastDays: number }>(
    'SELECT time_zone AS "timeZone", local_past_days AS "pastDays" FROM clinics WHERE id = $1',
    [clinicId],
  );
  return c ? { pastDays: c.pastDays, bounds: windowBounds(now, c.timeZone, c.pastDays) } : null;
}

/**
 * Documents of one collection after a checkpoint, in sequence order (the pull
 * of the replication protocol). Visits are those inside the clinic's window at
 * `now`, and the answer says which window, for the tablet to purge with.
 */
export async function pullDocs(
  db: Queryable,
  clinicId: string,
  collection: CollectionName,
  since: Checkpoint,
  limit: number,
  now = Date.now(),
): Promise<PullResponse> {
  if (!isWindowed(collection)) {
    const rows = await db.query<{ seq: number; data: Doc }>(
      'SELECT seq, data FROM docs WHERE clinic_id = $1 AND collection = $2 AND seq > $3 ORDER BY seq LIMIT $4',
      [clinicId, collection, since.seq, limit],
    );
    return pulled(rows, since);
  }
  const window = await clinicWindow(db, clinicId, now);
  if (!window) return { documents: [], checkpoint: since };
  const { fromDay, fromMillis } = window.bounds;
  const rows = await db.query<{ seq: number; data: Doc }>(PULL_WINDOW_SQL[collection], [clinicId, since.seq, fromDay, fromMillis, limit]);
  return { ...pulled(rows, since), window: { pastDays: window.pastDays } };
}

function pulled(rows: { seq: number; data: Doc }[], since: Checkpoint): PullResponse {
  const last = rows.at(-1);
  return { documents: rows.map((r) => r.data), checkpoint: last ? { seq: last.seq } : since };
}

/** The stored phone of each of these visits that has one (a doctor device's push keeps them: shared/doctor-copy.ts). */
export async function storedPhones(
  db: Queryable,
  clinicId: string,
  collection: CollectionName,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; phone: string }>(
    `SELECT id, data ->> 'phone' AS phone FROM docs
      WHERE clinic_id = $1 AND collection = $2 AND id = ANY ($3::text[]) AND data ->> 'phone' IS NOT NULL`,
    [clinicId, collection, ids],
  );
  return new Map(rows.map((r) => [r.id, r.phone]));
}

/** Every collection of a clinic after `seq`, in sequence order: what the stream sends. */
export async function changesSince(db: Queryable, clinicId: string, seq: number, limit: number) {
  return db.query<{ collection: CollectionName; seq: number; data: Doc }>(
    'SELECT collection, seq, data FROM docs WHERE clinic_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [clinicId, seq, limit],
  );
}

/** The clinic's last document sequence (null: no such clinic). */
export async function clinicSeq(db: Queryable, clinicId: string): Promise<number | null> {
  const [row] = await db.query<{ seq: number }>('SELECT seq FROM clinics WHERE id = $1', [clinicId]);
  return row ? row.seq : null;
}

/** One document as the devices see it (deleted ones included), or null. */
export async function readDoc<T = Record<string, unknown>>(
  db: Queryable,
  clinicId: string,
  collection: CollectionName,
  id: string,
): Promise<WireDoc<T> | null> {
  const [row] = await db.query<{ data: WireDoc<T> }>('SELECT data FROM docs WHERE clinic_id = $1 AND collection = $2 AND id = $3', [
    clinicId,
    collection,
    id,
  ]);
  return row?.data ?? null;
}

/** A clinic's documents of one collection (deleted ones only when asked), in sequence order. */
export async function listDocs<T = Record<string, unknown>>(
  db: Queryable,
  clinicId: string,
  collection: CollectionName,
  opts: { withDeleted?: boolean } = {},
): Promise<WireDoc<T>[]> {
  const rows = await db.query<{ data: WireDoc<T> }>(
    `SELECT data FROM docs WHERE clinic_id = $1 AND collection = $2
        AND ($3 OR NOT coalesce((data ->> '_deleted')::boolean, false)) ORDER BY seq`,
    [clinicId, collection, opts.withDeleted ?? false],
  );
  return rows.map((r) => r.data);
}

/** The clinic's settings document, or null. */
export const readSettings = (db: Queryable, clinicId: string) => readDoc<Settings>(db, clinicId, 'settings', clinicId);

/**
 * A doctor offered at check-in and counted against the plan: active and not deleted. The same
 * rule as dq_doctor_active (migrations/functions/01_dq_doctor_active.sql), for documents already read.
 */
export const isActiveDoctor = (d: { active: boolean; _deleted?: boolean }): boolean => d.active && !d._deleted;

/** Settings and doctors (not deleted) of a clinic, in one read. */
export async function readClinicSetup(db: Queryable, clinicId: string) {
  const rows = await db.query<{ collection: 'doctors' | 'settings'; data: WireDoc<Doctor> | WireDoc<Settings> }>(
    `SELECT collection, data FROM docs WHERE clinic_id = $1 AND collection IN ('doctors', 'settings')`,
    [clinicId],
  );
  const settings = (rows.find((r) => r.collection === 'settings')?.data as WireDoc<Settings> | undefined) ?? null;
  const doctors = rows.filter((r) => r.collection === 'doctors' && !r.data._deleted).map((r) => r.data as WireDoc<Doctor>);
  return { settings, doctors };
}

/** Entries of one clinic day (deleted ones included: the queue's readers filter). */
export async function entriesOfDay(db: Queryable, clinicId: string, day: string): Promise<WireDoc<Entry>[]> {
  const rows = await db.query<{ data: WireDoc<Entry> }>(
    `SELECT data FROM docs WHERE clinic_id = $1 AND collection = 'entries' AND data ->> 'day' = $2`,
    [clinicId, day],
  );
  return rows.map((r) => r.data);
}

/** Visits of days up to `throughDay` in one of `statuses`, deleted ones included (the day's close). */
export async function openVisits(
  db: Queryable,
  clinicId: string,
  statuses: readonly string[],
  throughDay: string,
): Promise<WireDoc<Entry>[]> {
  const rows = await db.query<{ data: WireDoc<Entry> }>(
    `SELECT data FROM docs
      WHERE clinic_id = $1 AND collection = 'entries' AND data ->> 'status' = ANY($2) AND data ->> 'day' <= $3`,
    [clinicId, statuses, throughDay],
  );
  return rows.map((r) => r.data);
}

/** Every clinic's settings document (the retention and day-close jobs). */
export function allSettings(db: Queryable): Promise<{ clinicId: string; settings: Settings }[]> {
  return db.query(`SELECT clinic_id AS "clinicId", data AS settings FROM docs WHERE collection = 'settings'`);
}

/**
 * Visits or appointments of days before `beforeDay`, whatever their status, that still carry a
 * name other than `erasedName` or a phone (retention).
 */
export async function personsToErase<C extends PersonCollection>(
  db: Queryable,
  clinicId: string,
  collection: C,
  q: { beforeDay: string; erasedName: string; limit: number },
): Promise<WireDoc<DocOf<C>>[]> {
  const rows = await db.query<{ data: WireDoc<DocOf<C>> }>(
    `SELECT data FROM docs
      WHERE clinic_id = $1 AND collection = $2 AND data ->> 'day' < $3
        AND (data ->> 'name' <> $4 OR data ->> 'phone' IS NOT NULL)
      LIMIT $5`,
    [clinicId, collection, q.beforeDay, q.erasedName, q.limit],
  );
  return rows.map((r) => r.data);
}
