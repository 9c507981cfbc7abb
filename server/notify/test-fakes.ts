// Test doubles on 127.0.0.1: an SMS provider that honours Idempotency-Key, the
// WhatsApp Cloud API (templates, idempotency, signed status webhooks),
// a push service, and a browser's push subscription that can decrypt what
// the push service received (RFC 8291, aes128gcm), to prove the payload is
// encrypted and says what it should.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDecipheriv, createECDH, createHmac, hkdfSync, randomBytes } from 'node:crypto';

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

export interface WhatsAppCall {
  at: number;
  key: string | null;
  to: string;
  template: string;
  language: string;
  parameters: string[];
  callbackData: string | null;
  /** The wamid answered (the first one again for a replayed key). */
  wamid: string;
}

/** The body parameters each approved template takes, as Meta checks them (error 132000 otherwise). */
const TEMPLATE_PARAMETERS: Record<string, number> = { joined: 4, next: 2, called: 3, cancelled: 2, remind_day: 3, remind_hour: 3 };

/**
 * The WhatsApp Business Cloud API as the tests see it: POST
 * /{version}/{phone number id}/messages with the bearer token, approved
 * templates only (name, language, parameter count checked), an answer with a
 * wamid; an Idempotency-Key is delivered once and a replay gets the first
 * wamid (see server/notify/whatsapp.ts for why). Status webhooks go to
 * `webhookUrl`, signed like Meta signs them (X-Hub-Signature-256).
 */
export class FakeWhatsAppCloud {
  readonly calls: WhatsAppCall[] = [];
  /** Idempotency key → the delivered message. */
  readonly delivered = new Map<string, WhatsAppCall>();
  /** Numbers (as received) refused with this status. */
  readonly failures = new Map<string, number>();
  delayMs = 0;
  /** Runs after the message is recorded and before the answer goes out. */
  onReceived: ((call: WhatsAppCall) => Promise<void> | void) | null = null;
  /** Where status webhooks are posted (the server's /api/whatsapp/webhook). */
  webhookUrl = '';
  url = '';
  private next = 1;
  private readonly server = createServer((req, res) => void this.handle(req, res));

  constructor(readonly o: { token: string; phoneNumberId: string; appSecret: string; version?: string; templatePrefix?: string }) {}

  async start(): Promise<this> {
    this.url = await listen(this.server);
    return this;
  }

  stop(): Promise<void> {
    return close(this.server);
  }

  to(phone: string): WhatsAppCall[] {
    return this.calls.filter((c) => c.to === phone);
  }

  /**
   * Posts a status of a delivered message to the webhook, signed with the
   * app secret (or `signature` as given, to test refusals); resolves with
   * the server's answer.
   */
  async report(
    call: WhatsAppCall,
    status: 'sent' | 'delivered' | 'read' | 'failed',
    opts: { signature?: string; withCallbackData?: boolean; at?: number } = {},
  ): Promise<{ status: number; body: unknown }> {
    const payload = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'waba-1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '21670000000', phone_number_id: this.o.phoneNumberId },
                statuses: [
                  {
                    id: call.wamid,
                    status,
                    timestamp: String(Math.floor((opts.at ?? Date.now()) / 1000)),
                    recipient_id: call.to,
                    ...(opts.withCallbackData === false || !call.callbackData ? {} : { biz_opaque_callback_data: call.callbackData }),
                    ...(status === 'failed' ? { errors: [{ code: 131026, title: 'Message undeliverable' }] } : {}),
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const signature = opts.signature ?? `sha256=${createHmac('sha256', this.o.appSecret).update(payload).digest('hex')}`;
    const res = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body: payload,
    });
    return { status: res.status, body: await res.json() };
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const raw = await readBody(req);
    if (req.method !== 'POST' || req.url !== `/${this.o.version ?? 'v21.0'}/${this.o.phoneNumberId}/messages`)
      return answer(404, { error: { message: 'Unknown path', code: 100 } });
    if (req.headers.authorization !== `Bearer ${this.o.token}`)
      return answer(401, { error: { message: 'Invalid OAuth access token', code: 190 } });
    let body: {
      messaging_product?: string;
      to?: string;
      type?: string;
      biz_opaque_callback_data?: string;
      template?: {
        name?: string;
        language?: { code?: string };
        components?: { type: string; parameters: { type: string; text: string }[] }[];
      };
    };
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(400, { error: { message: 'Invalid JSON', code: 100 } });
    }
    const prefix = this.o.templatePrefix ?? 'doctorq_';
    const kind = body.template?.name?.startsWith(prefix) ? body.template.name.slice(prefix.length) : '';
    const parameters = body.template?.components?.find((c) => c.type === 'body')?.parameters ?? [];
    if (
      body.messaging_product !== 'whatsapp' ||
      body.type !== 'template' ||
      !/^\d{8,15}$/.test(body.to ?? '') ||
      !['ar', 'fr', 'en'].includes(body.template?.language?.code ?? '')
    )
      return answer(400, { error: { message: 'Invalid parameter', code: 100 } });
    if (TEMPLATE_PARAMETERS[kind] !== parameters.length || parameters.some((p) => p.type !== 'text' || p.text === ''))
      return answer(400, { error: { message: 'Number of parameters does not match the expected number of params', code: 132000 } });
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const first = key ? this.delivered.get(key) : undefined;
    const call: WhatsAppCall = {
      at: Date.now(),
      key,
      to: body.to!,
      template: body.template!.name!,
      language: body.template!.language!.code!,
      parameters: parameters.map((p) => p.text),
      callbackData: body.biz_opaque_callback_data ?? null,
      wamid: first?.wamid ?? `wamid.FAKE${String(this.next++).padStart(8, '0')}`,
    };
    this.calls.push(call);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const failure = this.failures.get(call.to);
    if (failure) return answer(failure, { error: { message: `cannot deliver to ${call.to}`, code: 131026 } });
    if (key && !first) this.delivered.set(key, call);
    await this.onReceived?.(call);
    answer(200, { messaging_product: 'whatsapp', contacts: [{ input: call.to, wa_id: call.to }], messages: [{ id: call.wamid }] });
  }
}
