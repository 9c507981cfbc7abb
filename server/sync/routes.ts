// The replication endpoint (RxDB's protocol): pull and push; the one stream per
// device carrying every collection is served before Express (stream-routes.ts). See docs/api.md.
import type { IncomingHttpHeaders } from 'node:http';
import { Router, type Request, type RequestHandler } from 'express';
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
import { authenticate, staffOf } from '../auth/middleware.ts';
import { authorize, authorized, withoutPhones } from '../auth/policy.ts';
import { withStoredPhone, withoutPhone } from '../../shared/doctor-copy.ts';
import type { Revocations } from '../auth/revocations.ts';
import type { TokenKeys } from '../auth/tokens.ts';
import { pullDocs, storedPhones } from '../docs/reads.ts';
import { storableJson } from '../http/json.ts';
import type { Documents } from '../docs/writes.ts';
import type { Metrics } from '../http/metrics.ts';
import type { StreamRegistry } from './streams.ts';

/** 426 for a client built against another schema version. */
export function requireSchemaVersion(headers: IncomingHttpHeaders): void {
  if (Number(headers[SCHEMA_VERSION_HEADER]) !== SCHEMA_VERSION)
    throw new HttpError(426, 'client_outdated', `this app is outdated (the server speaks schema ${SCHEMA_VERSION}): reload to update`);
}

const schemaVersion: RequestHandler = (req, _res, next) => {
  try {
    requireSchemaVersion(req.headers);
  } catch (err) {
    return next(err);
  }
  next();
};

/** Devices stamp their writes by the server's clock, learned from every answer (shared/clock.ts). */
const serverTime: RequestHandler = (_req, res, next) => {
  res.setHeader(SERVER_TIME_HEADER, String(Date.now()));
  next();
};

/** Visits a doctor device replicates: without phone numbers, either way (shared/doctor-copy.ts). */
function phoneless(req: Request, collection: CollectionName): boolean {
  return holdsPersons(collection) && withoutPhones(authorized(req, 'queue.replicate'));
}

function collectionOf(value: unknown): CollectionName {
  const c = CollectionName.safeParse(value);
  if (!c.success) throw new HttpError(404, 'unknown_collection', 'no such collection');
  return c.data;
}

export function syncRoutes(deps: {
  db: Database;
  keys: TokenKeys;
  revocations: Revocations;
  metrics: Metrics;
  documents: Documents;
  streams: Pick<StreamRegistry, 'presence'>;
}): Router {
  const r = Router();
  // Documents carry names and phones: a display shows the public projection only (auth/policy.ts).
  r.use(authenticate(deps.keys, deps.revocations), schemaVersion, authorize('queue.replicate'), serverTime);

  r.get('/:collection/pull', async (req, res) => {
    const collection = collectionOf(req.params.collection);
    const q = parseQuery(PullQuery, req.query);
    const clinicId = staffOf(req).cid;
    deps.streams.presence.heard(clinicId);
    const pulled = await pullDocs(deps.db, clinicId, collection, { seq: q.seq }, q.limit);
    res.json(phoneless(req, collection) ? { ...pulled, documents: pulled.documents.map(withoutPhone) } : pulled);
    deps.metrics.pulls.inc({ collection });
  });

  r.post('/:collection/push', async (req, res) => {
    const collection = collectionOf(req.params.collection);
    const staff = staffOf(req);
    const clinicId = staff.cid;
    deps.streams.presence.heard(clinicId);
    const rows = parseBody(PushBody, req.body);
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
      const assumed = row.assumedMasterState && storableJson(row.assumedMasterState) ? { assumedMasterState: row.assumedMasterState } : {};
      return { ...assumed, newDocumentState: doc };
    });
    const phones = phoneless(req, collection)
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
    res.json({ conflicts: phones ? result.conflicts.map(withoutPhone) : result.conflicts });
    deps.metrics.pushes.inc({ collection });
    deps.metrics.pushDocs.inc({ collection }, rows.length);
    deps.metrics.conflicts.inc({ collection }, result.conflicts.length);
  });

  // The reception says it is there (server/sync/reception-presence.ts); the answer sets the pace.
  r.post('/alive', (req, res) => {
    deps.streams.presence.heard(staffOf(req).cid);
    const answer: AliveAnswer = { nextInMs: deps.streams.presence.pingMs };
    res.json(answer);
  });

  return r;
}
