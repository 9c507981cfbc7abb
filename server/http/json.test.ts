// The JSON body parser over real HTTP: the plain UTF-8 path and express.json's
// (other charsets, compressed bodies) answer alike, with the same limits.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from './errors.ts';
import { jsonBody, MAX_JSON_DEPTH } from './json.ts';

let server: Server;
let port: number;
beforeAll(async () => {
  const app = express();
  app.use(jsonBody());
  app.post('/echo', (req, res) => {
    res.json({ body: req.body ?? null });
  });
  app.use(errorHandler);
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** POSTs raw bytes; `chunked` leaves the length out (chunked transfer). */
function post(
  body: Buffer | string,
  headers: Record<string, string>,
  chunked = false,
): Promise<{ status: number; body: { body?: unknown; error?: { code: string } } }> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/echo',
        method: 'POST',
        headers: chunked ? headers : { ...headers, 'content-length': bytes.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }));
      },
    );
    req.on('error', reject);
    if (chunked) {
      // Two writes, so the body really arrives in chunks.
      req.write(bytes.subarray(0, bytes.length >> 1));
      req.end(bytes.subarray(bytes.length >> 1));
    } else req.end(bytes);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const doc = [{ newDocumentState: { id: 'a', name: 'Zoë Ünal', _deleted: false } }];
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON bodies', () => {
  it('when the body is plain UTF-8 JSON, in one piece or in chunks, with or without charset, then it is parsed', async () => {
    for (const [headers, chunked] of [
      [JSON_TYPE, false],
      [JSON_TYPE, true],
      [{ 'content-type': 'Application/JSON; charset=UTF-8' }, false],
      [{ 'content-type': 'application/json; charset="utf-8"' }, true],
    ] as const) {
      expect(await post(JSON.stringify(doc), headers, chunked)).toEqual({ status: 200, body: { body: doc } });
    }
    expect(await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(doc))]), JSON_TYPE)).toEqual({
      status: 200,
      body: { body: doc },
    });
    expect(await post('', JSON_TYPE)).toEqual({ status: 200, body: { body: {} } });
  });

  it('when the body is UTF-16 or gzipped, then express.json reads it the same', async () => {
    const text = JSON.stringify(doc);
    expect(await post(Buffer.from(text, 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' })).toEqual({
      status: 200,
      body: { body: doc },
    });
    expect(await post(gzipSync(text), { ...JSON_TYPE, 'content-encoding': 'gzip' })).toEqual({ status: 200, body: { body: doc } });
  });

  it('when the body is not JSON, not an object or array, too deep or too large, then the same refusals on both paths', async () => {
    const big = JSON.stringify([{ pad: 'x'.repeat(1024 * 1024) }]);
    const cases: [string, number, string][] = [
      ['{not json', 400, 'invalid_json'],
      ['"a string"', 400, 'invalid_json'],
      ['  17', 400, 'invalid_json'],
      [nested(MAX_JSON_DEPTH + 1), 400, 'too_deep'],
      [big, 413, 'too_large'],
    ];
    for (const [body, status, code] of cases) {
      for (const [gzip, chunked] of [
        [false, false],
        [false, true],
        [true, false],
      ] as const) {
        const headers: Record<string, string> = gzip ? { ...JSON_TYPE, 'content-encoding': 'gzip' } : JSON_TYPE;
        const r = await post(gzip ? gzipSync(body) : Buffer.from(body), headers, chunked);
        expect({
          body: body.slice(0, 20),
          chunked,
          gzip: Boolean(headers['content-encoding']),
          status: r.status,
          code: r.body.error?.code,
        }).toEqual({ body: body.slice(0, 20), chunked, gzip, status, code });
      }
    }
    expect(await post(nested(MAX_JSON_DEPTH), JSON_TYPE)).toMatchObject({ status: 200 });
  });

  it('when the content type is not JSON, then the body is not parsed', async () => {
    expect(await post(JSON.stringify(doc), { 'content-type': 'text/plain' })).toEqual({ status: 200, body: { body: null } });
  });
});
