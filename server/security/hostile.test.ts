// Hostile input (issue 14): bodies, strings and documents built to break the
// server, each against the real app and a real database. One describe per
// class of defect; every case here answered 5xx or stored what it should not
// before its fix.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { api, createClinic, login, openTestDb, testConfig } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { startServer, type RunningServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let logged = '';
beforeAll(async () => {
  db = await openTestDb();
  const sink = new Writable({
    write(chunk, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  server = await startServer({ config: testConfig({ LOG_LEVEL: 'info' }), db, log: pino({ level: 'info' }, sink) });
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

const nested = (depth: number, leaf: string) => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

describe('deeply nested JSON', () => {
  it('when a body nests deeper than the limit anywhere, then 400 too_deep before any handler, and the shallow twin still works', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const e = wire(walkIn([], clinic.id, 'Nested Attack'));
    const deep = nested(50_000, '1');
    const bodies = [
      `[{"assumedMasterState":{"_deleted":false,"x":${deep}},"newDocumentState":${JSON.stringify(e)}}]`,
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      // Brackets inside strings are text, not depth.
      `{"email":"${'['.repeat(40)}","password":${nested(40, '"x"')}}`,
    ];
    for (const [path, body] of [
      ['/api/sync/v1/entries/push', bodies[0]],
      ['/api/sync/v1/entries/push', bodies[1]],
      ['/api/auth/login', bodies[2]],
      [`/api/checkin/v1/${clinic.id}`, bodies[1]],
    ] as const) {
      const r = await api(server.url, path, { token: tablet.accessToken, body });
      expect({ path, status: r.status, code: r.body?.error?.code }).toEqual({ path, status: 400, code: 'too_deep' });
    }
    // Refused as the client's fault, not logged as a server error.
    expect(logged).not.toContain('unhandled error');
    const shallow = `[{"newDocumentState":${JSON.stringify({ ...e, name: '[[[[{{{{ not depth' })}}]`;
    const ok = await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: shallow });
    expect({ status: ok.status, body: ok.body }).toEqual({ status: 200, body: { conflicts: [] } });
  });
});
