// The replication endpoint (RxDB's protocol): pull and push, and the
// reception's ping; the one stream per device carrying every collection is
// stream-routes.ts. All served before Express (http/bare-routes.ts): every
// tablet sends them many times a minute. See docs/api.md.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { CollectionName, WIRE_COLLECTIONS, holdsPersons } from '../../shared/schemas.ts';
import {
  PullQuery,
  PushBody,
  SCHEMA_VERSION,
  SCHEMA_VERSION_HEADER,
  SERVER_TIME_HEADER,
  type AliveAnswer,
  type PushRow,
} from '../../shared/protocol.ts';
import type { Database } from '../db/database.ts';
import { HttpError, parseBody, parseOr, parseQuery } from '../http/errors.ts';
import { staffClaimsOf } from '../auth/middleware.ts';
import { authorizedClaims, withoutPhones, type Principal } from '../auth/policy.ts';
import { withStoredPhone, withoutPhone } from '../../shared/doctor-copy.ts';
import type { Revocations } from '../auth/revocations.ts';
import type { StaffClaims, TokenKeys } from '../auth/tokens.ts';
import { pullDocs, storedPhones } from '../docs/reads.ts';
import { readJsonBody, storableJson } from '../http/json.ts';
import { type BareHandler, type BareRoutes, sendJson } from '../http/bare-routes.ts';
import { hotRequestLog } from '../http/request-log.ts';
import type { Documents } from '../docs/writes.ts';
import type { Metrics } from '../http/metrics.ts';
import type { StreamRegistry } from './streams.ts';

/** 426 for a client built against another schema version. */
export function requireSchemaVersion(headers: IncomingHttpHeaders): void {
  if (Number(headers[SCHEMA_VERSION_HEADER]) !== SCHEMA_VERSION)
    throw new HttpError(426, 'client_outdated', `this app is outdated (the server speaks schema ${SCHEMA_VERSION}): reload to update`);
}

/** Visits a doctor device replicates: without phone numbers, either way (shared/doctor-copy.ts). */
function phoneless(principal: Principal, collection: CollectionName): boolean {
  return holdsPersons(collection) && withoutPhones(principal);
}

function collectionOf(value: string): CollectionName {
  const c = CollectionName.safeParse(value);
  if (!c.success) throw new HttpError(404, 'unknown_collection', 'no such collection');
  return c.data;
}

/** What a route is given once the device is known to replicate. */
interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  staff: StaffClaims;
  principal: Principal;
  /** A POST's parsed JSON body. */
  body: unknown;
}

export function syncRoutes(
  r: BareRoutes,
  deps: {
    db: Database;
    log: Logger;
    keys: TokenKeys;
    revocations: Revocations;
    metrics: Metrics;
    documents: Documents;
    streams: Pick<StreamRegistry, 'presence'>;
  },
): void {
  const logRequest = hotRequestLog(deps.log);

  /**
   * What every route checks first, in this order: the token (401), the app's
   * schema (426), the device may replicate (403: a display shows the public
   * projection only, auth/policy.ts); then the answer carries the server's
   * clock, which devices stamp their writes by (shared/clock.ts).
   */
  const route =
    (serve: (call: Call) => Promise<void>): BareHandler =>
    async (req, res, { pattern, params }) => {
      let staff: StaffClaims | undefined;
      logRequest(req, res, () => staff?.cid);
      const end = deps.metrics.http.startTimer();
      res.once('finish', () => end({ method: req.method, route: pattern, status: String(res.statusCode) }));
      staff = staffClaimsOf(deps.keys, deps.revocations, req.headers.authorization);
      requireSchemaVersion(req.headers);
      const principal = authorizedClaims(staff, 'queue.replicate');
      res.setHeader(SERVER_TIME_HEADER, String(Date.now()));
      deps.streams.presence.heard(staff.cid);
      // Read (and refused when too large or too deep) even where unused, as every route of the app.
      const body = req.method === 'POST' ? await readJsonBody(req, res) : undefined;
      return serve({ req, res, params, staff, principal, body });
    };

  r.get(
    '/api/sync/v1/:collection/pull',
    route(async ({ req, res, params, staff, principal }) => {
      const collection = collectionOf(params.collection!);
      const q = parseQuery(PullQuery, Object.fromEntries(new URL(req.url ?? '', 'http://x').searchParams));
      const pulled = await pullDocs(deps.db, staff.cid, collection, { seq: q.seq }, q.limit);
      sendJson(res, 200, phoneless(principal, collection) ? { ...pulled, documents: pulled.documents.map(withoutPhone) } : pulled);
      deps.metrics.pulls.inc({ collection });
    }),
  );

  r.post(
    '/api/sync/v1/:collection/push',
    route(async ({ res, params, staff, principal, body }) => {
      const collection = collectionOf(params.collection!);
      const clinicId = staff.cid;
      const rows = parseBody(PushBody, body);
      const schema = WIRE_COLLECTIONS[collection];
      // What is stored is what was validated: the parsed (trimmed, normalised) document, never the raw one.
      const sent: PushRow[] = rows.map((row, i) => {
        const doc = parseOr(
          schema,
          row.newDocumentState,
          422,
          'invalid_document',
          `document at index ${i}`,
        ) as PushRow['newDocumentState'] & {
          clinicId: string;
          id: string;
        };
        if (doc.clinicId !== clinicId) throw new HttpError(403, 'wrong_clinic', `document at index ${i} belongs to another clinic`);
        if (collection === 'settings' && doc.id !== clinicId)
          throw new HttpError(422, 'invalid_document', 'the settings document id is the clinic id');
        // An assumed state Postgres could not even parse (a NUL, a lone surrogate) equals no stored
        // document: without it the row is a conflict, which is the true answer.
        const assumed =
          row.assumedMasterState && storableJson(row.assumedMasterState) ? { assumedMasterState: row.assumedMasterState } : {};
        return { ...assumed, newDocumentState: doc };
      });
      const phones = phoneless(principal, collection)
        ? await storedPhones(
            deps.db,
            clinicId,
            collection,
            sent.map((r) => r.newDocumentState.id as string),
          )
        : null;
      const stored = phones ? sent.map((r) => withStoredPhone(r, phones.get(r.newDocumentState.id as string) ?? null)) : sent;
      // The fan-out announce and the notifier's wake-up follow the commit inside push().
      const result = await deps.documents.push(clinicId, collection, stored, {
        actor: { userId: staff.sub, deviceId: staff.dev ?? null },
      });
      sendJson(res, 200, { conflicts: phones ? result.conflicts.map(withoutPhone) : result.conflicts, seq: result.seq });
      deps.metrics.pushes.inc({ collection });
      deps.metrics.pushDocs.inc({ collection }, rows.length);
      deps.metrics.conflicts.inc({ collection }, result.conflicts.length);
    }),
  );

  // The reception says it is there (server/sync/reception-presence.ts); the answer sets the pace.
  r.post(
    '/api/sync/v1/alive',
    route(async ({ res }) => {
      const answer: AliveAnswer = { nextInMs: deps.streams.presence.pingMs };
      sendJson(res, 200, answer);
    }),
  );
}
