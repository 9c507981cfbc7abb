// /healthz while 2,000 idle slow connections are held (issue 14: one
// unauthenticated client must not exhaust the server). Each held connection
// sends a POST's headers and one byte of its body, then nothing, as the
// attacker did; they come from 20 loopback addresses (127.0.0.10-29), 100
// each, below the per-address cap. /healthz is then asked on fresh
// connections, one after another, and compared with the same probe before
// the connections were opened. The first probe after the last connection is
// shown apart: the kernel completes connections before Node accepts them, so
// it waits behind the accept backlog; the others measure the steady state.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { repeat, withTimeout } from './support/bounded.ts';
import { assertLoopback } from './support/http.ts';
import { summarize, type Summary } from './support/stats.ts';
import type { Target } from './support/target.ts';

export interface HealthzCell {
  held: number;
  /** /healthz with no other connection open, then with `held` slow ones. */
  idle: Summary;
  /** The first probe after the last connection opened: it waits while the server still accepts the backlog. */
  firstMs: number;
  underLoad: Summary;
  /** Held connections the server had closed by the end of the probes (timeouts cut them at REQUEST_TIMEOUT_SECONDS). */
  closedEarly: number;
}

export interface HealthzOptions {
  held: number;
  perAddress: number;
  probes: number;
}

const PROBE_TIMEOUT_MS = 10_000;
/** Opened in batches below the listen backlog (511), so none is dropped while the server accepts. */
const BATCH = 400;

function slowPost(port: number, from: string): Promise<{ socket: Socket; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = connect({ host: '127.0.0.1', port, localAddress: from });
    socket.on('close', () => {
      closed = true;
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => {});
      socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: ${from}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
      resolve({ socket, closed: () => closed });
    });
  });
}

/** One GET /healthz on a fresh connection; its time from request to the end of the answer. */
function probe(url: URL): Promise<number> {
  const started = performance.now();
  return withTimeout(
    new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/healthz', agent: false, localAddress: '127.0.0.2' }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`/healthz ${res.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end();
    }),
    PROBE_TIMEOUT_MS,
    '/healthz under slow connections',
  );
}

async function probes(url: URL, n: number): Promise<Summary> {
  const samples: number[] = [];
  await repeat({ count: n, ms: 60_000 }, async () => {
    samples.push(await probe(url));
  });
  return summarize(samples);
}

export async function runHealthzUnderSlowConnections(target: Target, o: HealthzOptions, log: (l: string) => void): Promise<HealthzCell> {
  const url = assertLoopback(target.url);
  const port = Number(url.port);
  const idle = await probes(url, o.probes);
  const held: { socket: Socket; closed: () => boolean }[] = [];
  try {
    const froms = Array.from({ length: Math.ceil(o.held / o.perAddress) }, (_, i) => `127.0.0.${10 + i}`);
    const plan = froms.flatMap((from) => Array.from({ length: o.perAddress }, () => from)).slice(0, o.held);
    for (let i = 0; i < plan.length; i += BATCH) held.push(...(await Promise.all(plan.slice(i, i + BATCH).map((f) => slowPost(port, f)))));
    log(`  ${held.length} slow connections held from ${froms.length} addresses`);
    const firstMs = await probe(url);
    const underLoad = await probes(url, o.probes);
    return { held: held.length, idle, firstMs, underLoad, closedEarly: held.filter((h) => h.closed()).length };
  } finally {
    for (const h of held) h.socket.destroy();
  }
}
