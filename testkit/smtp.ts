// A real SMTP server on 127.0.0.1 (smtp-server from npm) that keeps what it
// accepts: the mail tests send through nodemailer to it, exactly as a
// deployment sends to its relay. Plain SMTP (no STARTTLS, no AUTH): the
// transport and the protocol are real, only the relay is local.
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  /** RCPT TO of the envelope. */
  rcptTo: string[];
  headers: Map<string, string>;
  /** The text body, transfer encoding undone. */
  text: string;
}

/** Undoes quoted-printable (RFC 2045): soft line breaks and =XX bytes. */
function fromQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function parse(raw: string, rcptTo: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? fromQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return { rcptTo, headers, text };
}

export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  /** Recipients the server refuses at RCPT TO with this SMTP code (e.g. 550). */
  readonly refuse = new Map<string, number>();
  /** RCPT TO attempts per recipient, refused ones included. */
  readonly attempts = new Map<string, number>();
  url = '';
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const to = address.address.toLowerCase();
      this.attempts.set(to, (this.attempts.get(to) ?? 0) + 1);
      const code = this.refuse.get(to);
      if (!code) return callback();
      callback(Object.assign(new Error(`mailbox ${to} unavailable`), { responseCode: code }));
    },
    onData: (stream: SMTPServerDataStream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        this.mails.push(
          parse(
            Buffer.concat(chunks).toString('latin1'),
            session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          ),
        );
        callback();
      });
    },
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.rcptTo.includes(address.toLowerCase()));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
