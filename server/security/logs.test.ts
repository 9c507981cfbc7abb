// What the server writes to its logs during a busy run carries no personal
// data and no secrets.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { api, createClinic, login, openTestDb, PASSWORD, testConfig } from '../../testkit/harness.ts';
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
    const e = { ...wire(walkIn([], clinic.id, personal[0]!)), phone: personal[1]! };
    await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: [{ newDocumentState: e }] });
    await api(server.url, '/api/sync/v1/entries/push', {
      token: tablet.accessToken,
      body: [{ newDocumentState: { ...e, status: 'nonsense' } }],
    });
    const checkin = await api(server.url, `/api/checkin/v1/${clinic.id}`, {
      body: { requestId: randomUUID(), name: personal[2], phone: personal[3] },
    });
    secrets.push(checkin.body.token);
    await api(server.url, '/api/auth/login', { body: { email: clinic.emails.owner, password: 'wrong ' + PASSWORD } });
    await api(server.url, '/api/auth/refresh', { body: { refreshToken: tablet.refreshToken } });
    await api(server.url, `/api/owner/clinics/${clinic.id}/reports?from=2026-01-01&to=2026-12-31`, { token: owner.accessToken });
    const s = await openSse(`${server.url}/api/queue/v1/stream`, checkin.body.token);
    s.close();
    await api(server.url, `/api/sync/v1/entries/pull?seq=0&token=${tablet.accessToken}`, { token: tablet.accessToken });
    expect(captured.length).toBeGreaterThan(0);
    expect(captured).toContain('"clinicId"');
    for (const secret of [...secrets, ...personal]) expect(captured).not.toContain(secret);
  });
});
