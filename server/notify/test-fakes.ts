// Test doubles on 127.0.0.1: an SMS provider that honours Idempotency-Key,
// a push service, and a browser's push subscription that can decrypt what
// the push service received (RFC 8291, aes128gcm), to prove the payload is
// encrypted and says what it should.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface SmsCall {
  at: number;
  path: string;
  key: string | null;
  authorization: string | null;
  to: string;
  text: string;
}

/** A provider that delivers each Idempotency-Key once and answers a replay with the first answer. */
export class FakeSmsProvider {
  readonly calls: SmsCall[] = [];
  /** Idempotency key → the delivered message. */
  readonly delivered = new Map<string, { to: string; text: string }>();
  /** Numbers (as received) the provider refuses with this status. */
  readonly failures = new Map<string, number>();
  /** Time taken per request (lets concurrent workers overlap). */
  delayMs = 0;
  /** Runs after the message is recorded and before the answer goes out. */
  onReceived: ((call: SmsCall) => Promise<void> | void) | null = null;
  url = '';
  private readonly server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<this> {
    this.url = await listen(this.server);
    return this;
  }

  stop(): Promise<void> {
    return close(this.server);
  }

  to(phone: string): SmsCall[] {
    return this.calls.filter((c) => c.to === phone);
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req)).toString('utf8')) as { to: string; text: string };
    const call: SmsCall = {
      at: Date.now(),
      path: req.url ?? '',
      key: (req.headers['idempotency-key'] as string | undefined) ?? null,
      authorization: req.headers.authorization ?? null,
      to: body.to,
      text: body.text,
    };
    this.calls.push(call);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const failure = this.failures.get(body.to);
    if (failure) {
      res.writeHead(failure, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `cannot deliver to ${body.to}` }));
      return;
    }
    if (call.key && !this.delivered.has(call.key)) this.delivered.set(call.key, { to: body.to, text: body.text });
    await this.onReceived?.(call);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
  }
}

export interface PushRequest {
  at: number;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A push service: records every request; answers 201, or the status set for a path. */
export class FakePushService {
  readonly requests: PushRequest[] = [];
  readonly statusFor = new Map<string, number>();
  url = '';
  private readonly server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<this> {
    this.url = await listen(this.server);
    return this;
  }

  stop(): Promise<void> {
    return close(this.server);
  }

  to(path: string): PushRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const path = req.url ?? '';
    this.requests.push({ at: Date.now(), path, headers: req.headers, body: await readBody(req) });
    res.writeHead(this.statusFor.get(path) ?? 201).end();
  }
}

/** What a browser makes when the patient allows notifications: keys, and the means to read what arrives. */
export function browserSubscription(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const uaPublic = ecdh.getPublicKey();
  return {
    subscription: { endpoint, expirationTime: null, keys: { p256dh: uaPublic.toString('base64url'), auth: auth.toString('base64url') } },
    /** RFC 8291 decryption of one aes128gcm record. */
    decrypt(body: Buffer): string {
      const salt = body.subarray(0, 16);
      const idlen = body[20]!;
      const asPublic = body.subarray(21, 21 + idlen);
      const record = body.subarray(21 + idlen);
      const secret = ecdh.computeSecret(asPublic);
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
      const ikm = Buffer.from(hkdfSync('sha256', secret, auth, keyInfo, 32));
      const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
      const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
      const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(record.subarray(record.length - 16));
      const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
      // The last record ends with the delimiter 2, then zero padding.
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) end--;
      if (padded[end] !== 2) throw new Error('bad padding delimiter');
      return padded.subarray(0, end).toString('utf8');
    },
  };
}
