// Web Push subscriptions, one per visit (clinic, entry): the ticket link that
// unlocks the entry is what authorises storing or removing it.
import { prepared, type Queryable } from '../db/database.ts';
import type { Language } from '../../shared/schemas.ts';
import type { PushTarget } from './providers.ts';

export interface StoredSubscription {
  target: PushTarget;
  lang: Language;
}

/** Stores the entry's subscription, replacing an earlier one (new browser key, other language). */
export async function saveSubscription(q: Queryable, clinicId: string, entryId: string, target: PushTarget, lang: Language): Promise<void> {
  await q.query(
    `INSERT INTO push_subscriptions (clinic_id, entry_id, endpoint, p256dh, auth, lang) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (clinic_id, entry_id) DO UPDATE
       SET endpoint = EXCLUDED.endpoint, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, lang = EXCLUDED.lang, updated_at = now()`,
    [clinicId, entryId, target.endpoint, target.keys.p256dh, target.keys.auth, lang],
  );
}

export async function deleteSubscription(q: Queryable, clinicId: string, entryId: string): Promise<void> {
  await q.query('DELETE FROM push_subscriptions WHERE clinic_id = $1 AND entry_id = $2', [clinicId, entryId]);
}

/** The subscriptions of some of a clinic's entries, by entry id. */
export async function subscriptionsOf(
  q: Queryable,
  clinicId: string,
  entryIds: readonly string[],
): Promise<Map<string, StoredSubscription>> {
  if (entryIds.length === 0) return new Map();
  const rows = await q.query<{ entry_id: string; endpoint: string; p256dh: string; auth: string; lang: Language }>(
    'SELECT entry_id, endpoint, p256dh, auth, lang FROM push_subscriptions WHERE clinic_id = $1 AND entry_id = ANY($2::text[])',
    [clinicId, entryIds],
  );
  return new Map(
    rows.map((r) => [r.entry_id, { target: { endpoint: r.endpoint, keys: { p256dh: r.p256dh, auth: r.auth } }, lang: r.lang }]),
  );
}

/**
 * Ticket links expire when the clinic's day ends, so a subscription older
 * than this cannot belong to a visit in today's queue.
 */
const SUBSCRIPTION_RELEVANT_HOURS = 48;

/** Runs after nearly every queue change (the notifier's first question): prepared once per connection. */
const RECENT_SUBSCRIPTION_SQL = prepared(
  `SELECT 1 FROM push_subscriptions WHERE clinic_id = $1 AND updated_at > now() - $2 * interval '1 hour' LIMIT 1`,
);

/** Whether anyone at the clinic subscribed recently (when not, and SMS is off, there is nobody to tell). */
export async function hasRecentSubscription(q: Queryable, clinicId: string): Promise<boolean> {
  const rows = await q.query(RECENT_SUBSCRIPTION_SQL, [clinicId, SUBSCRIPTION_RELEVANT_HOURS]);
  return rows.length > 0;
}
