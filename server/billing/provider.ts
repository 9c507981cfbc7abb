// The payment-provider seam. An adapter verifies a webhook request (its
// signature over the raw body) and translates the provider's event into a
// BillingEvent; everything after that (idempotency, effects, audit) is ours
// and the same for every provider.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BillingEvent } from '../../shared/saas.ts';
import { jsonDepth, MAX_JSON_DEPTH } from '../http/json.ts';

export type VerifyOutcome = { ok: true; event: BillingEvent } | { ok: false; code: 'invalid_signature' | 'invalid_event'; message: string };

export interface PaymentProvider {
  /** The `:provider` of the webhook path, and the name kept with each payment. */
  readonly name: string;
  verify(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): VerifyOutcome;
}

export const SIGNATURE_HEADER = 'x-doctorq-signature';
/** A signed event older (or newer) than this is refused: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const mac = (secret: string, t: number, body: Buffer | string) => createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`: what a provider (or the tests' fake one) sends. */
export function signPayload(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${mac(secret, t, body)}`;
}

/**
 * The adapter for providers that sign with a shared secret in our format
 * (and the local fake provider of the tests). Its events are BillingEvents as they are.
 */
export class SignedWebhookProvider implements PaymentProvider {
  readonly name = 'signed';
  constructor(
    private readonly secret: string,
    private readonly now = () => Date.now(),
  ) {}

  verify(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): VerifyOutcome {
    const header = headers[SIGNATURE_HEADER];
    const m = typeof header === 'string' ? /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header) : null;
    if (!m) return { ok: false, code: 'invalid_signature', message: `missing or malformed ${SIGNATURE_HEADER} header` };
    const t = Number(m[1]);
    if (Math.abs(this.now() / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS)
      return { ok: false, code: 'invalid_signature', message: 'signature timestamp outside the tolerance' };
    const expected = Buffer.from(mac(this.secret, t, rawBody), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(m[2]!, 'hex')))
      return { ok: false, code: 'invalid_signature', message: 'signature does not match' };
    // Signed, but read by the same code as any body: the same depth bound.
    if (jsonDepth(rawBody, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { ok: false, code: 'invalid_event', message: 'body nests too deep' };
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { ok: false, code: 'invalid_event', message: 'body is not JSON' };
    }
    const event = BillingEvent.safeParse(json);
    return event.success ? { ok: true, event: event.data } : { ok: false, code: 'invalid_event', message: 'not a billing event' };
  }
}
