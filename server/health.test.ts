import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, openTestDb, startTestServer } from './test/harness.ts';
import type { RunningServer } from './main.ts';

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

describe('health', () => {
  it('when the database is up and migrated and the listener connected, then /healthz and /readyz answer 200', async () => {
    expect((await api(server.url, '/healthz')).status).toBe(200);
    const ready = await api(server.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ok: true, checks: { database: true, migrations: true, fanout: true } });
  });

  it('when a route does not exist, then 404 with the error shape; responses carry security headers', async () => {
    const r = await api(server.url, '/api/nope');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-powered-by')).toBeNull();
  });
});
