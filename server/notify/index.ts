// Patient notifications, wired as one part: VAPID keys, the notifier that
// enqueues, and this instance's outbox worker. main.ts starts and stops it.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { Notifier } from './notifier.ts';
import { OutboxWorker, outboxDepth } from './outbox.ts';
import { HttpSmsProvider, WebPushSender } from './providers.ts';
import { loadVapidKeys } from './vapid.ts';

export interface Notifications {
  notifier: Notifier;
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
>;

export async function startNotifications(db: Database, config: NotifyConfig, log: Logger): Promise<Notifications> {
  const vapid = await loadVapidKeys(db, config);
  const sms = config.SMS_PROVIDER_URL ? new HttpSmsProvider(config.SMS_PROVIDER_URL, config.SMS_PROVIDER_TOKEN) : null;
  const worker = new OutboxWorker(db, { push: new WebPushSender(vapid, { allowPrivate: config.PUSH_ALLOW_PRIVATE_ENDPOINTS }), sms }, log, {
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    retryBaseMs: config.OUTBOX_RETRY_BASE_MS,
  });
  const notifier = new Notifier(db, log, { ahead: config.NOTIFY_AHEAD, smsEnabled: sms !== null, onEnqueued: () => worker.wake() });
  worker.start();
  return {
    notifier,
    worker,
    vapidPublicKey: vapid.publicKey,
    depth: () => outboxDepth(db),
    async stop() {
      // Enqueue what the last commits call for, then let the worker finish its message.
      await notifier.stop();
      await worker.stop();
    },
  };
}
