// Reads for the exports (server/owner/export-routes.ts), page by page in key
// order: each page is its own short statement, so an export as long as a
// year holds no connection (and, on PGlite, not the one session every other
// request waits for) while a slow client downloads it. Pages follow an index:
// visits by (day, id) on docs_entries_day, documents by their primary key.
import type { Queryable } from '../db/database.ts';
import type { CollectionName } from '../../shared/schemas.ts';
import type { Doc } from './writes.ts';

export interface VisitKey {
  day: string;
  id: string;
}

const LIVE_VISITS = `clinic_id = $1 AND collection = 'entries' AND data ->> 'day' BETWEEN $2 AND $3 AND NOT (data ->> '_deleted')::boolean`;

export async function countVisits(db: Queryable, clinicId: string, from: string, to: string): Promise<number> {
  const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE ${LIVE_VISITS}`, [clinicId, from, to]);
  return r!.n;
}

/**
 * The period's visits after `after`, in (day, id) order. Without `withNames`
 * the name and phone are left in the database, not dropped in Node.
 */
export function visitsAfter(
  db: Queryable,
  clinicId: string,
  q: { from: string; to: string; withNames: boolean },
  after: VisitKey | null,
  limit: number,
): Promise<{ day: string; id: string; data: Doc }[]> {
  return db.query(
    `SELECT data ->> 'day' AS day, id, CASE WHEN $4 THEN data ELSE data - 'name' - 'phone' END AS data
       FROM docs
      WHERE ${LIVE_VISITS} AND ($5::text IS NULL OR (data ->> 'day', id) > ($5, $6))
      ORDER BY data ->> 'day', id LIMIT $7`,
    [clinicId, q.from, q.to, q.withNames, after?.day ?? null, after?.id ?? null, limit],
  );
}

/** Documents of each collection, deleted ones included. */
export async function countDocs(db: Queryable, clinicId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ collection: string; n: number }>(
    'SELECT collection, count(*)::int AS n FROM docs WHERE clinic_id = $1 GROUP BY collection',
    [clinicId],
  );
  return new Map(rows.map((r) => [r.collection, r.n]));
}

/** One collection's documents after id `after`, in id order, deleted ones included. */
export function docsAfter(
  db: Queryable,
  clinicId: string,
  collection: CollectionName,
  after: string | null,
  limit: number,
): Promise<{ id: string; data: Doc }[]> {
  return db.query(
    `SELECT id, data FROM docs WHERE clinic_id = $1 AND collection = $2 AND ($3::text IS NULL OR id > $3) ORDER BY id LIMIT $4`,
    [clinicId, collection, after, limit],
  );
}
