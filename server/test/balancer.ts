// A minimal HTTP load balancer for tests: sends each request to the next
// target in turn; a target that refuses connections is skipped, as a real
// balancer's health check would.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class Balancer {
  private server: Server | null = null;
  private next = 0;
  url = '';

  constructor(readonly targets: string[]) {}

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

  private send(body: Buffer, req: IncomingMessage, res: ServerResponse, tried: number): void {
    if (tried >= this.targets.length) {
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"bad_gateway","message":"no instance"}}');
      return;
    }
    const target = new URL(this.targets[this.next++ % this.targets.length]!);
    const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
      // Closing either side closes the other: a dead instance ends its streams.
      res.on('close', () => upRes.destroy());
      upRes.on('close', () => {
        if (!upRes.complete) res.destroy();
      });
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && !res.headersSent) this.send(body, req, res, tried + 1);
      else res.destroy();
    });
    up.end(body);
  }
}
