// The security headers of every response (helmet), and the few of them a
// stream needs, for the routes served before Express (server/sync/stream-routes.ts).
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
});

/**
 * Of helmet's headers, those that matter for a response no browser renders
 * (an event stream, a JSON refusal): no sniffing it into something
 * renderable, no reading it from another origin, HTTPS only. Each stream
 * keeps its head for its whole life: the page-only ones (CSP, framing,
 * referrer) would cost ~1 KB a stream and protect nothing here.
 */
const FOR_STREAMS = new Set(['x-content-type-options', 'cross-origin-resource-policy', 'strict-transport-security']);

function captured(): [string, string][] {
  const out: [string, string][] = [];
  const res = {
    setHeader: (name: string, value: string) => {
      if (FOR_STREAMS.has(name.toLowerCase())) out.push([name.toLowerCase(), value]);
    },
    removeHeader: () => {},
  };
  securityHeaders({} as IncomingMessage, res as unknown as ServerResponse, () => {});
  return out;
}

export const STREAM_SECURITY_HEADERS: readonly (readonly [string, string])[] = captured();
