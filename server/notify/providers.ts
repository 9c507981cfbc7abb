// How a message leaves: Web Push to the browser's push service, or SMS through
// a provider adapter. Every send carries the outbox id as its idempotency key,
// so a provider that honours it delivers once even when a worker crashed
// between the send and its commit and another worker sends again.
//
// Errors never carry the phone number, the endpoint or a provider's answer
// body (which may echo the number): they end up in last_error and the logs.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import webpush from 'web-push';
import type { VapidDetails } from './vapid.ts';
import { EndpointRefused, guardedLookup, refuseLiteral, type EndpointPolicy } from './endpoint-guard.ts';

/** A failed send. retry: worth trying again later; gone: the push subscription no longer exists. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly gone = false,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** Time allowed for one provider request. */
export const SEND_TIMEOUT_MS = 10_000;

export interface SmsMessage {
  id: string;
  to: string;
  text: string;
}

/** An SMS provider adapter. Resolves once the provider accepted the message; throws SendError otherwise. */
export interface SmsProvider {
  send(msg: SmsMessage): Promise<void>;
}

export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushMessage {
  id: string;
  target: PushTarget;
  payload: string;
  ttlSeconds: number;
}

export interface PushSender {
  send(msg: PushMessage): Promise<void>;
}

// Timeouts, rate limits and server errors pass; anything else the provider
// refused will be refused again.
const RETRYABLE_STATUS = new Set([408, 425, 429]);

export function statusError(what: string, status: number): SendError {
  return new SendError(`${what} answered ${status}`, status >= 500 || RETRYABLE_STATUS.has(status));
}

/** Network failures and timeouts: the message may or may not have arrived, so try again (same key). */
export function networkError(what: string, err: unknown): SendError {
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  return new SendError(`${what} unreachable (${e.cause?.code ?? e.code ?? e.name ?? 'error'})`, true);
}

/**
 * The generic HTTP provider: POST {to, text} as JSON with an Idempotency-Key
 * header and an optional bearer token. A 2xx is accepted.
 */
export class HttpSmsProvider implements SmsProvider {
  constructor(
    private readonly url: string,
    private readonly token?: string | undefined,
    private readonly timeoutMs = SEND_TIMEOUT_MS,
  ) {}

  async send(msg: SmsMessage): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': msg.id,
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify({ to: msg.to, text: msg.text }),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer();
    } catch (err) {
      throw networkError('sms provider', err);
    }
    if (!res.ok) throw statusError('sms provider', res.status);
  }
}

/**
 * Web Push (RFC 8030/8291/8292): web-push encrypts the payload (aes128gcm) and
 * signs the VAPID header; the request itself goes through node:http(s),
 * because web-push's own sendNotification speaks https only (this also
 * accepts http endpoints: local push services, tests) and because the
 * connection must go to the address the endpoint guard checked, which a
 * `lookup` of our own gives (fetch has no such hook without another package).
 */
export class WebPushSender implements PushSender {
  private readonly lookup: ReturnType<typeof guardedLookup>;

  constructor(
    private readonly vapid: VapidDetails,
    private readonly policy: EndpointPolicy = { allowPrivate: false },
    private readonly timeoutMs = SEND_TIMEOUT_MS,
  ) {
    this.lookup = guardedLookup(policy);
  }

  async send(msg: PushMessage): Promise<void> {
    let details: ReturnType<typeof webpush.generateRequestDetails>;
    try {
      details = webpush.generateRequestDetails(msg.target, msg.payload, {
        vapidDetails: this.vapid,
        TTL: msg.ttlSeconds,
        contentEncoding: 'aes128gcm',
        urgency: 'high',
        // The push service keeps only the latest undelivered message of a
        // topic: a phone that was offline gets "called", not also "next".
        topic: 'doctorq-queue',
      });
    } catch {
      // Bad keys in the subscription: it will never work.
      throw new SendError('push subscription keys rejected', false, true);
    }
    let status: number;
    try {
      status = await this.post(new URL(details.endpoint), details.headers, details.body ? Buffer.from(details.body) : null);
    } catch (err) {
      // An endpoint that points inside never becomes a push service: drop it.
      if (err instanceof EndpointRefused) throw new SendError(`push endpoint refused (${err.reason} address)`, false, true);
      throw networkError('push service', err);
    }
    if (status >= 200 && status < 300) return;
    // 404/410: the browser unsubscribed or the subscription expired.
    if (status === 404 || status === 410) throw new SendError(`push service answered ${status}`, false, true);
    throw statusError('push service', status);
  }

  /** One POST, no redirect followed, to an address the guard accepted; resolves with the status. */
  private post(url: URL, headers: Record<string, unknown>, body: Buffer | null): Promise<number> {
    refuseLiteral(url, this.policy);
    const out: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(headers)) out[k] = typeof v === 'number' ? v : String(v);
    out['content-length'] = body?.length ?? 0;
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', headers: out, lookup: this.lookup, signal: AbortSignal.timeout(this.timeoutMs) },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      // The lookup's refusal arrives here as the request's error, before any byte is sent.
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  }
}
