// The load generator's HTTP client for throughput: one keep-alive HTTP/1.1
// connection per tablet and server, one request at a time (a tablet waits for
// each answer before its next write), head bytes built once. On 2 shared cores
// the load generator's CPU is taken from the server under test: node:http's
// ClientRequest, agent and IncomingMessage cost several times this per request
// (bench/README.md). Still real HTTP over TCP: the server sees what it sees
// from any client. Answers must carry a Content-Length (Express's res.json does).
import net from 'node:net';
import { assertLoopback } from './http.ts';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';

export interface RawResponse {
  status: number;
  body: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

export class RawConnection {
  private socket: net.Socket | null = null;
  private readonly host: string;
  private readonly port: number;
  private pending: { resolve: (r: RawResponse) => void; reject: (e: Error) => void } | null = null;
  private chunks: Buffer[] = [];
  private received = 0;
  /** Requests answered on the current socket: a reused one may have been closed by the server while idle. */
  private served = 0;

  constructor(url: string) {
    const u = assertLoopback(url);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  private connect(): net.Socket {
    const s = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.served = 0;
    s.on('data', (c: Buffer) => this.onData(c));
    s.on('error', () => {});
    s.on('close', () => {
      if (this.socket !== s) return;
      this.socket = null;
      this.fail(new Error('connection closed'));
    });
    this.socket = s;
    return s;
  }

  private fail(err: Error): void {
    const p = this.pending;
    this.pending = null;
    this.chunks = [];
    this.received = 0;
    p?.reject(err);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.received += chunk.length;
    const buf = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks);
    const end = buf.indexOf(HEAD_END);
    if (end < 0) return;
    const head = buf.toString('latin1', 0, end);
    const length = CONTENT_LENGTH.exec(head);
    if (!length) {
      // The connection's framing is lost with it.
      this.fail(new Error(`answer without content-length: ${head.slice(0, 100)}`));
      this.close();
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.received < total) {
      this.chunks = [buf];
      return;
    }
    const p = this.pending;
    this.pending = null;
    this.chunks = [];
    this.received = 0;
    this.served++;
    p?.resolve({ status: Number(head.slice(9, 12)), body: buf.toString('utf8', end + 4, total) });
  }

  /** `head` ends with the request's headers (no blank line); the body's length is added here. */
  async request(head: string, body: string): Promise<RawResponse> {
    const reused = this.socket !== null && this.served > 0;
    try {
      return await this.send(head, body);
    } catch (err) {
      // The server closed an idle keep-alive connection as this request left: once more on a new one.
      if (!reused || this.socket) throw err;
      return this.send(head, body);
    }
  }

  private send(head: string, body: string): Promise<RawResponse> {
    if (this.pending) return Promise.reject(new Error('one request at a time'));
    const socket = this.socket ?? this.connect();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(`${head}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

/** The request line and headers of a JSON POST with a bearer token, built once per tablet and route. */
export function postHead(url: string, path: string, token: string): string {
  const u = assertLoopback(url);
  return [
    `POST ${path} HTTP/1.1`,
    `host: ${u.host}`,
    'connection: keep-alive',
    'content-type: application/json',
    `x-doctorq-schema: ${SCHEMA_VERSION}`,
    `authorization: Bearer ${token}`,
  ].join('\r\n');
}
