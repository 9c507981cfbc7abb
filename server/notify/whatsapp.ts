// WhatsApp through the WhatsApp Business Cloud API: template messages (the
// only kind a business may start a conversation with), one template per kind
// of message, in the patient's language.
//
// Exactly once. The Cloud API has no idempotency key of its own: a request
// repeated after a crash between Meta accepting it and our commit is a
// second message. We send the outbox id as an Idempotency-Key header (a
// gateway in front of the API, or the tests' fake Cloud API, dedupes on it,
// as the SMS provider does) and as biz_opaque_callback_data, which Meta
// echoes in every status webhook: a receipt finds its outbox row even when
// the wamid never reached our database. Against Meta directly, the window
// for a double message is that crash, between the answer and the commit.
import { z } from 'zod';
import type { Language } from '../../shared/schemas.ts';
import type { NotificationKind } from './messages.ts';
import { networkError, SEND_TIMEOUT_MS, SendError, statusError } from './providers.ts';

export interface WhatsAppMessage {
  /** The outbox id: the idempotency key. */
  id: string;
  /** Echoed by Meta in the status webhooks: `<clinic id>/<outbox id>`. */
  callbackData: string;
  /** Digits with the country code (E.164 without the plus). */
  to: string;
  kind: NotificationKind;
  lang: Language;
  parameters: string[];
}

/** Resolves with the provider's message id (wamid) once the message was accepted; throws SendError otherwise. */
export interface WhatsAppSender {
  send(msg: WhatsAppMessage): Promise<string>;
}

export interface CloudApiOptions {
  /** https://graph.facebook.com, or a local fake in tests. */
  baseUrl: string;
  version: string;
  phoneNumberId: string;
  token: string;
  /** Template name of a kind: the prefix and the kind, e.g. doctorq_called. */
  templatePrefix: string;
  /** The template language code of each of our languages (e.g. en → en_US). */
  languageCodes: Record<Language, string>;
  timeoutMs?: number;
}

const Accepted = z.object({ messages: z.array(z.object({ id: z.string().min(1).max(256) })).min(1) });

export class CloudApiSender implements WhatsAppSender {
  constructor(private readonly o: CloudApiOptions) {}

  async send(msg: WhatsAppMessage): Promise<string> {
    const url = `${this.o.baseUrl.replace(/\/+$/, '')}/${this.o.version}/${encodeURIComponent(this.o.phoneNumberId)}/messages`;
    const body = {
      messaging_product: 'whatsapp',
      to: msg.to,
      type: 'template',
      biz_opaque_callback_data: msg.callbackData,
      template: {
        name: `${this.o.templatePrefix}${msg.kind}`,
        language: { code: this.o.languageCodes[msg.lang] },
        components: [{ type: 'body', parameters: msg.parameters.map((text) => ({ type: 'text', text })) }],
      },
    };
    let res: Response;
    let answer: unknown;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.o.token}`, 'idempotency-key': msg.id },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.o.timeoutMs ?? SEND_TIMEOUT_MS),
      });
      answer = res.ok ? await res.json().catch(() => null) : await res.arrayBuffer();
    } catch (err) {
      throw networkError('whatsapp cloud api', err);
    }
    if (!res.ok) throw statusError('whatsapp cloud api', res.status);
    const accepted = Accepted.safeParse(answer);
    // Accepted without saying so: try again with the same key rather than guess.
    if (!accepted.success) throw new SendError('whatsapp cloud api answered without a message id', true);
    return accepted.data.messages[0]!.id;
  }
}
