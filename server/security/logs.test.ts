// What the server writes to its logs during a busy run carries no personal
// data and no secrets.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { api, createClinic, eventually, login, openTestDb, PASSWORD, testConfig } from '../../testkit/harness.ts';
import { openSse } from '../../testkit/sse.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { startServer, type RunningServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let captured = '';
beforeAll(async () => {
  db = await openTestDb();
  const sink = new Writable({
    write(chunk, _enc, done) {
      captured += chunk.toString();
      done();
    },
  });
  server = await startServer({ config: testConfig({ LOG_LEVEL: 'trace' }), db, log: pino({ level: 'trace' }, sink) });
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

/** The request lines pino-http wrote so far: method, path, status. */
const requestLines = () =>
  captured
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { req?: { method: string; url: string }; res?: { statusCode: number } })
    .filter((l) => l.req && l.res)
    .map((l) => `${l.req!.method} ${l.req!.url} ${l.res!.statusCode}`);

describe('logs', () => {
  it('when staff, patients and attackers use every route, then the logs hold no name, phone, password or token', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const owner = await login(server.url, clinic.emails.owner);
    const secrets = [
      PASSWORD,
      tablet.accessToken,
      tablet.refreshToken,
      owner.accessToken,
      owner.refreshToken,
      tablet.device!.capabilityKey,
    ];
    const personal = ['Yasmine Bouazizi', '+216 71 234 567', 'Mounir Khelil', '+216 98 111 222'];
    // Each request is checked to have done its work: one refused before reaching
    // the personal data would log none, and the test would prove nothing.
    const e = { ...wire(walkIn([], clinic.id, personal[0]!)), phone: personal[1]! };
    const pushed = await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: [{ newDocumentState: e }] });
    expect({ status: pushed.status, conflicts: pushed.body.conflicts }).toEqual({ status: 200, conflicts: [] });
    const invalid = await api(server.url, '/api/sync/v1/entries/push', {
      token: tablet.accessToken,
      body: [{ newDocumentState: { ...e, status: 'nonsense' } }],
    });
    expect({ status: invalid.status, code: invalid.body.error.code }).toEqual({ status: 422, code: 'invalid_document' });
    const checkin = await api(server.url, `/api/checkin/v1/${clinic.id}`, {
      body: { requestId: randomUUID(), name: personal[2], phone: personal[3] },
    });
    expect(checkin.status).toBe(201);
    expect(checkin.body).toMatchObject({ entryId: expect.any(String), token: expect.any(String) });
    secrets.push(checkin.body.token);
    const wrong = await api(server.url, '/api/auth/login', { body: { email: clinic.emails.owner, password: `wrong ${PASSWORD}` } });
    expect({ status: wrong.status, code: wrong.body.error.code }).toEqual({ status: 401, code: 'bad_credentials' });
    const refreshed = await api(server.url, '/api/auth/refresh', { body: { refreshToken: tablet.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    secrets.push(refreshed.body.accessToken, refreshed.body.refreshToken);
    const reports = await api(server.url, `/api/owner/clinics/${clinic.id}/reports?from=2026-01-01&to=2026-12-31`, {
      token: owner.accessToken,
    });
    expect(reports.status).toBe(200);
    expect(reports.body).toMatchObject({ from: '2026-01-01', to: '2026-12-31', perDay: expect.any(Array) });
    const s = await openSse(`${server.url}/api/queue/v1/stream`, checkin.body.token);
    expect(s.status).toBe(200);
    await eventually(() => expect(s.frames[0]).toMatchObject({ type: 'snapshot' }));
    s.close();
    const pulled = await api(server.url, `/api/sync/v1/entries/pull?seq=0&token=${tablet.accessToken}`, { token: tablet.accessToken });
    expect(pulled.status).toBe(200);
    expect(pulled.body.documents.map((d: { id: string }) => d.id).sort()).toEqual([e.id, checkin.body.entryId].sort());

    // Every request's own line is written (the stream's only once the server saw it closed), but
    // the replication's push and pull log only when refused, failed or slow (http/request-log.ts).
    await eventually(() =>
      expect(requestLines().sort()).toEqual(
        [
          'POST /api/auth/login 200',
          'POST /api/auth/login 200',
          'POST /api/sync/v1/entries/push 422',
          `POST /api/checkin/v1/${clinic.id} 201`,
          'POST /api/auth/login 401',
          'POST /api/auth/refresh 200',
          `GET /api/owner/clinics/${clinic.id}/reports 200`,
          'GET /api/queue/v1/stream 200',
        ].sort(),
      ),
    );
    expect(captured).toContain(`"clinicId":"${clinic.id}"`);
    for (const secret of [...secrets, ...personal]) expect(captured).not.toContain(secret);
  });
});
