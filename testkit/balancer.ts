// A minimal HTTP load balancer for tests: sends each request to the next
// target in turn; a target that refuses connections is skipped, as a real
// balancer's health check would.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Told when a request goes to a target; returns what to call once it is over (fault injectors track this). */
export type OnForward = (target: string, req: IncomingMessage) => () => void;

export class Balancer {
  private server: Server | null = null;
  private next = 0;
  url = '';

  constructor(
    readonly targets: string[],
    private readonly onForward: OnForward = () => () => {},
  ) {}

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
    const targetUrl = this.targets[this.next++ % this.targets.length]!;
    const target = new URL(targetUrl);
    const over = this.onForward(targetUrl, req);
    let finished = false;
    const finish = () => {
      if (!finished) {
        finished = true;
        over();
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
