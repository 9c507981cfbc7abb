// The design DoctorQ replaces, rebuilt faithfully enough to measure: the seed's
// Express route `POST /api/queue/next` over a table with a stored `position`,
// where every queue operation renumbers the whole queue one UPDATE per
// patient (recalculatePositionsAndStatuses), re-reads it and recomputes three
// statistics. See ../shared/seed/doctorq-scalability-assessment.md.
// Statements are those the seed's Prisma calls issue, one round trip each,
// through a pool of 5 connections (Prisma's default there).
//
// The same app also serves the floor: one bare upsert behind the same
// Express/HTTP stack, the least any write over HTTP can cost.
import express from 'express';
import { jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../server/db/database.ts';
import { ISSUER, STAFF_AUDIENCE } from '../server/auth/tokens.ts';

export const SEED_SCHEMA = `
CREATE TABLE seed_queue_entries (
  clinic_id uuid NOT NULL,
  id uuid PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL,
  position int,
  arrived_at timestamptz NOT NULL DEFAULT now(),
  called_at timestamptz,
  completed_at timestamptz
);
-- The seed's indexes: @@index([clinicId, status, position]) (and one on the phone, omitted: no phone here).
CREATE INDEX seed_queue_entries_clinic_status_position ON seed_queue_entries (clinic_id, status, position);
CREATE TABLE floor_docs (clinic_id uuid NOT NULL, id text NOT NULL, data jsonb NOT NULL, PRIMARY KEY (clinic_id, id));
`;

const ACTIVE = `status IN ('WAITING', 'NOTIFIED', 'IN_CONSULTATION')`;

/** A clinic's queue of n: the first in consultation, the rest waiting, positions 1..n (setup). */
export async function seedQueue(db: Queryable, clinicId: string, n: number): Promise<void> {
  await db.query(
    `INSERT INTO seed_queue_entries (clinic_id, id, name, status, position, arrived_at)
     SELECT $1, gen_random_uuid(), 'Patient ' || i, CASE WHEN i = 1 THEN 'IN_CONSULTATION' ELSE 'WAITING' END, i,
            now() - make_interval(mins => $2 - i)
       FROM generate_series(1, $2) AS i`,
    [clinicId, n],
  );
}

/** Puts one patient back at the end, so the queue keeps its length between measured operations (setup). */
export async function refillSeedQueue(db: Queryable, clinicId: string): Promise<void> {
  await db.query(
    `INSERT INTO seed_queue_entries (clinic_id, id, name, status, position)
     SELECT $1, gen_random_uuid(), 'Walk-in', 'WAITING', coalesce(max(position), 0) + 1
       FROM seed_queue_entries WHERE clinic_id = $1 AND ${ACTIVE}`,
    [clinicId],
  );
}

interface Row {
  id: string;
  status: string;
  position: number;
}

/** The seed's recalculatePositionsAndStatuses: one UPDATE per patient in the queue. */
async function recalculatePositionsAndStatuses(db: Queryable, queue: Row[]): Promise<void> {
  for (const [i, p] of queue.entries()) {
    const position = i + 1;
    const status = position === 1 ? 'IN_CONSULTATION' : position === 2 ? 'NOTIFIED' : p.status === 'IN_CONSULTATION' ? 'WAITING' : p.status;
    await db.query('UPDATE seed_queue_entries SET position = $2, status = $3 WHERE id = $1', [p.id, position, status]);
  }
}

const findQueue = (db: Queryable, clinicId: string) =>
  db.query<Row>(`SELECT * FROM seed_queue_entries WHERE clinic_id = $1 AND ${ACTIVE} ORDER BY position ASC`, [clinicId]);

/** getQueueStats: three queries, recomputed on every operation (no cache). */
async function getQueueStats(db: Queryable, clinicId: string) {
  const [waiting] = await db.query(`SELECT count(*)::int AS n FROM seed_queue_entries WHERE clinic_id = $1 AND status = 'WAITING'`, [
    clinicId,
  ]);
  const [done] = await db.query(
    `SELECT count(*)::int AS n FROM seed_queue_entries WHERE clinic_id = $1 AND status = 'COMPLETED' AND completed_at >= date_trunc('day', now())`,
    [clinicId],
  );
  const [avg] = await db.query(
    `SELECT avg(extract(epoch FROM completed_at - arrived_at))::float AS s FROM seed_queue_entries
      WHERE clinic_id = $1 AND status = 'COMPLETED' AND completed_at >= date_trunc('day', now())`,
    [clinicId],
  );
  return { waiting, done, avg };
}

/** After the change: renumber, re-read, stats, as every seed queue route ends. */
async function finishOperation(db: Queryable, clinicId: string) {
  await recalculatePositionsAndStatuses(db, await findQueue(db, clinicId));
  const queue = await findQueue(db, clinicId);
  const stats = await getQueueStats(db, clinicId);
  // The seed then emitted one socket message per patient; with no listeners that costs next to nothing, so it is left out.
  return { queue, stats };
}

export function createSeedApp(db: Queryable, jwtSecret: string): express.Express {
  const key = new TextEncoder().encode(jwtSecret);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));

  // The seed verified JWTs on HTTP routes; so does the baseline, with the same tokens.
  const auth: express.RequestHandler = async (req, res, next) => {
    try {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: STAFF_AUDIENCE, algorithms: ['HS256'] });
      res.locals.clinicId = payload.cid as string;
      next();
    } catch {
      res.status(401).json({ error: 'unauthorized' });
    }
  };

  app.post('/api/queue/next', auth, async (_req, res) => {
    const clinicId = res.locals.clinicId as string;
    const [current] = await db.query<Row>(
      `SELECT * FROM seed_queue_entries WHERE clinic_id = $1 AND status = 'IN_CONSULTATION' ORDER BY position ASC LIMIT 1`,
      [clinicId],
    );
    if (current) {
      await db.query(`UPDATE seed_queue_entries SET status = 'COMPLETED', completed_at = now(), position = NULL WHERE id = $1`, [
        current.id,
      ]);
    }
    res.json(await finishOperation(db, clinicId));
  });

  app.post('/api/queue/checkin', auth, async (req, res) => {
    const clinicId = res.locals.clinicId as string;
    await db.query(
      `INSERT INTO seed_queue_entries (clinic_id, id, name, status, position)
       SELECT $1, $2, $3, 'WAITING', coalesce(max(position), 0) + 1 FROM seed_queue_entries WHERE clinic_id = $1 AND ${ACTIVE}`,
      [clinicId, randomUUID(), String(req.body?.name ?? 'Walk-in')],
    );
    res.json(await finishOperation(db, clinicId));
  });

  // Move the last waiting patient to second place: the seed rewrote positions for the whole queue.
  app.post('/api/queue/reorder', auth, async (_req, res) => {
    const clinicId = res.locals.clinicId as string;
    const queue = await findQueue(db, clinicId);
    const last = queue.at(-1);
    if (last && queue.length > 2) {
      await db.query('UPDATE seed_queue_entries SET position = 2 WHERE id = $1', [last.id]);
      const reordered = [queue[0]!, last, ...queue.slice(1, -1)];
      await recalculatePositionsAndStatuses(db, reordered);
      const fresh = await findQueue(db, clinicId);
      res.json({ queue: fresh, stats: await getQueueStats(db, clinicId) });
      return;
    }
    res.json(await finishOperation(db, clinicId));
  });

  // The floor: the same HTTP stack and JSON body, one upsert, nothing else.
  app.post('/floor/upsert', async (req, res) => {
    const b = req.body as { clinicId: string; id: string; data: unknown };
    await db.query(
      'INSERT INTO floor_docs (clinic_id, id, data) VALUES ($1, $2, $3) ON CONFLICT (clinic_id, id) DO UPDATE SET data = EXCLUDED.data',
      [b.clinicId, b.id, JSON.stringify(b.data)],
    );
    res.json({ ok: true });
  });

  // The memory floor of a stream: the same Express stack holding an open SSE response and nothing else.
  app.get('/floor/stream', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('event: resync\ndata: {"type":"resync"}\n\n');
  });

  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: String(err) });
  });
  return app;
}
