// Request logging. Every route but the replication's push, pull and the
// reception's ping: pino-http, a child logger and one line per request. Push and pull are what every
// tablet sends many times a minute (a thousand a second at one instance's
// peak): pino-http's per-request child and line were a tenth of a push's CPU
// (bench/README.md), and a line per push says nothing an operator reads. So
// there: no child (req.log is the server's logger, so the error handler still
// logs failures through it), and a line, in pino-http's shape, only for a
// refused, failed, aborted or slow request. The same serialisers and
// redaction apply: no row values, no headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { SYNC_BASE } from '../../shared/protocol.ts';
import { errorSerializers } from './log-errors.ts';

/** A push or pull slower than this is logged: far above a healthy one (a few ms), well below a client's timeout. */
export const SLOW_REQUEST_MS = 500;

/** `/api/sync/v1/<collection>/push` or `/pull`, or `/api/sync/v1/alive`, query string or not. */
const HOT = new RegExp(`^${SYNC_BASE}/([a-z]+/(push|pull)|alive)(\\?|$)`);
export const isHotRoute = (url: string) => HOT.test(url);

const pathOf = (url: string) => url.split('?')[0];
/** Set by auth/middleware.ts once the token is verified. */
const clinicOf = (req: IncomingMessage) => (req as { staff?: { cid: string } }).staff?.cid;

export function requestLog(log: Logger, opts: { slowMs?: number } = {}): RequestHandler {
  const slowMs = opts.slowMs ?? SLOW_REQUEST_MS;
  const full = pinoHttp({
    logger: log,
    // Streams stay open for hours: log their start, not their end.
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
    customProps: (req) => ({ clinicId: clinicOf(req) }),
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: pathOf(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      ...errorSerializers,
    },
  });
  const light = (req: IncomingMessage, res: ServerResponse) => {
    const start = performance.now();
    // Taken now: routers mounted below trim req.url while they handle it.
    const url = pathOf(req.url ?? '');
    res.once('close', () => {
      const responseTime = Math.round(performance.now() - start);
      const status = res.writableFinished ? res.statusCode : 0;
      if (status > 0 && status < 400 && responseTime < slowMs) return;
      const line = {
        req: { method: req.method, url },
        res: { statusCode: status },
        responseTime,
        clinicId: clinicOf(req),
      };
      if (status === 0) log.warn(line, 'request aborted');
      else if (status >= 500) log.error(line, 'request errored');
      else if (status >= 400) log.warn(line, 'request completed');
      else log.info(line, 'request completed');
    });
  };
  return (req, res, next) => {
    if (!isHotRoute(req.url)) return full(req, res, next);
    req.log = log;
    light(req, res);
    next();
  };
}
