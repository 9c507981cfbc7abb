// Routes served by node:http before the Express app: the long-lived streams,
// tens of thousands per instance, where what Express keeps per request
// (router closures, pino-http's child logger, per-request properties) would
// cost more memory than the stream itself. Exact paths, GET only; anything
// else goes on to Express. Refusals answer the app's one error shape.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { errorBody } from '../../shared/errors.ts';
import { HttpError } from './errors.ts';
import { STREAM_SECURITY_HEADERS } from './security-headers.ts';

export type BareHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const JSON_HEAD = ['content-type', 'application/json; charset=utf-8', ...STREAM_SECURITY_HEADERS.flat()];

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

export class BareRoutes {
  private readonly gets = new Map<string, BareHandler>();

  constructor(private readonly log: Logger) {}

  get(path: string, handler: BareHandler): void {
    this.gets.set(path, handler);
  }

  /** Serves the request when it is one of these routes; false: it is Express's. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET') return false;
    const handler = this.gets.get(pathOf(req.url ?? ''));
    if (!handler) return false;
    handler(req, res).then(
      () => this.logClose(req, res),
      (err: unknown) => this.refuse(req, res, err),
    );
    return true;
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

  private refuse(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const known = err instanceof HttpError ? err : null;
    if (!known) this.log.error({ err }, 'unhandled error');
    if (res.headersSent) {
      res.end();
      return;
    }
    const status = known?.status ?? 500;
    const body = JSON.stringify(known ? errorBody(known.code, known.message, known.issues) : errorBody('internal', 'internal error'));
    res.writeHead(status, [...JSON_HEAD, 'content-length', String(Buffer.byteLength(body))]);
    res.end(body);
    this.log.info({ req: { method: req.method, url: pathOf(req.url ?? '') }, res: { statusCode: status } }, 'request refused');
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
