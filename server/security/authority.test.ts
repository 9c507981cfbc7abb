// Issue #14, defect 2: a device's authority is its kind, never its enroller's role.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import type { RunningServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.dispose();
});

const verifyOwner = (c: TestClinic) =>
  db.query('UPDATE users SET email_verified_at = now() WHERE lower(email) = lower($1)', [c.emails.owner]);
const ownerApi = (c: TestClinic, token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  api(server.url, `/api/owner/clinics/${c.id}${path}`, { ...init, token });

describe('defect 2: a device has the authority of its kind, never its enroller’s role', () => {
  it('when the owner enrols a display and a reception tablet, then neither reads staff, devices or audit, nor adds an owner', async () => {
    const clinic = await createClinic(db);
    await verifyOwner(clinic);
    const display = await login(server.url, clinic.emails.owner, { kind: 'display', name: 'TV' });
    const tablet = await login(server.url, clinic.emails.owner, { kind: 'reception', name: 'Desk' });
    for (const device of [display, tablet]) {
      for (const path of ['/staff', '/devices', '/audit', '/settings']) {
        const r = await ownerApi(clinic, device.accessToken, path);
        expect([path, r.status, r.body.error?.code]).toEqual([path, 403, 'forbidden']);
      }
      const intruder = `intruder-${randomUUID()}@evil.test`;
      const add = await ownerApi(clinic, device.accessToken, '/staff', {
        body: { email: intruder, name: 'Intruder', role: 'owner', password: 'intruder password 1' },
      });
      expect(add.status).toBe(403);
      expect(await db.query('SELECT 1 FROM users WHERE email = $1', [intruder])).toEqual([]);
    }
    // The display still shows the queue; the tablet still replicates it.
    const watch = await fetch(`${server.url}/api/queue/v1/stream`, { headers: { authorization: `Bearer ${display.accessToken}` } });
    expect(watch.status).toBe(200);
    await watch.body?.cancel();
    expect((await api(server.url, '/api/sync/v1/entries/pull', { token: tablet.accessToken })).status).toBe(200);
  });

  it('when a device token is refreshed, then the new token has no more authority than the first', async () => {
    const clinic = await createClinic(db);
    await verifyOwner(clinic);
    const display = await login(server.url, clinic.emails.owner, { kind: 'display', name: 'TV' });
    const next = await api(server.url, '/api/auth/refresh', { body: { refreshToken: display.refreshToken } });
    expect(next.status).toBe(200);
    expect((await ownerApi(clinic, next.body.accessToken, '/staff')).status).toBe(403);
  });
});
