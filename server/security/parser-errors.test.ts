// Found on an attacker's pass beyond issue 14's list: requests Node's HTTP
// parser refuses (headers or URL over the size limit, a malformed request
// line) got a bare status line with no body. They get the one error shape,
// the connection is closed, and the server goes on answering.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, openTestDb, startTestServer } from '../../testkit/harness.ts';
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

/** Sends `bytes` on a connection of its own; resolves with everything received once the server closes it. */
function exchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.port });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => {
      data += c;
    });
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('the server kept the connection open')));
    socket.on('connect', () => socket.write(bytes));
  });
}

const bodyOf = (response: string) =>
  JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };

describe('requests the HTTP parser refuses', () => {
  it('when the headers are over the size limit, then 431 with a JSON error body and the connection closed', async () => {
    const r = await exchange(`POST /api/auth/login HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(r).toMatch(/^HTTP\/1\.1 431 /);
    expect(r).toMatch(/\r\nContent-Type: application\/json/i);
    expect(bodyOf(r).error.code).toBe('too_large');
  });

  it('when the URL is over the size limit, then 431 too', async () => {
    const r = await exchange(`GET /api/checkin/v1/${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(r).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(r).error.code).toBe('too_large');
  });

  it('when the request line is malformed or the framing contradicts itself, then 400 with a JSON error body', async () => {
    for (const bytes of [
      'NOT A REQUEST\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\u0000: y\r\n\r\n',
    ]) {
      const r = await exchange(bytes);
      expect([bytes, r.slice(0, 12)]).toEqual([bytes, 'HTTP/1.1 400']);
      expect(bodyOf(r).error.code).toBe('bad_request');
    }
    expect((await api(server.url, '/healthz')).status).toBe(200);
  });
});
