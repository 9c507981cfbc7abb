// How a mail leaves: SMTP through nodemailer, to the relay named by SMTP_URL
// (smtp:// with STARTTLS when the relay offers it, smtps:// for implicit
// TLS; credentials in the URL). Errors keep the SMTP status and nodemailer's
// error code only: a relay's answer text often echoes the recipient address,
// and last_error and the logs must not carry it.
import nodemailer, { type Transporter } from 'nodemailer';
import { SEND_TIMEOUT_MS, SendError } from '../notify/providers.ts';

export interface OutgoingMail {
  /** The Message-ID, the same on every send of one queued mail. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Resolves once the relay accepted the message; throws SendError otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The domain Message-IDs are made in: the sender's own. */
export const domainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'doctorq.invalid';

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs = SEND_TIMEOUT_MS,
  ) {
    this.transport = nodemailer.createTransport({
      url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // nodemailer logs nothing unless given a logger: keep it so (addresses).
      logger: false,
      debug: false,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        // Automatic mail: no out-of-office replies to it.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (err) {
      const e = err as { responseCode?: number; code?: string; name?: string };
      const what = e.responseCode ? `smtp relay answered ${e.responseCode}` : 'smtp relay unreachable';
      // Every failure is retried (the caller counts attempts): a 4xx is
      // temporary by definition, and a 5xx from a relay is often its
      // configuration (authentication, a sender not yet allowed) being fixed.
      throw new SendError(`${what} (${e.code ?? e.name ?? 'error'})`, true);
    }
  }

  close(): void {
    this.transport.close();
  }
}
