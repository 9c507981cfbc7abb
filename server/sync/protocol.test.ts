// The replication endpoint over real HTTP: ordering, idempotency, isolation,
// validation and the cost of an operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHistory, api, createClinic, eventually, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { HISTORY_ZONE, pastVisits } from '../../testkit/history.ts';
import { queueOf, walkIn, wire } from '../../testkit/entries.ts';
import type { RunningServer } from '../main.ts';
import { callNext, moveTo } from '../../shared/queue.ts';
import type { Entry } from '../../shared/schemas.ts';
import { changesSince, readDoc } from '../docs/reads.ts';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

const push = (token: string, docs: object[], collection = 'entries') =>
  api(server.url, `/api/sync/v1/${collection}/push`, { token, body: docs.map((d) => ({ newDocumentState: d })) });
const pull = (token: string, seq: number, limit = 100, collection = 'entries') =>
  api<{ documents: Entry[]; checkpoint: { seq: number }; window?: { pastDays: number } }>(
    server.url,
    `/api/sync/v1/${collection}/pull?seq=${seq}&limit=${limit}`,
    {
      token,
    },
  );
const clinicSeq = async (id: string) => (await db.query<{ seq: number }>('SELECT seq FROM clinics WHERE id = $1', [id]))[0]!.seq;
const docCount = async (id: string) => (await changesSince(db, id, 0, 100_000)).length;

describe('ordering', () => {
  it('when 200 pushes to one clinic with history run concurrently with more history, then a client pulling all along receives every document inside the window (none skipped) and none outside', async () => {
    const clinic = await createClinic(db);
    const { accessToken } = await login(server.url, clinic.emails.receptionist);
    const now = Date.now();
    const history = pastVisits(clinic.id, { now, timeZone: HISTORY_ZONE, days: 10, perDay: 10, fromBack: 2 });
    await addHistory(db, clinic.id, history.slice(0, 50));
    const docs = Array.from({ length: 200 }, (_, i) => walkIn([], clinic.id, `Concurrent ${i}`));
    let done = false;
    const seen = new Set<string>();
    let checkpoint = 0;
    const puller = (async () => {
      // Keeps pulling from its checkpoint while pushes commit; one last pull after they finished.
      for (let last = false; ; ) {
        const r = await pull(accessToken, checkpoint, 7);
        for (const d of r.body.documents) seen.add(d.id);
        checkpoint = r.body.checkpoint.seq;
        if (r.body.documents.length === 0) {
          if (last) return;
          if (done) last = true;
        }
      }
    })();
    // History rows commit between the window's: the puller's checkpoints pass over them.
    const [results] = await Promise.all([
      Promise.all(docs.map((d) => push(accessToken, [wire(d)]))),
      (async () => {
        for (let i = 50; i < history.length; i += 10) await addHistory(db, clinic.id, history.slice(i, i + 10));
      })(),
    ]);
    done = true;
    await puller;
    expect(results.every((r) => r.status === 200)).toBe(true);
    const mine = docs.map((d) => d.id);
    expect(mine.filter((id) => !seen.has(id))).toEqual([]);
    expect(history.filter((e) => seen.has(e.id))).toEqual([]);
    // On PGlite every pull and push waits for its one session: 6.5 s alone, past 30 s beside other test files on a loaded machine.
  }, 90_000);

  it('when a clinic has a long history, then pulls in small batches end, each checkpoint past the last, with exactly the window', async () => {
    const clinic = await createClinic(db);
    const { accessToken } = await login(server.url, clinic.emails.receptionist);
    const now = Date.now();
    await addHistory(db, clinic.id, pastVisits(clinic.id, { now, timeZone: HISTORY_ZONE, days: 30, perDay: 10, fromBack: 2 }));
    const recent = pastVisits(clinic.id, { now, timeZone: HISTORY_ZONE, days: 2, perDay: 20, fromBack: 0 });
    await addHistory(db, clinic.id, recent);
    const seen: string[] = [];
    let checkpoint = 0;
    for (let pulls = 1; ; pulls++) {
      const r = await pull(accessToken, checkpoint, 7);
      expect(r.body.window).toEqual({ pastDays: 1 });
      seen.push(...r.body.documents.map((d) => d.id));
      if (r.body.documents.length === 0) break;
      expect(r.body.checkpoint.seq).toBeGreaterThan(checkpoint);
      checkpoint = r.body.checkpoint.seq;
      expect(pulls).toBeLessThan(10);
    }
    expect(seen.sort()).toEqual(recent.map((e) => e.id).sort());
  });
});

