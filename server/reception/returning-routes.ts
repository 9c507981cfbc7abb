// Returning patients for the registration form (shared/returning.ts): the
// clinic's visits within its retention period, beyond the days a tablet
// keeps. Names and phones: only for those who may replicate them, of the
// clinic in their own token (no clinic in the path, so none to cross into).
import { Router } from 'express';
import type { Database } from '../db/database.ts';
import { parseQuery } from '../http/errors.ts';
import { perMinute } from '../http/rate-limit.ts';
import { authenticate, staffOf } from '../auth/middleware.ts';
import { authorize } from '../auth/policy.ts';
import type { Revocations } from '../auth/revocations.ts';
import type { TokenKeys } from '../auth/tokens.ts';
import { readSettings } from '../docs/reads.ts';
import { withClinic } from '../db/tenant.ts';
import { MIN_QUERY_LENGTH, needleOf, ReturningQuery, returningPatients, type ReturningPatient } from '../../shared/returning.ts';
import { ERASED_NAME, type Entry } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';

export const RECEPTION_BASE = '/api/reception/v1';
/** A receptionist types a few letters a second, debounced: this leaves room and stops a walk through the register. */
export const LOOKUPS_PER_MINUTE = 60;
/** The SQL narrows to rows that may match; the shared rule decides among at most this many, the latest first. */
const CANDIDATES = 2000;

/** `%` and `_` typed are letters, not wildcards. */
const likeEscaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function receptionRoutes(deps: { db: Database; keys: TokenKeys; revocations: Revocations; limits: { namespace: string } }): Router {
  const r = Router();
  r.use(
    authenticate(deps.keys, deps.revocations),
    authorize('queue.replicate'),
    perMinute(
      deps.db,
      `${deps.limits.namespace}:returning`,
      LOOKUPS_PER_MINUTE,
      'too many look-ups, try again in a minute',
      (req) => staffOf(req).sid,
    ),
  );

  r.get('/returning', async (req, res) => {
    const clinicId = staffOf(req).cid;
    const { q } = parseQuery(ReturningQuery, req.query);
    if (q.length < MIN_QUERY_LENGTH) {
      res.json({ patients: [] });
      return;
    }
    const n = needleOf(q);
    const patients: ReturningPatient[] = await withClinic(deps.db, clinicId, async (tx) => {
      const s = await readSettings(tx, clinicId);
      if (!s) return [];
      // Retention's cutoff (owner/retention.ts): what is older is erased or about to be.
      const since = clinicDay(Date.now() - s.retentionDays * 86_400_000, s.timeZone);
      const narrow =
        'phoneDigits' in n
          ? `regexp_replace(coalesce(data ->> 'phone', ''), '[^0-9]', '', 'g') LIKE '%' || $4 || '%'`
          : `data ->> 'name' ILIKE '%' || $4 || '%'`;
      const rows = await tx.query<{ data: Pick<Entry, 'name' | 'phone' | 'status' | 'day'> }>(
        `SELECT jsonb_build_object('name', data -> 'name', 'phone', data -> 'phone', 'status', data -> 'status', 'day', data -> 'day') AS data
           FROM docs
          WHERE clinic_id = $1 AND collection = 'entries' AND data ->> 'day' >= $2 AND data ->> 'name' <> $3
            AND NOT coalesce((data ->> '_deleted')::boolean, false) AND ${narrow}
          ORDER BY data ->> 'day' DESC
          LIMIT ${CANDIDATES}`,
        // The first word as typed: Postgres has no accent folding without an extension, so the server finds
        // "Hélène" for "hél" but not for "hel" (the tablet's own documents do, by the shared rule).
        [clinicId, since, ERASED_NAME, 'phoneDigits' in n ? n.phoneDigits : likeEscaped(q.split(/\s+/)[0] ?? '')],
      );
      return returningPatients(
        rows.map((r) => r.data),
        q,
      );
    });
    res.json({ patients });
  });

  return r;
}
