// Routes served by node:http before the Express app. The long-lived streams,
// tens of thousands per instance, where what Express keeps per request
// (router closures, pino-http's child logger, per-request properties) would
// cost more memory than the stream itself; and the replication's push, pull
// and ping, a thousand a second at an instance's peak, where Express's
// per-request work (its router, and the prototypes it swaps on every request
// and response, which leave V8's property lookups to miss) was half of a
// push's CPU (bench/README.md). Anything else goes on to Express. Refusals
// answer the app's one error shape (http/errors.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { errorBody } from '../../shared/errors.ts';
import { refusalOf } from './errors.ts';
import { STREAM_SECURITY_HEADERS } from './security-headers.ts';

/** The route a request matched: its pattern, and the path's `:name` segments. */
export interface BareMatch {
  pattern: string;
  params: Record<string, string>;
}

export type BareHandler = (req: IncomingMessage, res: ServerResponse, match: BareMatch) => Promise<void>;

/** A long-lived stream logs its end at debug and its refusals; a request route logs for itself (http/request-log.ts). */
export const STREAM = { stream: true } as const;

interface Route {
  method: 'GET' | 'POST';
  pattern: string;
  /** The pattern's segments; `:name` matches any one segment. */
  segments: string[];
  handler: BareHandler;
  stream: boolean;
}

const JSON_HEAD = ['content-type', 'application/json; charset=utf-8', ...STREAM_SECURITY_HEADERS.flat()];

/** The path of a request's URL, without its query string. */
export const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

/** Answers `value` as JSON, with the security headers of a response no browser renders. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, [...JSON_HEAD, 'content-length', String(Buffer.byteLength(body))]);
  res.end(body);
}

/** The `:name` segments of `path` if it has the pattern's shape; null otherwise. */
function matchSegments(pattern: readonly string[], path: readonly string[]): Record<string, string> | null {
  if (pattern.length !== path.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(':')) {
      if (path[i] === '') return null;
      params[p.slice(1)] = path[i]!;
    } else if (p !== path[i]) return null;
  }
  return params;
}

export class BareRoutes {
  private readonly routes: Route[] = [];

  constructor(private readonly log: Logger) {}

  get(path: string, handler: BareHandler, opts: { stream?: boolean } = {}): void {
    this.routes.push({ method: 'GET', pattern: path, segments: path.split('/'), handler, stream: opts.stream ?? false });
  }

  post(path: string, handler: BareHandler): void {
    this.routes.push({ method: 'POST', pattern: path, segments: path.split('/'), handler, stream: false });
  }

  /** Serves the request when it is one of these routes; false: it is Express's. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const segments = pathOf(req.url ?? '').split('/');
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      route.handler(req, res, { pattern: route.pattern, params }).then(
        () => {
          if (route.stream) this.logClose(req, res);
        },
        (err: unknown) => this.refuse(req, res, err, route.stream),
      );
      return true;
    }
    return false;
  }

  /** One line when a stream ends, and only at debug: at info, tens of thousands of streams would be most of the log. */
  private logClose(req: IncomingMessage, res: ServerResponse): void {
    if (!this.log.isLevelEnabled('debug')) return;
    const opened = Date.now();
    res.once('close', () =>
      this.log.debug(
        { req: { method: req.method, url: pathOf(req.url ?? '') }, res: { statusCode: res.statusCode }, ms: Date.now() - opened },
        'stream closed',
      ),
    );
  }

  private refuse(req: IncomingMessage, res: ServerResponse, err: unknown, stream: boolean): void {
    const refusal = refusalOf(err);
    if (!refusal) this.log.error({ err }, 'unhandled error');
    if (res.headersSent) {
      res.end();
      return;
    }
    const { status, body } = refusal ?? { status: 500, body: errorBody('internal', 'internal error') };
    sendJson(res, status, body);
    if (stream) this.log.info({ req: { method: req.method, url: pathOf(req.url ?? '') }, res: { statusCode: status } }, 'request refused');
  }
}

/**
 * An open stream keeps its request for hours: once verified, its bearer
 * token need not stay with it (~0.4 KB a stream, twice: parsed and raw
 * headers; and no tokens in a heap dump).
 */
export function forgetAuthorization(req: IncomingMessage): void {
  delete req.headers.authorization;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'authorization') {
      raw.splice(i, 2);
      return;
    }
  }
}