describe('push', () => {
  it('when the same push is retried (lost response) in a clinic with history, then nothing changes: no conflict, no new sequence, one document pulled once', async () => {
    const clinic = await createClinic(db);
    const { accessToken } = await login(server.url, clinic.emails.receptionist);
    await addHistory(db, clinic.id, pastVisits(clinic.id, { now: Date.now(), timeZone: HISTORY_ZONE, days: 10, perDay: 20, fromBack: 2 }));
    const e = wire(walkIn([], clinic.id, 'Retry'));
    const first = await push(accessToken, [e]);
    const seq = await clinicSeq(clinic.id);
    const again = await push(accessToken, [e]);
    // The answer says the sequence the push committed at; a retry, where the clinic stands (the same).
    expect(first.body).toEqual({ conflicts: [], seq });
    expect(again.body).toEqual({ conflicts: [], seq });
    expect(await clinicSeq(clinic.id)).toBe(seq);
    expect(await readDoc(db, clinic.id, 'entries', e.id)).not.toBeNull();
    expect((await pull(accessToken, 0, 1000)).body.documents.map((d) => d.id)).toEqual([e.id]);
  });

  it('when the assumed master state is stale, then the push reports the real master and writes nothing', async () => {
    const clinic = await createClinic(db);
    const { accessToken } = await login(server.url, clinic.emails.receptionist);
    const e = wire(walkIn([], clinic.id, 'Stale'));
    await push(accessToken, [e]);
    const newer = { ...e, name: 'Newer', updatedAt: e.updatedAt + 1 };
    await api(server.url, '/api/sync/v1/entries/push', { token: accessToken, body: [{ assumedMasterState: e, newDocumentState: newer }] });
    const stale = await api(server.url, '/api/sync/v1/entries/push', {
      token: accessToken,
      body: [{ assumedMasterState: e, newDocumentState: { ...e, name: 'Lost?', updatedAt: e.updatedAt + 2 } }],
    });
    expect(stale.status).toBe(200);
    expect(stale.body.conflicts).toEqual([newer]);
    const r = await pull(accessToken, 0);
    expect(r.body.documents.find((d) => d.id === e.id)?.name).toBe('Newer');
  });

  it('when a receptionist calls next or reorders with 500 patients queued, then exactly the one or two changed documents are written', async () => {
    const clinic = await createClinic(db);
    const { accessToken } = await login(server.url, clinic.emails.receptionist);
    let queue = queueOf(500, clinic.id);
    for (let i = 0; i < queue.length; i += 250) expect((await push(accessToken, queue.slice(i, i + 250).map(wire))).status).toBe(200);
    const apply = async (changed: Entry[]) => {
      const before = await clinicSeq(clinic.id);
      const byId = new Map(queue.map((e) => [e.id, e]));
      const rows = changed.map((c) => ({ assumedMasterState: wire(byId.get(c.id)!), newDocumentState: wire(c) }));
      const r = await api(server.url, '/api/sync/v1/entries/push', { token: accessToken, body: rows });
      expect(r.body).toMatchObject({ conflicts: [] });
      for (const c of changed) byId.set(c.id, c);
      queue = [...byId.values()];
      return (await clinicSeq(clinic.id)) - before;
    };
    const first = callNext(queue, 'doc-1', Date.now());
    expect(await apply(first)).toBe(1);
    const second = callNext(queue, 'doc-1', Date.now());
    expect(second).toHaveLength(2);
    expect(await apply(second)).toBe(2);
    const waiting = queue.filter((e) => e.status === 'waiting');
    const moved = moveTo(queue, waiting[400]!.id, 3, Date.now());
    expect(await apply([moved!])).toBe(1);
  });
});

