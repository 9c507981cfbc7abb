// Defect 14 of issue 14: a push subscription's endpoint is a URL a patient
// hands the server, which then connects to it. Endpoints whose host is (or
// resolves to) a loopback, private, link-local or otherwise non-public address
// are refused when the patient subscribes (422) and again at send time, where
// the connection goes to the address that was checked.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, eventually, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { signTicketToken } from '../../shared/capability.ts';
import { clinicDay } from '../../shared/tickets.ts';
import type { Entry } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';
import { FakePushService, browserSubscription } from '../notify/test-fakes.ts';
import { PUSH_BASE } from '../notify/routes.ts';
import { saveSubscription } from '../notify/subscriptions.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let strict: RunningServer;
let push: FakePushService;
beforeAll(async () => {
  db = await openTestDb();
  // Plain http stays allowed, so what is refused here is the address, not the scheme.
  strict = await startTestServer(db, { PUSH_ALLOW_HTTP_ENDPOINTS: 'true', PUSH_ALLOW_PRIVATE_ENDPOINTS: 'false' });
  push = await new FakePushService().start();
});
afterAll(async () => {
  await strict.close();
  await push.stop();
  await db.dispose();
});

const today = () => clinicDay(Date.now(), 'Africa/Tunis');

async function clinicWithTablet() {
  const clinic = await createClinic(db);
  const grant = await login(strict.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
  const key = new TextEncoder().encode(grant.device!.capabilityKey!);
  const ticketFor = (entryId: string) =>
    signTicketToken({ clinicId: clinic.id, entryId, day: today(), timeZone: 'Africa/Tunis' }, grant.device!.id, key);
  const entries: Entry[] = [];
  /** The next walk-in, made as the tablet makes it (its id is known before it reaches the server). */
  const next = (name: string): Entry => ({ ...walkIn(entries, clinic.id, name, { series: grant.device!.series }), day: today() });
  const add = async (e: Entry) => {
    const r = await api(strict.url, '/api/sync/v1/entries/push', { token: grant.accessToken, body: [{ newDocumentState: wire(e) }] });
    expect(r.status).toBe(200);
    entries.push(e);
  };
  return { clinic, ticketFor, next, add };
}

describe('push endpoints that reach inside (defect 14)', () => {
  it('when a patient subscribes with an endpoint on a loopback, private or link-local address, in any spelling, then 422 push_endpoint_refused and nothing is stored', async () => {
    const t = await clinicWithTablet();
    const entryId = `e-${randomUUID().slice(0, 8)}`;
    const token = await t.ticketFor(entryId);
    const port = new URL(push.url).port;
    const endpoints = [
      `${push.url}/direct`,
      `http://localhost:${port}/named`,
      `http://[::1]:${port}/v6`,
      `http://[::ffff:127.0.0.1]:${port}/mapped`,
      `http://2130706433:${port}/decimal`,
      `http://0.0.0.0:${port}/any`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/lan',
      'http://100.64.0.1/cgnat',
      'http://[fd00::1]/ula',
      'http://[fe80::1]/link',
    ];
    for (const endpoint of endpoints) {
      const r = await api(strict.url, `${PUSH_BASE}/subscription`, {
        token,
        body: { subscription: browserSubscription(endpoint).subscription, lang: 'fr' },
      });
      expect({ endpoint, status: r.status, code: r.body?.error?.code }).toEqual({ endpoint, status: 422, code: 'push_endpoint_refused' });
    }
    expect(await db.query('SELECT 1 FROM push_subscriptions WHERE clinic_id = $1', [t.clinic.id])).toHaveLength(0);
    expect(push.requests).toHaveLength(0);
  });

  it('when a stored endpoint resolves to loopback at send time, then nothing reaches it and the message fails without retry', async () => {
    const t = await clinicWithTablet();
    await t.add(t.next('Amel Trabelsi'));
    const mine = t.next('Karim Jaziri');
    const me = mine.id;
    const path = `/send-time/${randomUUID()}`;
    // As if the name had resolved to a public address when the patient subscribed: DNS can change.
    const { subscription } = browserSubscription(`http://localhost:${new URL(push.url).port}${path}`);
    await saveSubscription(db, t.clinic.id, me, { endpoint: subscription.endpoint, keys: subscription.keys }, 'en');
    await t.add(mine); // one ahead: "almost your turn" is due
    const row = await eventually(async () => {
      const [r] = await db.query<{ status: string; attempts: number; last_error: string }>(
        `SELECT status, attempts, last_error FROM outbox WHERE clinic_id = $1 AND entry_id = $2 AND channel = 'push'`,
        [t.clinic.id, me],
      );
      expect(r?.status).toBe('failed');
      return r!;
    });
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/loopback/);
    expect(push.to(path)).toHaveLength(0);
    // A subscription that points inside is dropped, like one the push service says is gone.
    expect(await db.query('SELECT 1 FROM push_subscriptions WHERE clinic_id = $1 AND entry_id = $2', [t.clinic.id, me])).toHaveLength(0);
  });
});
