// Every setting comes from the environment, validated once at start with a
// message naming the variable. The README's configuration table mirrors this.
import { z } from 'zod';
import { DEFAULT_CLOSED_GRACE_DAYS } from '../shared/closing.ts';
import { DEFAULT_TIME_ZONE, TimeZone } from '../shared/schemas.ts';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** `ar:ar,fr:fr,en:en_US`: the WhatsApp template language code of each of our languages. */
const languageCodes = z
  .string()
  .regex(
    /^\s*(ar|fr|en)\s*:\s*[A-Za-z]{2,3}(_[A-Za-z]{2})?\s*(,\s*(ar|fr|en)\s*:\s*[A-Za-z]{2,3}(_[A-Za-z]{2})?\s*)*$/,
    'must be language:code pairs, e.g. ar:ar,fr:fr,en:en_US',
  )
  .transform((s) => Object.fromEntries(s.split(',').map((pair) => pair.split(':').map((x) => x.trim()))) as Record<string, string>)
  .refine((m) => Boolean(m.ar && m.fr && m.en), 'must give a code for each of ar, fr and en')
  .transform((m) => ({ ar: m.ar!, fr: m.fr!, en: m.en! }));

export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    DATA_DIR: z.string().default('./data/pglite'),
    /** The built client to serve; `npm start` builds it there when it is missing. */
    CLIENT_DIR: z.string().default('./dist'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    DEVICE_SESSION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    USER_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    CHECKIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(5),
    CHECKIN_RATE_LIMIT_PER_CLINIC: z.coerce.number().int().min(1).default(60),
    /** Ticket-page streams and check-in form loads per IP per minute. */
    PUBLIC_READ_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(240),
    /** Bookings the public booking page takes per clinic in 24 hours (the desk books without limit). */
    ONLINE_BOOKINGS_PER_CLINIC_PER_DAY: z.coerce.number().int().min(1).default(100),
    /** Instances with the same namespace share rate-limit counters (kept in Postgres). */
    RATE_LIMIT_NAMESPACE: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .default('doctorq'),
    DEMO: bool.default(true),
    /** The demo clinic's zone, for a demo far from Tunis (and browser tests that need mid-morning at any hour). */
    DEMO_TIME_ZONE: TimeZone.default(DEFAULT_TIME_ZONE),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PUBLIC_URL: z.url().optional(),
    TRUST_PROXY: z.string().default('loopback'),
    /** How often each instance erases expired personal data and prunes rate-limit windows. */
    HOUSEKEEPING_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
    /** Processes sharing the port; 0 = one per core. */
    WORKERS: z.union([z.literal('auto').transform(() => 0), z.coerce.number().int().min(1).max(64)]).default(1),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Web Push keys (base64url, as web-push generates them); unset: generated once and kept in the database. */
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{87}$/, 'must be a base64url P-256 public key')
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url P-256 private key')
      .optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:\/\/)\S+$/, 'must be a mailto: or https:// URL')
      .default('mailto:ops@doctorq.tn'),
    /** Generic HTTP SMS provider; unset: no SMS is ever enqueued. */
    SMS_PROVIDER_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    SMS_PROVIDER_TOKEN: z.string().min(1).optional(),
    /** WhatsApp Business Cloud API access token (a system user's); unset: no WhatsApp message is ever enqueued. */
    WHATSAPP_TOKEN: z.string().min(1).optional(),
    /** The Cloud API's id of the clinic-facing phone number (digits), the sender of every message. */
    WHATSAPP_PHONE_NUMBER_ID: z
      .string()
      .regex(/^\d{1,32}$/, 'must be the digits of the phone number id')
      .optional(),
    /** The Meta app's secret: the webhook's X-Hub-Signature-256 is checked with it. */
    WHATSAPP_APP_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** What the webhook's GET handshake must present as hub.verify_token (set the same in Meta's app dashboard). */
    WHATSAPP_VERIFY_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** The Graph API's address; a local fake Cloud API in tests. */
    WHATSAPP_API_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://graph.facebook.com'),
    WHATSAPP_API_VERSION: z
      .string()
      .regex(/^v\d{1,3}\.\d{1,3}$/, 'must be a Graph API version, e.g. v21.0')
      .default('v21.0'),
    /** Template names are this prefix and the kind of message: doctorq_joined, doctorq_next, doctorq_called, doctorq_cancelled. */
    WHATSAPP_TEMPLATE_PREFIX: z
      .string()
      .regex(/^[a-z0-9_]{0,400}$/, 'must be lower-case letters, digits and _')
      .default('doctorq_'),
    WHATSAPP_LANGUAGE_CODES: languageCodes.prefault('ar:ar,fr:fr,en:en'),
    /** Webhook requests per IP per minute (Meta sends a few per message). */
    WHATSAPP_WEBHOOK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /** Accept plain-http Web Push endpoints: for local test push services only. */
    PUSH_ALLOW_HTTP_ENDPOINTS: bool.default(false),
    /** Accept Web Push endpoints on loopback, private and link-local addresses: test push services only, never in production. */
    PUSH_ALLOW_PRIVATE_ENDPOINTS: bool.default(false),
    /** A waiting patient is told "almost your turn" when this many or fewer are ahead. */
    NOTIFY_AHEAD: z.coerce.number().int().min(0).max(20).default(1),
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
    /** First retry delay; doubled on each attempt up to 5 minutes. */
    OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(300_000).default(2000),
    /** SMTP relay of outgoing mail (verification, invitations, password resets); unset: mail waits in mail_outbox. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')
      .optional(),
    /** The sender of that mail, e.g. `DoctorQ <no-reply@q.example.tn>`. */
    MAIL_FROM: z
      .string()
      .regex(/^(?:[^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'must be an address, e.g. DoctorQ <no-reply@example.tn>')
      .optional(),
    /** Sign-ups per IP per hour. */
    SIGNUP_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(5),
    TRIAL_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    /** How long a device enrolment code works. */
    ENROL_CODE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    /** How often usage is computed for clinics whose data changed. */
    USAGE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    /** Operator portal sign-ins last this long (no refresh: sign in again). */
    OPERATOR_SESSION_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
    /** Days between a clinic's close and the deletion of what its close kept (docs/security.md, "Closing a clinic and personal data"). */
    CLOSED_CLINIC_GRACE_DAYS: z.coerce.number().int().min(0).max(3650).default(DEFAULT_CLOSED_GRACE_DAYS),
    /** Slow clients: the request line and headers must arrive within this. */
    HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
    /** The whole request, body included (a 1 MB push over a slow mobile link fits); never applies to a stream's response. */
    REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** An idle keep-alive connection is closed after this (above a load balancer's own idle timeout). */
    KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(65),
    /** Open connections per process (streams included); below the process's file-descriptor limit. */
    MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    /** Open connections per client address, 0 = no cap; connections from TRUST_PROXY's addresses are not capped (the proxy caps its clients). */
    MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(0).max(1_000_000).default(256),
    /** Streams one session (device, sign-in) or ticket link holds; a newer one replaces the oldest. */
    MAX_STREAMS_PER_SESSION: z.coerce.number().int().min(1).max(20).default(2),
    /** A reception with no stream open for longer: its patients' phones say the queue may be behind. */
    RECEPTION_SILENT_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
    /** Shared secret of the signed payment webhook (/api/billing/webhook/signed); unset: no provider. */
    PAYMENT_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .superRefine((c, ctx) => {
    if (c.HEADERS_TIMEOUT_SECONDS > c.REQUEST_TIMEOUT_SECONDS) {
      ctx.addIssue({ code: 'custom', path: ['HEADERS_TIMEOUT_SECONDS'], message: 'must not exceed REQUEST_TIMEOUT_SECONDS' });
    }
    if (Boolean(c.VAPID_PUBLIC_KEY) !== Boolean(c.VAPID_PRIVATE_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY'],
        message: 'set both VAPID keys or neither',
      });
    }
    if (c.WHATSAPP_TOKEN && !c.WHATSAPP_PHONE_NUMBER_ID)
      ctx.addIssue({ code: 'custom', path: ['WHATSAPP_PHONE_NUMBER_ID'], message: 'required with WHATSAPP_TOKEN (the sending number)' });
    if (c.WHATSAPP_TOKEN && !c.WHATSAPP_APP_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['WHATSAPP_APP_SECRET'],
        message: 'required with WHATSAPP_TOKEN (receipts are verified with it)',
      });
    if (c.SMTP_URL && !c.MAIL_FROM)
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'required with SMTP_URL (the sender address)' });
  });
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * Rules for a process started by `npm start` (not for servers a test or a
 * benchmark starts on a port it learns only once listening). Outside demo
 * mode every link in a mail or QR code is built on PUBLIC_URL: without it the
 * links would name whichever address the instance listens on, which patients
 * and owners cannot reach behind a proxy.
 */
export function requireDeployable(c: Config): void {
  if (!c.DEMO && !c.PUBLIC_URL)
    throw new ConfigError(
      'Invalid configuration:\n  PUBLIC_URL: required when DEMO=false (the https address patients and staff open; links in mails and QR codes are built on it)',
    );
}