describe('isolation and auth', () => {
  it('when a request has no token or a bad one, then pull, push and stream answer 401', async () => {
    for (const [path, method] of [
      ['/api/sync/v1/entries/pull', 'GET'],
      ['/api/sync/v1/entries/push', 'POST'],
      ['/api/sync/v1/stream', 'GET'],
    ] as const) {
      const none = await api(server.url, path, { method, ...(method === 'POST' ? { body: [] } : {}) });
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthenticated');
      const bad = await api(server.url, path, { method, token: 'abc.def.ghi', ...(method === 'POST' ? { body: [] } : {}) });
      expect(bad.status).toBe(401);
    }
  });

  it('when a clinic A token pushes a document of clinic B, then it is refused (403) and clinic B is unchanged; pulls and streams of A never carry B', async () => {
    const clinicA = await createClinic(db);
    const clinicB = await createClinic(db);
    const tokenA = (await login(server.url, clinicA.emails.receptionist)).accessToken;
    const tokenB = (await login(server.url, clinicB.emails.receptionist)).accessToken;
    const bDoc = wire(walkIn([], clinicB.id, 'Patient of B'));
    const before = await docCount(clinicB.id);
    const r = await push(tokenA, [bDoc]);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('wrong_clinic');
    expect(await docCount(clinicB.id)).toBe(before);
    // The same id in both clinics: two documents, neither overwrites the other.
    await push(tokenB, [bDoc]);
    const aDoc = wire({ ...bDoc, clinicId: clinicA.id, name: 'Patient of A' });
    expect((await push(tokenA, [aDoc])).body).toMatchObject({ conflicts: [] });
    const pulledA = await pull(tokenA, 0, 1000);
    expect(pulledA.body.documents.map((d) => d.name)).toEqual(['Patient of A']);
    const pulledB = await pull(tokenB, 0, 1000);
    expect(pulledB.body.documents.map((d) => d.name)).toEqual(['Patient of B']);
    const doctorsA = await pull(tokenA, 0, 1000, 'doctors');
    expect(doctorsA.body.documents.every((d) => d.clinicId === clinicA.id)).toBe(true);
  });

  it('when a session is revoked, then its refresh token is refused and its open stream is closed with a "revoked" event', async () => {
    const clinic = await createClinic(db);
    const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const res = await fetch(`${server.url}/api/sync/v1/stream`, {
      headers: { authorization: `Bearer ${grant.accessToken}`, 'x-doctorq-schema': String(SCHEMA_VERSION) },
    });
    const text = res.text();
    await eventually(() => expect(server.streams.size).toBeGreaterThan(0));
    const out = await api(server.url, '/api/auth/logout', { body: { refreshToken: grant.refreshToken } });
    expect(out.status).toBe(204);
    const body = await text;
    expect(body).toContain('event: auth');
    expect(body).toContain('"reason":"revoked"');
    const refresh = await api(server.url, '/api/auth/refresh', { body: { refreshToken: grant.refreshToken } });
    expect(refresh.status).toBe(401);
    const again = await pull(grant.accessToken, 0);
    expect(again.status).toBe(401);
    expect((again.body as unknown as { error: { code: string } }).error.code).toBe('revoked');
  });

  it('when an owner revokes a tablet, then that tablet is refused at once, and other clinics cannot revoke it', async () => {
    const clinic = await createClinic(db);
    const other = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const owner = await login(server.url, clinic.emails.owner);
    const otherOwner = await login(server.url, other.emails.owner);
    const devices = `/api/owner/clinics/${clinic.id}/devices`;
    const list = await api(server.url, devices, { token: owner.accessToken });
    expect(list.body.devices.map((d: { id: string }) => d.id)).toEqual([tablet.device!.id]);
    expect((await api(server.url, devices, { token: tablet.accessToken })).status).toBe(403);
    expect((await api(server.url, `${devices}/${tablet.device!.id}`, { method: 'DELETE', token: otherOwner.accessToken })).status).toBe(
      403,
    );
    expect(
      (
        await api(server.url, `/api/owner/clinics/${other.id}/devices/${tablet.device!.id}`, {
          method: 'DELETE',
          token: otherOwner.accessToken,
        })
      ).status,
    ).toBe(404);
    expect((await api(server.url, `${devices}/${tablet.device!.id}`, { method: 'DELETE', token: owner.accessToken })).status).toBe(204);
    expect((await pull(tablet.accessToken, 0)).status).toBe(401);
    expect((await api(server.url, '/api/auth/refresh', { body: { refreshToken: tablet.refreshToken } })).status).toBe(401);
  });

  it('when a client sends an older schema version, then it is told to update (426)', async () => {
    const clinic = await createClinic(db);
    const { accessToken } = await login(server.url, clinic.emails.receptionist);
    const r = await api(server.url, '/api/sync/v1/entries/pull', { token: accessToken, headers: { 'x-doctorq-schema': '0' } });
    expect(r.status).toBe(426);
    expect(r.body.error.code).toBe('client_outdated');
  });
});

describe('validation', () => {
  it('when bodies or queries are malformed, then 400/422 with the one error shape, and nothing is written', async () => {
    const clinic = await createClinic(db);
    const { accessToken } = await login(server.url, clinic.emails.receptionist);
    const good = wire(walkIn([], clinic.id, 'Valid'));
    const seq = await clinicSeq(clinic.id);
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/api/sync/v1/entries/push', '{not json', 400, 'invalid_json'],
      ['POST', '/api/sync/v1/entries/push', { rows: [] }, 400, 'invalid_body'],
      ['POST', '/api/sync/v1/entries/push', [{ newDocumentState: { ...good, status: 'teleported' } }], 422, 'invalid_document'],
      ['POST', '/api/sync/v1/entries/push', [{ newDocumentState: { ...good, extra: 1 } }], 422, 'invalid_document'],
      [
        'POST',
        '/api/sync/v1/entries/push',
        [{ newDocumentState: good }, { newDocumentState: { ...good, id: 'x', name: '' } }],
        422,
        'invalid_document',
      ],
      ['POST', '/api/sync/v1/patients/push', [], 404, 'unknown_collection'],
      ['GET', '/api/sync/v1/entries/pull?seq=-1', undefined, 400, 'invalid_query'],
      ['GET', '/api/sync/v1/entries/pull?limit=100000', undefined, 400, 'invalid_query'],
      ['POST', '/api/auth/login', { email: 'not-an-email', password: 'x' }, 400, 'invalid_body'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const r = await api(server.url, path, { method, token: accessToken, ...(body === undefined ? {} : { body }) });
      expect({ path, status: r.status, code: r.body?.error?.code }).toEqual({ path, status, code });
      expect(typeof r.body.error.message).toBe('string');
    }
    expect(await clinicSeq(clinic.id)).toBe(seq);
  });
});
