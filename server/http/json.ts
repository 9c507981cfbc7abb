// The one JSON body parser of the app. JSON.parse itself copes with deep
// nesting, but what reads the value afterwards does not: zod, JSON.stringify
// and Postgres's jsonb parser recurse, and a push whose assumedMasterState
// nested 50,000 levels answered 500 (stack depth). No document or request of
// ours nests more than a handful of levels, so the raw bytes are scanned
// before parsing and anything deeper than MAX_JSON_DEPTH is refused.
//
// The common body (UTF-8 JSON, not compressed: every push and pull of every
// tablet) is read here directly, with the same limit, depth check, strictness
// and errors as express.json, without its per-request content-type,
// charset and stream machinery (a push's body parsing was 6% of its CPU,
// bench/README.md). Anything else (another charset, a compressed body) goes
// through express.json.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Our deepest body is a push: array › row › document › array (languages). */
export const MAX_JSON_DEPTH = 16;
/** A push of 500 full documents fits well inside this. */
export const JSON_LIMIT = '1mb';
const JSON_LIMIT_BYTES = 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** The deepest nesting of arrays and objects in JSON text, ignoring brackets inside strings; stops once past `limit`. */
export function jsonDepth(buf: Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    // Plain comparisons, not a Set: this runs on every byte of every body.
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return max;
}

/** Thrown by the depth check; the error handler answers 400 `too_deep`. */
export const TOO_DEEP = 'entity.too.deep';

const bodyError = (status: number, type: string, message: string) => Object.assign(new Error(message), { status, type, expose: true });
const tooLarge = () => bodyError(413, 'entity.too.large', 'request entity too large');

/** True for `application/json` with no charset or UTF-8, not compressed, with a body: what the fast path reads. */
function plainJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  if (!type) return false;
  const [media, ...params] = type.toLowerCase().split(';');
  if (media!.trim() !== 'application/json') return false;
  if (params.some((p) => !/^\s*charset\s*=\s*"?utf-8"?\s*$/.test(p))) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  // A body is announced by its length or by chunked transfer (type-is's hasBody).
  return req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
}

/** Reads, checks and parses a plain JSON body into req.body; errors as express.json's (the error handler maps them). */
function readPlainJson(req: IncomingMessage & { body?: unknown }, next: NextFunction): void {
  let settled = false;
  const settle = (err?: Error) => {
    if (settled) return;
    settled = true;
    next(err);
  };
  if (Number(req.headers['content-length']) > JSON_LIMIT_BYTES) {
    req.resume();
    settle(tooLarge());
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    if (settled) return;
    size += c.length;
    if (size > JSON_LIMIT_BYTES) settle(tooLarge());
    else chunks.push(c);
  });
  req.on('error', () => settle(bodyError(400, 'request.aborted', 'request aborted')));
  req.on('end', () => {
    if (!settled) settle(parsePlain(req, chunks, size));
  });
}

/** The parsed body into req.body, or the error to answer. */
function parsePlain(req: { body?: unknown }, chunks: Buffer[], size: number): Error | undefined {
  let buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  // iconv's UTF-8 decoder, under express.json, drops a byte-order mark.
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  if (jsonDepth(buf, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return bodyError(403, TOO_DEEP, 'JSON nested too deep');
  const text = buf.toString('utf8');
  if (text.length === 0) {
    req.body = {};
    return undefined;
  }
  // Strict, as express.json: an object or an array, nothing else at the top (other leading
  // whitespace than JSON's is refused by JSON.parse below).
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return bodyError(400, 'entity.parse.failed', 'not a JSON object or array');
  try {
    req.body = JSON.parse(text);
  } catch {
    return bodyError(400, 'entity.parse.failed', 'invalid JSON');
  }
  return undefined;
}

export function jsonBody(): RequestHandler {
  const general = express.json({
    limit: JSON_LIMIT,
    // Runs on the raw bytes before JSON.parse (body-parser's verify hook).
    verify: (_req, _res, buf) => {
      if (jsonDepth(buf, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw Object.assign(new Error('JSON nested too deep'), { type: TOO_DEEP });
    },
  });
  return (req, res, next) => {
    if (!plainJson(req) || req.readableEnded) return general(req, res, next);
    readPlainJson(req, next);
  };
}

const bareParser = jsonBody();

/** The JSON body of a request served before Express (http/bare-routes.ts), read and refused as jsonBody() reads it. */
export function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const r = req as IncomingMessage & { body?: unknown };
  return new Promise((resolve, reject) => {
    bareParser(r as Request, res as Response, (err?: unknown) => (err ? reject(err) : resolve(r.body)));
  });
}

/** A NUL or an unpaired surrogate half: Postgres's jsonb and text refuse them. */
const LONE_SURROGATE = /\p{Cs}/u;
const unstorable = (s: string) => s.includes('\0') || LONE_SURROGATE.test(s);

/** True when every string and key of a parsed JSON value could be stored by Postgres (depth already bounded by the parser). */
export function storableJson(v: unknown): boolean {
  if (typeof v === 'string') return !unstorable(v);
  if (Array.isArray(v)) return v.every(storableJson);
  if (v !== null && typeof v === 'object') return Object.entries(v).every(([k, x]) => !unstorable(k) && storableJson(x));
  return true;
}
