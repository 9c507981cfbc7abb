// Defect 7: a device revoked while the instance's LISTEN connections are down
// (the revocation's NOTIFY is lost) must not keep its stream once they are
// back. The instance reaches Postgres through a proxy the test cuts; the test
// revokes and writes through its own direct connection meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { api, createClinic, eventually, login, openTestDb, pushDocs, testConfig, usingPostgres } from '../../testkit/harness.ts';
import { TcpProxy } from '../../testkit/tcp-proxy.ts';
import { openSse } from '../../testkit/sse.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { startServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => db?.dispose());

// PGlite listens in-process: it has no connection to lose.
describe.runIf(usingPostgres)('revocation during a listener gap', () => {
  it('when a device is revoked while the listeners reconnect, then its stream ends once they are back and gets nothing written after the revocation', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    const proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
    await proxy.start();
    const viaProxy = new URL(url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const server = await startServer({ config: testConfig({ DATABASE_URL: viaProxy.toString() }), log: pino({ level: 'silent' }) });
    const streams: Awaited<ReturnType<typeof openSse>>[] = [];
    try {
      const clinic = await createClinic(db);
      const lost = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'lost tablet' });
      const kept = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
      const revoked = await openSse(`${server.url}/api/sync/v1/stream`, lost.accessToken);
      const other = await openSse(`${server.url}/api/sync/v1/stream`, kept.accessToken);
      streams.push(revoked, other);
      await eventually(() => expect([revoked.frames.length, other.frames.length]).toEqual([2, 2]));

      await proxy.stop();
      await eventually(async () => expect((await api(server.url, '/readyz')).body.checks.fanout).toBe(false));
      // The owner revokes the lost tablet (through another instance: here, the test's own connection), then a change is made.
      await db.transaction(async (tx) => {
        await tx.query('UPDATE devices SET revoked_at = now() WHERE clinic_id = $1 AND id = $2', [clinic.id, lost.device!.id]);
        await tx.query(`UPDATE sessions SET revoked_at = now() WHERE clinic_id = $1 AND device_id = $2`, [clinic.id, lost.device!.id]);
        await tx.query(`SELECT pg_notify('dq_revoked', id::text) FROM sessions WHERE clinic_id = $1 AND device_id = $2`, [
          clinic.id,
          lost.device!.id,
        ]);
      });
      const after = wire(walkIn([], clinic.id, 'After the revocation'));
      await pushDocs(db, clinic.id, 'entries', [{ newDocumentState: after }]);

      await proxy.start();
      // The kept tablet gets the change once the listeners are back (the catch-up after the gap) ...
      await eventually(() => expect(other.raw()).toContain(after.id), 20_000);
      // ... and by then the revoked one was told and cut, without that change.
      expect(revoked.frames.at(-1)).toEqual({ type: 'auth', reason: 'revoked' });
      expect(revoked.raw()).not.toContain(after.id);
      await revoked.done;
    } finally {
      for (const s of streams) s.close();
      await server.close();
      await proxy.stop();
    }
  });
});
