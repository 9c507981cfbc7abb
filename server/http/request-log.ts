// Request logging. Every route of the Express app: pino-http, a child logger
// and one line per request. The replication's push, pull and the reception's
// ping (served before Express) are what every tablet sends many times a minute
// (a thousand a second at one instance's peak): pino-http's per-request child
// and line were a tenth of a push's CPU (bench/README.md), and a line per push
// says nothing an operator reads. So there: no child, and a line in
// pino-http's shape only for a refused, failed, aborted or slow request. The
// same redaction applies: no row values, no headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { errorSerializers } from './log-errors.ts';
import { pathOf } from './bare-routes.ts';

/** A push or pull slower than this is logged: far above a healthy one (a few ms), well below a client's timeout. */
export const SLOW_REQUEST_MS = 500;

/**
 * The hot routes' log (server/sync/routes.ts, served before Express): a line
 * only for a refused, failed, aborted or slow request. Call at the request's
 * start; `clinicOf` names the clinic once the token is verified.
 */
export function hotRequestLog(log: Logger, opts: { slowMs?: number } = {}) {
  const slowMs = opts.slowMs ?? SLOW_REQUEST_MS;
  return (req: IncomingMessage, res: ServerResponse, clinicOf: () => string | undefined): void => {
    const start = performance.now();
    const url = pathOf(req.url ?? '');
    res.once('close', () => {
      const responseTime = Math.round(performance.now() - start);
      const status = res.writableFinished ? res.statusCode : 0;
      if (status > 0 && status < 400 && responseTime < slowMs) return;
      const line = { req: { method: req.method, url }, res: { statusCode: status }, responseTime, clinicId: clinicOf() };
      if (status === 0) log.warn(line, 'request aborted');
      else if (status >= 500) log.error(line, 'request errored');
      else if (status >= 400) log.warn(line, 'request completed');
      else log.info(line, 'request completed');
    });
  };
}

export function requestLog(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    // Streams stay open for hours: log their start, not their end.
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
    customProps: (req) => ({ clinicId: (req as { staff?: { cid: string } }).staff?.cid }),
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: pathOf(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      ...errorSerializers,
    },
  });
}
