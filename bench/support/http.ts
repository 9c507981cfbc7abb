// JSON over node:http with keep-alive agents: lighter than fetch for
// thousands of requests, and the agent pins connections like a tablet does.
import http from 'node:http';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
}

export function keepAliveAgent(maxSockets = 64, localAddress?: string): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, ...(localAddress ? { localAddress } : {}) });
}

/** Only loopback targets: the benchmarks never send traffic anywhere else. */
export function assertLoopback(url: string): URL {
  const u = new URL(url);
  if (!/^127\.\d+\.\d+\.\d+$/.test(u.hostname) && u.hostname !== 'localhost' && u.hostname !== '[::1]') {
    throw new Error(`refusing non-loopback target ${u.hostname}`);
  }
  return u;
}

export function requestJson<T = unknown>(
  agent: http.Agent,
  url: string,
  opts: { method?: string; token?: string; body?: unknown; rawBody?: string; timeoutMs?: number } = {},
): Promise<JsonResponse<T>> {
  const u = assertLoopback(url);
  const payload = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: opts.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers: {
          'x-doctorq-schema': String(SCHEMA_VERSION),
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : null) as T });
          } catch (err) {
            reject(new Error(`${url}: ${res.statusCode} unparsable body ${text.slice(0, 200)}`, { cause: err }));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: request timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Throws unless the status is 2xx: a benchmark must not time failures as successes. */
export async function ok<T>(p: Promise<JsonResponse<T>>, what: string): Promise<T> {
  const r = await p;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}
