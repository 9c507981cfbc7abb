// Document storage for replication: the only place that reads or writes docs.
import type { Queryable } from '../db/database.ts';
import type { CollectionName } from '../../shared/schemas.ts';
import type { Checkpoint, PullResponse, PushRow, WireDoc } from '../../shared/protocol.ts';
import { PLAN_LIMIT_CODE, SUSPENDED_CODE } from '../../shared/saas.ts';
import { HttpError } from '../http/errors.ts';

export type Doc = WireDoc<Record<string, unknown>>;

export interface PushResult {
  conflicts: Doc[];
  seq: number;
  written: number;
}

export interface Actor {
  userId: string | null;
  deviceId: string | null;
}
export const SYSTEM: Actor = { userId: null, deviceId: null };

/** A suspended clinic keeps reading; its new changes wait on the devices until it is reactivated. */
export const suspendedError = () =>
  new HttpError(
    403,
    SUSPENDED_CODE,
    "this clinic's subscription is suspended: changes stay on this device and sync once it is reactivated",
  );

/**
 * One statement, one round trip: see dq_push in migrations/0005_saas.sql.
 * notify=false when the fan-out goes through Redis (the caller announces after commit).
 * whileSuspended: the system's own duties (retention erasure) go on in a suspended clinic.
 * Refused with 403: a suspended clinic's write, doctors activated beyond the plan.
 */
export async function pushDocs(
  db: Queryable,
  clinicId: string,
  collection: CollectionName,
  rows: PushRow[],
  notify = true,
  actor: Actor = SYSTEM,
  whileSuspended = false,
): Promise<PushResult> {
  try {
    const [row] = await db.query<{ r: PushResult }>('SELECT dq_push($1, $2, $3::jsonb, $4, $5, $6, $7) AS r', [
      clinicId,
      collection,
      JSON.stringify(rows),
      notify,
      actor.userId,
      actor.deviceId,
      whileSuspended,
    ]);
    return row!.r;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'DQ001') throw suspendedError();
    if (e.code === 'DQ002') throw new HttpError(403, PLAN_LIMIT_CODE, `${e.message}: deactivate one or change plan`);
    throw err;
  }
}

export async function pullDocs(
  db: Queryable,
  clinicId: string,
  collection: CollectionName,
  since: Checkpoint,
  limit: number,
): Promise<PullResponse> {
  const rows = await db.query<{ seq: number; data: Doc }>(
    'SELECT seq, data FROM docs WHERE clinic_id = $1 AND collection = $2 AND seq > $3 ORDER BY seq LIMIT $4',
    [clinicId, collection, since.seq, limit],
  );
  const last = rows.at(-1);
  return { documents: rows.map((r) => r.data), checkpoint: last ? { seq: last.seq } : since };
}

/** Every collection of a clinic after `seq`, in sequence order: what the stream sends. */
export async function changesSince(db: Queryable, clinicId: string, seq: number, limit: number) {
  return db.query<{ collection: CollectionName; seq: number; data: Doc }>(
    'SELECT collection, seq, data FROM docs WHERE clinic_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [clinicId, seq, limit],
  );
}

export async function clinicSeq(db: Queryable, clinicId: string): Promise<number | null> {
  const [row] = await db.query<{ seq: number }>('SELECT seq FROM clinics WHERE id = $1', [clinicId]);
  return row ? row.seq : null;
}
