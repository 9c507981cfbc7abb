// Several stateless instances behind a balancer: failover, fan-out through
// NOTIFY (and Redis when REDIS_URL is set), surviving a killed listener and
// an unreachable database, graceful shutdown.
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, eventually, login, openTestDb, startTestServer, usingPostgres } from '../../testkit/harness.ts';
import { startTablet, type TestTablet } from '../../testkit/rx-client.ts';
import { Balancer } from '../../testkit/balancer.ts';
import { TcpProxy } from '../../testkit/tcp-proxy.ts';
import { openSse } from '../../testkit/sse.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import type { Entry } from '../../shared/schemas.ts';
import { listDocs } from '../docs/reads.ts';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
const tablets: TestTablet[] = [];
beforeAll(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await Promise.all(tablets.splice(0).map((t) => t.close()));
});
afterAll(async () => db.dispose());

const transports = [{ name: 'NOTIFY', env: {} as Record<string, string> }];
if (process.env.REDIS_URL && usingPostgres) transports.push({ name: 'Redis', env: { REDIS_URL: process.env.REDIS_URL } });

describe.each(transports)('two instances, fan-out through $name', ({ env }) => {
  it('when the instance serving a tablet stops, then the tablet fails over to the other and resumes from its checkpoint, missing nothing', async () => {
    const a = await startTestServer(db, env);
    const b = await startTestServer(db, env);
    const lb = new Balancer([b.url, a.url]);
    await lb.start();
    try {
      const clinic = await createClinic(db);
      const writer = await login(a.url, clinic.emails.receptionist, { kind: 'reception', name: 'writer' });
      const reader = await startTablet(lb.url, await login(lb.url, clinic.emails.receptionist, { kind: 'reception', name: 'reader' }));
      tablets.push(reader);
      await reader.sync.awaitInSync();
      const pushed: Entry[] = [];
      const pushOne = async (name: string) => {
        const e = walkIn(pushed, clinic.id, name, { series: writer.device!.series });
        pushed.push(e);
        expect(
          (await api(a.url, '/api/sync/v1/entries/push', { token: writer.accessToken, body: [{ newDocumentState: wire(e) }] })).status,
        ).toBe(200);
      };
      for (let i = 0; i < 5; i++) await pushOne(`Before ${i}`);
      await eventually(async () => expect(await reader.db.entries.count().exec()).toBe(5));

      await b.close();
      for (let i = 0; i < 5; i++) await pushOne(`During ${i}`);
      await eventually(async () => expect(await reader.db.entries.count().exec()).toBe(10), 15_000);
      // And it is live again, on the surviving instance.
      await pushOne('After');
      await eventually(async () =>
        expect((await reader.db.entries.find().exec()).map((d) => d.ticket).sort()).toEqual(pushed.map((e) => e.ticket).sort()),
      );
    } finally {
      await lb.stop();
      await a.close();
      await b.close();
    }
  });
});

describe.runIf(usingPostgres)('database faults', () => {
  it("when the fan-out listener's connection is killed, then it reconnects and streams keep receiving changes", async () => {
    const server = await startTestServer(db);
    try {
      const clinic = await createClinic(db);
      const staff = await login(server.url, clinic.emails.receptionist);
      const s = await openSse(`${server.url}/api/sync/v1/stream`, staff.accessToken);
      await eventually(() => expect(s.frames.length).toBeGreaterThan(0));
      const killed = await db.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'doctorq-listener' AND pid <> pg_backend_pid()`,
      );
      expect(killed[0]!.n).toBeGreaterThan(0);
      await eventually(async () => expect((await api(server.url, '/readyz')).status).toBe(200), 15_000);
      const e = wire(walkIn([], clinic.id, 'After the kill'));
      await api(server.url, '/api/sync/v1/entries/push', { token: staff.accessToken, body: [{ newDocumentState: e }] });
      await eventually(() => expect(s.raw()).toContain(e.id), 15_000);
      s.close();
    } finally {
      await server.close();
    }
  });

  it('when the database becomes unreachable, then /readyz says 503, and 200 again once it is back', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    const proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
    await proxy.start();
    const viaProxy = new URL(url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const { startServer } = await import('../main.ts');
    const { testConfig } = await import('../../testkit/harness.ts');
    const { pino } = await import('pino');
    const server = await startServer({ config: testConfig({ DATABASE_URL: viaProxy.toString() }), log: pino({ level: 'silent' }) });
    try {
      expect((await api(server.url, '/readyz')).status).toBe(200);
      await proxy.stop();
      const down = await api(server.url, '/readyz');
      expect(down.status).toBe(503);
      expect(down.body.checks.database).toBe(false);
      await proxy.start();
      await eventually(
        async () =>
          expect((await api(server.url, '/readyz')).body).toEqual({ ok: true, checks: { database: true, migrations: true, fanout: true } }),
        15_000,
      );
    } finally {
      await server.close();
      await proxy.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('when an instance stops, then in-flight pushes finish and open streams are told to reconnect elsewhere', async () => {
    const server = await startTestServer(db);
    const clinic = await createClinic(db);
    const staff = await login(server.url, clinic.emails.receptionist);
    const s = await openSse(`${server.url}/api/sync/v1/stream`, staff.accessToken);
    await eventually(() => expect(s.frames.length).toBeGreaterThan(0));
    const docs = Array.from({ length: 200 }, (_, i) => wire(walkIn([], clinic.id, `Draining ${i}`)));
    const body = JSON.stringify(docs.map((d) => ({ newDocumentState: d })));
    // In flight for sure: the server has the request (its 100 Continue says so) when the stop begins,
    // and the body is still to come.
    let closed: Promise<void> | null = null;
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${server.url}/api/sync/v1/entries/push`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${staff.accessToken}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-doctorq-schema': String(SCHEMA_VERSION),
          expect: '100-continue',
        },
      });
      req.on('continue', () => {
        closed = server.close();
        req.end(body);
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
    });
    expect(status).toBe(200);
    await closed;
    await s.done;
    expect(s.frames.at(-1)).toEqual({ type: 'bye' });
    const rows = await listDocs(db, clinic.id, 'entries', { withDeleted: true });
    expect(rows).toHaveLength(200);
  });
});

describe.runIf(usingPostgres)('cluster mode', () => {
  it('when WORKERS=2, then two processes share the port and serve the API', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const clientDir = await mkdtemp(join(tmpdir(), 'doctorq-client-'));
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>stub</title>');
    // Below the ephemeral range (32768 and up here): no outgoing connection or port-0 server of the other tests holds it.
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'start.ts')], {
      env: {
        ...process.env,
        WORKERS: '2',
        PORT: String(port),
        CLIENT_DIR: clientDir,
        DEMO: 'false',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    try {
      const base = `http://127.0.0.1:${port}`;
      // On failure the processes' own output says why (it once timed out here with nothing to go on).
      await eventually(async () => expect((await api(base, '/readyz')).status).toBe(200), 45_000, 200).catch((err: unknown) => {
        throw new Error(`not ready: ${String(err)}\n--- output of npm start ---\n${out}`);
      });
      const { execSync } = await import('node:child_process');
      const workers = execSync(`pgrep -P ${child.pid} -f start.ts || true`).toString().trim().split('\n').filter(Boolean);
      expect(workers).toHaveLength(2);
      expect(out).toContain('starting 2 workers');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(clientDir, { recursive: true, force: true });
    }
  }, 60_000);
});
