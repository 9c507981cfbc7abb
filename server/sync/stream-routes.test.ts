// The stream routes are served before Express (server/sync/stream-routes.ts):
// they must refuse exactly as the Express routes do, carry the security
// headers a stream needs, and leave every other request to Express.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, eventually, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { openSse } from '../../testkit/sse.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import type { RunningServer } from '../main.ts';
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

/** A refusal as the client sees it: status, content type, body. */
async function refusal(path: string, headers: Record<string, string>) {
  const res = await fetch(server.url + path, { headers: { 'x-doctorq-schema': String(SCHEMA_VERSION), ...headers } });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    nosniff: res.headers.get('x-content-type-options'),
    body: await res.json(),
  };
}

describe('the device stream, served before Express', () => {
  it('when a stream is refused, then it answers what the pull route answers for the same credential (401, 426, 403), in the one error shape', async () => {
    const clinic = await createClinic(db);
    const display = await login(server.url, clinic.emails.receptionist, { kind: 'display', name: 'hall' });
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Bearer abc.def.ghi' },
      { authorization: `Bearer ${tablet.accessToken}`, 'x-doctorq-schema': '0' },
      { authorization: `Bearer ${display.accessToken}` },
    ];
    const seen = [];
    for (const headers of cases) {
      const stream = await refusal('/api/sync/v1/stream', headers);
      const pulled = await refusal('/api/sync/v1/entries/pull', headers);
      expect(stream).toEqual(pulled);
      seen.push(`${stream.status} ${stream.body.error.code}`);
    }
    expect(seen).toEqual(['401 unauthenticated', '401 unauthenticated', '426 client_outdated', '403 forbidden']);
  });

  it('when a stream opens, then its head says event stream, no caching, no sniffing, same origin only, and changes arrive', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const ctl = new AbortController();
    const res = await fetch(`${server.url}/api/sync/v1/stream`, {
      headers: { authorization: `Bearer ${tablet.accessToken}`, 'x-doctorq-schema': String(SCHEMA_VERSION) },
      signal: ctl.signal,
    });
    try {
      expect(res.status).toBe(200);
      expect(
        Object.fromEntries(
          ['content-type', 'cache-control', 'x-content-type-options', 'cross-origin-resource-policy'].map((h) => [h, res.headers.get(h)]),
        ),
      ).toEqual({
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    } finally {
      ctl.abort();
    }
    const s = await openSse(`${server.url}/api/sync/v1/stream`, tablet.accessToken);
    await eventually(() => expect(s.frames[0]).toEqual({ type: 'resync' }));
    const e = wire(walkIn([], clinic.id, 'Amel Trabelsi'));
    expect(
      (await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: [{ newDocumentState: e }] })).status,
    ).toBe(200);
    await eventually(() =>
      expect(s.frames.find((f) => f.type === 'changes')).toMatchObject({ collection: 'entries', documents: [{ id: e.id }] }),
    );
    s.close();
  });

  it('when another method or a longer path reaches the stream paths, then Express answers it (404 in the one error shape)', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const post = await api(server.url, '/api/sync/v1/stream', { token: tablet.accessToken, body: {} });
    const longer = await api(server.url, '/api/queue/v1/stream/more', { token: tablet.accessToken });
    expect([post.status, post.body.error.code, longer.status, longer.body.error.code]).toEqual([404, 'not_found', 404, 'not_found']);
  });
});

describe('the wire', () => {
  it('when a client pipelines a stream behind another request on one connection, then the first answer comes whole, then the stream, each chunk framed', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let raw = '';
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (raw += c));
    try {
      const head = (path: string) =>
        `GET ${path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${tablet.accessToken}\r\nx-doctorq-schema: ${SCHEMA_VERSION}\r\n\r\n`;
      socket.write(head('/readyz') + head('/api/sync/v1/stream'));
      await eventually(() => expect(raw).toContain('event: clinic'));
      const [first, second] = raw.split(/(?=HTTP\/1\.1 200)/).filter(Boolean);
      expect(first).toContain('"ok":true');
      expect(second).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(second).toContain('Transfer-Encoding: chunked');
      // Every chunk's size line says the length of what follows it.
      const body = second!.slice(second!.indexOf('\r\n\r\n') + 4);
      const chunks: string[] = [];
      for (let at = 0; at < body.length; ) {
        const eol = body.indexOf('\r\n', at);
        const size = Number.parseInt(body.slice(at, eol), 16);
        chunks.push(body.slice(eol + 2, eol + 2 + size));
        expect(body.slice(eol + 2 + size, eol + 4 + size)).toBe('\r\n');
        at = eol + 4 + size;
      }
      expect(chunks.join('')).toMatch(/^event: resync\ndata: \{"type":"resync"\}\n\nevent: clinic\n/);
    } finally {
      socket.destroy();
    }
  });
});

describe('streams of one clinic', () => {
  it('when tablets and displays of one clinic watch, then every tablet gets the same change and every display the same projection, without the name', async () => {
    const clinic = await createClinic(db);
    // The plan allows three devices: people's sign-ins watch too.
    const tablets = [
      await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' }),
      await login(server.url, clinic.emails.receptionist),
      await login(server.url, clinic.emails.owner),
    ];
    const displays = [
      await login(server.url, clinic.emails.receptionist, { kind: 'display', name: 'hall' }),
      await login(server.url, clinic.emails.doctor),
    ];
    const staff = await Promise.all(tablets.map((t) => openSse(`${server.url}/api/sync/v1/stream`, t.accessToken)));
    const watch = await Promise.all(displays.map((d) => openSse(`${server.url}/api/queue/v1/stream`, d.accessToken)));
    try {
      await eventually(() => expect([...staff, ...watch].every((s) => s.frames.length > 0)).toBe(true));
      const e = wire(walkIn([], clinic.id, 'Sonia Ferchichi'));
      expect(
        (await api(server.url, '/api/sync/v1/entries/push', { token: tablets[0]!.accessToken, body: [{ newDocumentState: e }] })).status,
      ).toBe(200);
      const change = (s: (typeof staff)[number]) => s.frames.find((f) => f.type === 'changes');
      const entries = (s: (typeof staff)[number]) => s.frames.find((f) => f.type === 'entries');
      await eventually(() => expect([...staff.map(change), ...watch.map(entries)].every(Boolean)).toBe(true));
      expect(new Set(staff.map((s) => JSON.stringify(change(s)))).size).toBe(1);
      expect(change(staff[0]!)).toMatchObject({ documents: [{ id: e.id, name: 'Sonia Ferchichi' }] });
      expect(new Set(watch.map((s) => JSON.stringify(entries(s)))).size).toBe(1);
      expect(entries(watch[0]!)).toMatchObject({ documents: [{ id: e.id, ticket: e.ticket }] });
      for (const s of watch) expect(s.raw()).not.toContain('Sonia');
    } finally {
      for (const s of [...staff, ...watch]) s.close();
    }
  });
});
