// A process holding thousands of device streams (GET /api/sync/v1/stream),
// started by fanout.ts. Raw http.request, not fetch: 10,000 fetch streams cost
// far more client memory and CPU than the server being measured. Each pushed
// document carries the time it was sent (`name: t=<ms>`); the latency to each
// stream that receives it is recorded here on the same clock.
import http from 'node:http';
import { STREAM_PATH, SCHEMA_VERSION } from '../../shared/protocol.ts';
import { assertLoopback } from './http.ts';

export interface Conn {
  url: string;
  token: string;
  localAddress: string;
  instance: number;
  path?: string;
}
export type WorkerRequest =
  | { type: 'open'; conns: Conn[]; concurrency: number; timeoutMs: number }
  | { type: 'collect' }
  | { type: 'close' };
export type WorkerReply =
  | { type: 'opened'; open: number; failed: number; ms: number; firstError: string | null }
  | { type: 'samples'; byInstance: number[][]; errors: number; closed: number; events: number };

const clock = () => performance.timeOrigin + performance.now();
const agents = new Map<string, http.Agent>();
const agentFor = (addr: string) => {
  let a = agents.get(addr);
  if (!a) {
    a = new http.Agent({ keepAlive: true, maxSockets: Infinity, localAddress: addr });
    agents.set(addr, a);
  }
  return a;
};

const requests = new Set<http.ClientRequest>();
let byInstance: number[][] = [[], []];
let errors = 0;
let closed = 0;
let events = 0;
let closing = false;

function onFrame(frame: string, instance: number): void {
  if (!frame.startsWith('event: changes')) return;
  const at = clock();
  const data = frame.slice(frame.indexOf('data: ') + 6);
  const ev = JSON.parse(data) as { documents: { name?: string }[] };
  events++;
  for (const d of ev.documents) {
    if (d.name?.startsWith('t=')) byInstance[instance]!.push(at - Number(d.name.slice(2)));
  }
}

/** Opens one stream; resolves once the first frame (resync) arrived, i.e. the server subscribed it. */
function open(c: Conn, timeoutMs: number): Promise<void> {
  const u = assertLoopback(c.url);
  return new Promise((resolve, reject) => {
    let subscribed = false;
    const req = http.request(
      {
        agent: agentFor(c.localAddress),
        host: u.hostname,
        port: u.port,
        path: c.path ?? STREAM_PATH,
        method: 'GET',
        headers: { authorization: `Bearer ${c.token}`, 'x-doctorq-schema': String(SCHEMA_VERSION), accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`stream: HTTP ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk: string) => {
          buf += chunk;
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const frame = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (!subscribed && frame.startsWith('event: resync')) {
              subscribed = true;
              clearTimeout(timer);
              resolve();
            } else onFrame(frame, c.instance);
          }
        });
        res.on('close', () => {
          if (!closing) closed++;
          requests.delete(req);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error('stream open timed out')), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      if (subscribed) errors++;
      else reject(err);
    });
    requests.add(req);
    req.end();
  });
}

async function openAll(conns: Conn[], concurrency: number, timeoutMs: number): Promise<WorkerReply> {
  const t0 = performance.now();
  let next = 0;
  let ok = 0;
  let failed = 0;
  let firstError: string | null = null;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < conns.length) {
        const c = conns[next++]!;
        try {
          await open(c, timeoutMs);
          ok++;
        } catch (err) {
          failed++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  return { type: 'opened', open: ok, failed, ms: performance.now() - t0, firstError };
}

process.on('message', async (m: WorkerRequest) => {
  if (m.type === 'open') process.send!(await openAll(m.conns, m.concurrency, m.timeoutMs));
  else if (m.type === 'collect') {
    process.send!({ type: 'samples', byInstance, errors, closed, events } satisfies WorkerReply);
    byInstance = [[], []];
    errors = 0;
    events = 0;
  } else if (m.type === 'close') {
    closing = true;
    for (const r of requests) r.destroy();
    for (const a of agents.values()) a.destroy();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
