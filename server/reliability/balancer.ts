// server/test/balancer.ts's round-robin balancer, plus what a fault injector
// needs to know: which instance is serving a push right now, so it can be
// killed in the middle of one.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { kindOf, type RequestKind } from './net.ts';

export class TrackingBalancer {
  private server: Server | null = null;
  private next = 0;
  /** In-flight requests per target and kind. */
  private readonly inflight = new Map<string, Record<RequestKind, number>>();
  url = '';

  constructor(readonly targets: string[]) {
    for (const t of targets) this.inflight.set(t, { stream: 0, pull: 0, push: 0, other: 0 });
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.send(Buffer.concat(chunks), req, res, 0));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Targets with a request of this kind in flight. */
  busy(kind: RequestKind): string[] {
    return this.targets.filter((t) => this.inflight.get(t)![kind] > 0);
  }

  private send(body: Buffer, req: IncomingMessage, res: ServerResponse, tried: number): void {
    if (tried >= this.targets.length) {
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"bad_gateway","message":"no instance"}}');
      return;
    }
    const targetUrl = this.targets[this.next++ % this.targets.length]!;
    const target = new URL(targetUrl);
    const kind = kindOf(req.url ?? '', req.method);
    const counts = this.inflight.get(targetUrl)!;
    counts[kind]++;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        counts[kind]--;
      }
    };
    const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
      // Closing either side closes the other: a dead instance ends its streams.
      res.on('close', () => {
        finish();
        upRes.destroy();
      });
      upRes.on('close', () => {
        finish();
        if (!upRes.complete) res.destroy();
      });
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      finish();
      if (err.code === 'ECONNREFUSED' && !res.headersSent) this.send(body, req, res, tried + 1);
      else res.destroy();
    });
    up.end(body);
  }
}
