import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, eventually, login, openTestDb, startTestServer } from '../testkit/harness.ts';
import { walkIn, wire } from '../testkit/entries.ts';
import { openSse } from '../testkit/sse.ts';
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

  it('when the port is taken, then the start fails with EADDRINUSE and the server that holds it goes on', async () => {
    await expect(startTestServer(db, { PORT: String(server.port) })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect((await api(server.url, '/readyz')).status).toBe(200);
  });

  it('when a route does not exist, then 404 with the error shape; responses carry security headers', async () => {
    const r = await api(server.url, '/api/nope');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-powered-by')).toBeNull();
  });
});

describe('metrics', () => {
  const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
  /** Sum of a series' samples whose labels contain `match`. */
  const sample = (text: string, name: string, match = '') =>
    text
      .split('\n')
      .filter((l) => l.startsWith(name) && l.includes(match) && !l.startsWith('#'))
      .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);

  it('when traffic flows, then /metrics exposes the listed series and they move', async () => {
    const clinic = await createClinic(db);
    const staff = await login(server.url, clinic.emails.receptionist);
    const before = await scrape();
    for (const series of [
      'doctorq_http_request_duration_seconds',
      'doctorq_sync_pushes_total',
      'doctorq_streams_open',
      'doctorq_db_pool_connections',
      'doctorq_fanout_lag_seconds',
      'process_resident_memory_bytes',
    ]) {
      expect(before).toContain(`# TYPE ${series}`);
    }
    const stream = await openSse(`${server.url}/api/sync/v1/stream`, staff.accessToken);
    await eventually(() => expect(stream.frames.length).toBeGreaterThan(0));
    const e = wire(walkIn([], clinic.id, 'Metered'));
    await api(server.url, '/api/sync/v1/entries/push', { token: staff.accessToken, body: [{ newDocumentState: e }] });
    await api(server.url, '/api/sync/v1/entries/push', {
      token: staff.accessToken,
      body: [{ assumedMasterState: { ...e, name: 'old' }, newDocumentState: { ...e, name: 'Other', updatedAt: e.updatedAt + 1 } }],
    });
    await eventually(() => expect(stream.raw()).toContain(e.id));
    const after = await scrape();
    stream.close();
    expect(sample(after, 'doctorq_sync_pushes_total', 'entries') - sample(before, 'doctorq_sync_pushes_total', 'entries')).toBe(2);
    expect(sample(after, 'doctorq_sync_conflicts_total', 'entries') - sample(before, 'doctorq_sync_conflicts_total', 'entries')).toBe(1);
    expect(sample(after, 'doctorq_streams_open', 'kind="staff"')).toBe(1);
    expect(sample(after, 'doctorq_fanout_lag_seconds_count')).toBeGreaterThan(sample(before, 'doctorq_fanout_lag_seconds_count'));
    expect(sample(after, 'doctorq_http_request_duration_seconds_count', 'route="/api/sync/v1/:collection/push"')).toBeGreaterThanOrEqual(2);
  });

  it('when a clinic is suspended, then the clinics-by-status gauge counts it', async () => {
    const clinic = await createClinic(db);
    await db.query(`UPDATE clinics SET status = 'suspended' WHERE id = $1`, [clinic.id]);
    // Other test files share the database and change clinics meanwhile: only this lower bound is certain.
    expect(sample(await scrape(), 'doctorq_clinics{status="suspended"}')).toBeGreaterThanOrEqual(1);
  });
});
