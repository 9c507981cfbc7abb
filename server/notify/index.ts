// Patient notifications, wired as one part: VAPID keys, the notifier that
// enqueues, and this instance's outbox worker. main.ts starts and stops it.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { Notifier } from './notifier.ts';
import { OutboxWorker, outboxDepth } from './outbox.ts';
import { HttpSmsProvider, SendError, WebPushSender } from './providers.ts';
import { loadVapidKeys } from './vapid.ts';
import { CloudApiSender } from './whatsapp.ts';
import { SERVER_KID, signTicketToken, ticketPath, type TicketGrant } from '../../shared/capability.ts';
import type { LinkBase } from '../http/origin.ts';
import { bookingPath, signBookingToken, type BookingGrant } from '../../shared/booking-link.ts';
import type { ClinicRun } from '../clinic-run.ts';
import { enqueueReminders } from './reminders.ts';

export interface Notifications {
  notifier: Notifier;
  /** Enqueues the appointment reminders due at `now` (the reminders job), and wakes this worker when there are. */
  remind(now?: number): Promise<ClinicRun>;
  worker: OutboxWorker;
  vapidPublicKey: string;
  /** Pending messages, for the metrics gauge. */
  depth(): Promise<number>;
  stop(): Promise<void>;
}

export type NotifyConfig = Pick<
  Config,
  | 'VAPID_PUBLIC_KEY'
  | 'VAPID_PRIVATE_KEY'
  | 'VAPID_SUBJECT'
  | 'SMS_PROVIDER_URL'
  | 'SMS_PROVIDER_TOKEN'
  | 'NOTIFY_AHEAD'
  | 'OUTBOX_MAX_ATTEMPTS'
  | 'OUTBOX_RETRY_BASE_MS'
  | 'PUSH_ALLOW_PRIVATE_ENDPOINTS'
  | 'WHATSAPP_TOKEN'
  | 'WHATSAPP_PHONE_NUMBER_ID'
  | 'WHATSAPP_API_BASE_URL'
  | 'WHATSAPP_API_VERSION'
  | 'WHATSAPP_TEMPLATE_PREFIX'
  | 'WHATSAPP_LANGUAGE_CODES'
>;

/**
 * What a "joined" message's ticket link is made of: the server's ticket key (as self check-in signs) and the
 * public address; and a reminder's booking link: the booking links' key (server/public/booking-auth.ts).
 */
export interface TicketLinks {
  serverKey: Uint8Array;
  bookingKey: Uint8Array;
  linkBase: LinkBase;
}

export async function startNotifications(db: Database, config: NotifyConfig, links: TicketLinks, log: Logger): Promise<Notifications> {
  const vapid = await loadVapidKeys(db, config);
  const sms = config.SMS_PROVIDER_URL ? new HttpSmsProvider(config.SMS_PROVIDER_URL, config.SMS_PROVIDER_TOKEN) : null;
  const whatsapp =
    config.WHATSAPP_TOKEN && config.WHATSAPP_PHONE_NUMBER_ID
      ? {
          sender: new CloudApiSender({
            baseUrl: config.WHATSAPP_API_BASE_URL,
            version: config.WHATSAPP_API_VERSION,
            phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID,
            token: config.WHATSAPP_TOKEN,
            templatePrefix: config.WHATSAPP_TEMPLATE_PREFIX,
            languageCodes: config.WHATSAPP_LANGUAGE_CODES,
          }),
          async ticketLink(g: TicketGrant) {
            const base = links.linkBase();
            // A link without an address would lead nowhere: wait until the server listens (retried, same key).
            if (!base) throw new SendError('no public address to build the ticket link on yet', true);
            return `${base}${ticketPath(await signTicketToken(g, SERVER_KID, links.serverKey))}`;
          },
        }
      : null;
  const push = new WebPushSender(vapid, { allowPrivate: config.PUSH_ALLOW_PRIVATE_ENDPOINTS });
  const bookingLink = async (g: BookingGrant) => {
    const base = links.linkBase();
    if (!base) throw new SendError('no public address to build the booking link on yet', true);
    return `${base}${bookingPath(await signBookingToken(g, links.bookingKey))}`;
  };
  const worker = new OutboxWorker(db, { push, sms, whatsapp, bookingLink }, log, {
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    retryBaseMs: config.OUTBOX_RETRY_BASE_MS,
  });
  const notifier = new Notifier(db, log, {
    ahead: config.NOTIFY_AHEAD,
    smsEnabled: sms !== null,
    whatsappEnabled: whatsapp !== null,
    onEnqueued: () => worker.wake(),
  });
  worker.start();
  const channels = { smsEnabled: sms !== null, whatsappEnabled: whatsapp !== null };
  return {
    notifier,
    worker,
    async remind(now = Date.now()) {
      const run = await enqueueReminders(db, channels, now);
      if (run.done > 0) worker.wake();
      return run;
    },
    vapidPublicKey: vapid.publicKey,
    depth: () => outboxDepth(db),
    async stop() {
      // Enqueue what the last commits call for, then let the worker finish its message.
      await notifier.stop();
      await worker.stop();
    },
  };
}
