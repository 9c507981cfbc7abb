// Which requests leave a line: every request on the Express app's routes, and
// on the routes served before it (the replication's push and pull) only the
// refused, failed and slow ones, with failures still logged (without their
// values) as the error handler logs them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { errorHandler, HttpError } from './errors.ts';
import { errorSerializers } from './log-errors.ts';
import { hotRequestLog, requestLog } from './request-log.ts';
import { BareRoutes, sendJson } from './bare-routes.ts';

const CLINIC = '0b6f4b5e-3c1a-4c55-9b8e-2f1d7a6c9e01';
let server: Server | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** An app with the request log, routes shaped like ours and the app's error handler; the lines it logged. */
async function start(slowMs?: number) {
  let captured = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      captured += chunk.toString();
      done();
    },
  });
  const log = pino({ level: 'info' }, sink).child({}, { serializers: errorSerializers });
  const app = express();
  app.use(requestLog(log));
  app.post('/api/auth/login', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(errorHandler);
  // Routes shaped like the replication's, served before Express as the server serves them.
  const bare = new BareRoutes(log);
  const logRequest = hotRequestLog(log, slowMs === undefined ? {} : { slowMs });
  bare.post('/api/sync/v1/entries/push', async (req, res) => {
    logRequest(req, res, () => CLINIC);
    const query = new URL(req.url ?? '', 'http://x').searchParams;
    if (query.has('refuse')) throw new HttpError(422, 'invalid_document', 'document at index 0');
    if (query.has('fail')) throw new Error('insert failed for "Yasmine Bouazizi"');
    sendJson(res, 200, { conflicts: [] });
  });
  bare.get('/api/sync/v1/entries/pull', async (req, res) => {
    logRequest(req, res, () => CLINIC);
    sendJson(res, 200, { documents: [], checkpoint: { seq: 0 } });
  });
  server = createServer((req, res) => {
    if (!bare.handle(req, res)) app(req, res);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lines = () =>
    captured
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; level: number; req?: { method: string; url: string }; res?: { statusCode: number } });
  const request = async (method: string, path: string) => {
    const r = await fetch(url + path, { method });
    await r.text();
    return r.status;
  };
  return { request, lines, captured: () => captured };
}

/** The request lines written: method, path, status. */
const requestLines = (ls: ReturnType<Awaited<ReturnType<typeof start>>['lines']>) =>
  ls.filter((l) => l.req && l.res).map((l) => `${l.req!.method} ${l.req!.url} ${l.res!.statusCode}`);

describe('request log', () => {
  it('when push and pull succeed quickly, then no line; other routes get one each', async () => {
    const s = await start();
    expect(await s.request('POST', '/api/sync/v1/entries/push')).toBe(200);
    expect(await s.request('GET', '/api/sync/v1/entries/pull?seq=0')).toBe(200);
    expect(await s.request('POST', '/api/auth/login')).toBe(200);
    await expect.poll(() => requestLines(s.lines())).toEqual(['POST /api/auth/login 200']);
  });

  it('when a push is refused or fails, then its line is written, and the failure is logged without the values it quotes', async () => {
    const s = await start();
    expect(await s.request('POST', '/api/sync/v1/entries/push?refuse=1')).toBe(422);
    expect(await s.request('POST', '/api/sync/v1/entries/push?fail=1')).toBe(500);
    await expect.poll(() => requestLines(s.lines())).toEqual(['POST /api/sync/v1/entries/push 422', 'POST /api/sync/v1/entries/push 500']);
    expect(s.lines().find((l) => l.msg === 'unhandled error')).toMatchObject({ level: 50 });
    expect(s.captured()).toContain(`"clinicId":"${CLINIC}"`);
    expect(s.captured()).not.toContain('Yasmine');
  });

  it('when push and pull are slower than the threshold, then they are logged with their time', async () => {
    const s = await start(0);
    await s.request('POST', '/api/sync/v1/entries/push');
    await s.request('GET', '/api/sync/v1/entries/pull?seq=0');
    await expect.poll(() => requestLines(s.lines())).toEqual(['POST /api/sync/v1/entries/push 200', 'GET /api/sync/v1/entries/pull 200']);
    expect(s.lines()[0]).toHaveProperty('responseTime');
  });
});
