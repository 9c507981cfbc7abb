// A local fake payment provider: it signs events the way a provider using
// the `signed` adapter does and delivers them to the webhook over real HTTP.
import { randomUUID } from 'node:crypto';
import { SIGNATURE_HEADER, signPayload } from '../server/billing/provider.ts';
import type { BillingEvent } from '../shared/saas.ts';

export interface Delivery {
  body: string;
  signature: string;
}

export class FakePaymentProvider {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  paymentSucceeded(clinicId: string, p: { amountMillimes?: number; months?: number; reference?: string } = {}): BillingEvent {
    return {
      id: `evt_${randomUUID()}`,
      type: 'payment.succeeded',
      clinicId,
      amountMillimes: p.amountMillimes ?? 50_000,
      months: p.months ?? 1,
      reference: p.reference ?? `ch_${randomUUID()}`,
    };
  }

  paymentFailed(clinicId: string): BillingEvent {
    return { id: `evt_${randomUUID()}`, type: 'payment.failed', clinicId, reference: `ch_${randomUUID()}` };
  }

  /** Signs at `atSeconds` (now by default); a wrong secret signs like an impostor. */
  sign(event: unknown, opts: { atSeconds?: number; secret?: string } = {}): Delivery {
    const body = JSON.stringify(event);
    return { body, signature: signPayload(opts.secret ?? this.secret, body, opts.atSeconds) };
  }

  // biome-ignore lint/suspicious/noExplicitAny: Tests read whatever JSON a route answers and assert on it; typing each body would restate the schemas.
  async deliver(d: Delivery, provider = 'signed'): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.baseUrl}/api/billing/webhook/${provider}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: d.signature },
      body: d.body,
    });
    return { status: res.status, body: await res.json() };
  }
}
