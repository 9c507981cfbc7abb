// Web Push: a patient opts in with their ticket link; the tablet calls
// patients; the push service (a local fake) receives encrypted, VAPID-signed
// messages. Real server, real database, real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { api, createClinic, eventually, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { notificationsSettled, reportedChanges } from '../../testkit/notifications.ts';
import { signTicketToken, PATIENT_AUDIENCE } from '../../shared/capability.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { callNext } from '../../shared/queue.ts';
import type { Entry } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';
import { FakePushService, browserSubscription } from './test-fakes.ts';
import { PUSH_BASE } from './routes.ts';
import type { PushPayload } from './messages.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let push: FakePushService;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  push = await new FakePushService().start();
});
afterAll(async () => {
  await server.close();
  await push.stop();
  await db.dispose();
});

const SUBSCRIPTION = `${PUSH_BASE}/subscription`;
const today = () => clinicDay(Date.now(), 'Africa/Tunis');

async function clinicWithTablet(srv = server) {
  const clinic = await createClinic(db);
  const grant = await login(srv.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
  const key = new TextEncoder().encode(grant.device!.capabilityKey!);
  const ticketFor = (entryId: string, day = today()) =>
    signTicketToken({ clinicId: clinic.id, entryId, day, timeZone: 'Africa/Tunis' }, grant.device!.id, key);
  const entries: Entry[] = [];
  const add = async (name: string) => {
    const e = { ...walkIn(entries, clinic.id, name, { series: grant.device!.series }), day: today() };
    const r = await api(srv.url, '/api/sync/v1/entries/push', { token: grant.accessToken, body: [{ newDocumentState: wire(e) }] });
    expect(r.status).toBe(200);
    entries.push(e);
    return e;
  };
  /** The tablet's "call next" for doctor 1, pushed like the tablet pushes it. */
  const callNextPatient = async () => {
    const changed = callNext(entries, 'doc-1', Date.now());
    const r = await api(srv.url, '/api/sync/v1/entries/push', {
      token: grant.accessToken,
      body: changed.map((c) => ({ assumedMasterState: wire(entries.find((e) => e.id === c.id)!), newDocumentState: wire(c) })),
    });
    expect(r.body).toMatchObject({ conflicts: [] });
    for (const c of changed) entries[entries.findIndex((e) => e.id === c.id)] = c;
  };
  return { clinic, grant, ticketFor, entries, add, callNextPatient };
}

const outboxOf = (clinicId: string) =>
  db.query<{ entry_id: string; kind: string; channel: string; status: string; attempts: number; last_error: string | null }>(
    'SELECT entry_id, kind, channel, status, attempts, last_error FROM outbox WHERE clinic_id = $1 ORDER BY created_at',
    [clinicId],
  );

describe('web push', () => {
  it('when a subscribed patient becomes next and is then called, then the push service receives one encrypted, VAPID-signed message for each', async () => {
    const t = await clinicWithTablet();
    const heard = reportedChanges(server, t.clinic.id);
    const names = ['Amel Trabelsi', 'Karim Jaziri', 'Sonia Ben Salah'];
    for (const n of names) await t.add(n);
    const me = t.entries[2]!;
    const token = await t.ticketFor(me.id);
    const key = await api(server.url, `${PUSH_BASE}/key`, { token });
    expect(key.status).toBe(200);
    expect(key.body.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);

    const path = `/push/${randomUUID()}`;
    const browser = browserSubscription(push.url + path);
    const sub = await api(server.url, SUBSCRIPTION, { token, body: { subscription: browser.subscription, lang: 'en' } });
    expect(sub.status).toBe(201);
    // Three registrations and the subscription: heard, evaluated, nothing sent (two ahead).
    await notificationsSettled(server, t.clinic.id, heard + 4);
    expect(push.to(path)).toHaveLength(0);

    await t.callNextPatient(); // one ahead
    await eventually(() => expect(push.to(path)).toHaveLength(1));
    let calls = reportedChanges(server, t.clinic.id);
    await t.callNextPatient(); // none ahead: still "next", already told
    await notificationsSettled(server, t.clinic.id, ++calls);
    expect(push.to(path)).toHaveLength(1);
    await t.callNextPatient(); // called, to doctor 1's room
    await eventually(() => expect(push.to(path)).toHaveLength(2));
    await notificationsSettled(server, t.clinic.id, ++calls);
    expect(push.to(path)).toHaveLength(2);

    const [next, called] = push.to(path).map((r) => {
      expect(r.headers['content-encoding']).toBe('aes128gcm');
      expect(r.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${key.body.publicKey}$`));
      expect(Number(r.headers.ttl)).toBeGreaterThan(0);
      const plaintext = browser.decrypt(r.body);
      expect(r.body.includes(Buffer.from(me.ticket))).toBe(false);
      expect(r.body.includes(Buffer.from(plaintext))).toBe(false);
      return JSON.parse(plaintext) as PushPayload;
    });
    const clinicName = `Clinic ${t.clinic.id.slice(0, 8)}`;
    expect(next).toMatchObject({
      v: 1,
      kind: 'next',
      text: `${clinicName}: ticket ${me.ticket}, it is almost your turn. Please stay nearby.`,
    });
    expect(called).toMatchObject({
      v: 1,
      kind: 'called',
      text: `${clinicName}: ticket ${me.ticket}, it is your turn. Please go to room 1.`,
    });
    for (const n of names) expect(JSON.stringify([next, called])).not.toContain(n);

    const rows = (await outboxOf(t.clinic.id)).filter((r) => r.entry_id === me.id);
    expect(rows.map((r) => [r.kind, r.channel, r.status, r.attempts])).toEqual([
      ['next', 'push', 'sent', 1],
      ['called', 'push', 'sent', 1],
    ]);
  });

  it('when the push service says the subscription is gone (410), then it is deleted and the message fails without retry', async () => {
    const t = await clinicWithTablet();
    const me = await t.add('Gone Patient');
    const path = `/gone/${randomUUID()}`;
    push.statusFor.set(path, 410);
    const r = await api(server.url, SUBSCRIPTION, {
      token: await t.ticketFor(me.id),
      body: { subscription: browserSubscription(push.url + path).subscription, lang: 'fr' },
    });
    expect(r.status).toBe(201);
    // Alone in the queue: next at once, triggered by the subscription itself.
    await eventually(async () =>
      expect((await outboxOf(t.clinic.id))[0]).toMatchObject({ status: 'failed', attempts: 1, last_error: 'push service answered 410' }),
    );
    expect(push.to(path)).toHaveLength(1);
    expect(await db.query('SELECT 1 FROM push_subscriptions WHERE clinic_id = $1', [t.clinic.id])).toHaveLength(0);
  });

  it('when a patient subscribes again, then the new subscription replaces the old; unsubscribing removes it', async () => {
    const t = await clinicWithTablet();
    for (let i = 0; i < 4; i++) await t.add(`Patient ${i}`);
    const me = t.entries[3]!;
    const token = await t.ticketFor(me.id);
    for (const lang of ['fr', 'ar'] as const) {
      const r = await api(server.url, SUBSCRIPTION, {
        token,
        body: { subscription: browserSubscription(`${push.url}/${lang}`).subscription, lang },
      });
      expect(r.status).toBe(201);
    }
    const rows = await db.query<{ entry_id: string; endpoint: string; lang: string }>(
      'SELECT entry_id, endpoint, lang FROM push_subscriptions WHERE clinic_id = $1',
      [t.clinic.id],
    );
    expect(rows).toEqual([{ entry_id: me.id, endpoint: `${push.url}/ar`, lang: 'ar' }]);
    const del = await api(server.url, SUBSCRIPTION, { method: 'DELETE', token });
    expect(del.status).toBe(204);
    expect(await db.query('SELECT 1 FROM push_subscriptions WHERE clinic_id = $1', [t.clinic.id])).toHaveLength(0);
    expect((await api(server.url, SUBSCRIPTION, { method: 'DELETE', token })).status).toBe(204);
  });
});

describe('who may subscribe', () => {
  it("when the ticket link is missing, tampered, expired, a staff token, or signed by another clinic's device, then 401 and nothing stored", async () => {
    const a = await clinicWithTablet();
    const b = await clinicWithTablet();
    const good = await a.ticketFor('entry-x');
    const [h, p, sig] = good.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const otherEntry = `${h}.${Buffer.from(JSON.stringify({ ...payload, eid: 'entry-y' })).toString('base64url')}.${sig}`;
    const yesterday = await a.ticketFor('entry-x', '2020-01-01');
    // Clinic B's tablet signs a link claiming an entry of clinic A.
    const forged = await new SignJWT({ cid: a.clinic.id, eid: 'entry-x' })
      .setProtectedHeader({ alg: 'HS256', kid: b.grant.device!.id })
      .setAudience(PATIENT_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(b.grant.device!.capabilityKey!));
    const body = { subscription: browserSubscription(`${push.url}/x`).subscription, lang: 'fr' };
    const cases = [
      [undefined, 'unauthenticated'],
      [otherEntry, 'unauthenticated'],
      [yesterday, 'token_expired'],
      [forged, 'unauthenticated'],
      [a.grant.accessToken, 'unauthenticated'],
    ] as const;
    for (const [token, code] of cases) {
      for (const method of ['POST', 'DELETE']) {
        const r = await api(server.url, SUBSCRIPTION, { method, ...(token ? { token } : {}), ...(method === 'POST' ? { body } : {}) });
        expect({ method, status: r.status, code: r.body.error.code }).toEqual({ method, status: 401, code });
      }
      expect((await api(server.url, `${PUSH_BASE}/key`, token ? { token } : {})).status).toBe(401);
    }
    expect(await db.query('SELECT 1 FROM push_subscriptions WHERE clinic_id IN ($1, $2)', [a.clinic.id, b.clinic.id])).toHaveLength(0);
  });

  it("when a patient unsubscribes, then only their own entry's subscription goes", async () => {
    const t = await clinicWithTablet();
    const [x, y] = [await t.add('X Patient'), await t.add('Y Patient')];
    await api(server.url, SUBSCRIPTION, {
      token: await t.ticketFor(x.id),
      body: { subscription: browserSubscription(`${push.url}/x`).subscription, lang: 'fr' },
    });
    expect((await api(server.url, SUBSCRIPTION, { method: 'DELETE', token: await t.ticketFor(y.id) })).status).toBe(204);
    const rows = await db.query<{ entry_id: string }>('SELECT entry_id FROM push_subscriptions WHERE clinic_id = $1', [t.clinic.id]);
    expect(rows).toEqual([{ entry_id: x.id }]);
  });

  it('when the body is malformed, then 400 with the one error shape and nothing stored', async () => {
    const t = await clinicWithTablet();
    const token = await t.ticketFor('entry-bad');
    const ok = browserSubscription(`${push.url}/ok`).subscription;
    const bodies: unknown[] = [
      {},
      { subscription: ok },
      { subscription: ok, lang: 'de' },
      { subscription: { ...ok, endpoint: 'ftp://push.example/x' }, lang: 'fr' },
      { subscription: { ...ok, endpoint: 'not a url' }, lang: 'fr' },
      { subscription: { ...ok, endpoint: `https://push.example/${'a'.repeat(3000)}` }, lang: 'fr' },
      { subscription: { ...ok, keys: { ...ok.keys, p256dh: ok.keys.p256dh.slice(10) } }, lang: 'fr' },
      { subscription: { ...ok, keys: { ...ok.keys, auth: 'not base64!' } }, lang: 'fr' },
      { subscription: { endpoint: ok.endpoint }, lang: 'fr' },
    ];
    for (const body of bodies) {
      const r = await api(server.url, SUBSCRIPTION, { token, body });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: { code: 'invalid_body', message: 'invalid request body', issues: expect.any(Array) } });
      expect(r.body.error.issues.length).toBeGreaterThan(0);
    }
    const notJson = await api(server.url, SUBSCRIPTION, { token, body: '{"subscription":' });
    expect({ status: notJson.status, code: notJson.body.error.code }).toEqual({ status: 400, code: 'invalid_json' });
    expect(await db.query('SELECT 1 FROM push_subscriptions WHERE clinic_id = $1', [t.clinic.id])).toHaveLength(0);
  });

  it('when subscriptions flood past the per-IP limit, then 429 with the error shape', async () => {
    const limited = await startTestServer(db, { CHECKIN_RATE_LIMIT_PER_IP: '2' });
    try {
      const t = await clinicWithTablet(limited);
      const token = await t.ticketFor('entry-flood');
      const body = { subscription: browserSubscription(`${push.url}/flood`).subscription, lang: 'fr' };
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await api(limited.url, SUBSCRIPTION, { token, body })).status);
      expect(codes).toEqual([201, 201, 429, 429]);
      const r = await api(limited.url, SUBSCRIPTION, { token, body });
      expect(r.body.error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});

describe('push endpoints', () => {
  it('when not configured for local testing, then a plain-http endpoint is refused (the server must not be made to call arbitrary addresses)', async () => {
    const strict = await startTestServer(db, { PUSH_ALLOW_HTTP_ENDPOINTS: 'false' });
    try {
      const t = await clinicWithTablet(strict);
      const token = await t.ticketFor('entry-http');
      const r = await api(strict.url, SUBSCRIPTION, {
        token,
        body: { subscription: browserSubscription('http://127.0.0.1:9/internal').subscription, lang: 'fr' },
      });
      expect({ status: r.status, code: r.body.error.code }).toEqual({ status: 400, code: 'invalid_body' });
      const ok = await api(strict.url, SUBSCRIPTION, {
        token,
        body: { subscription: browserSubscription('https://push.example.test/x').subscription, lang: 'fr' },
      });
      expect(ok.status).toBe(201);
    } finally {
      await strict.close();
    }
  });
});

describe('observability', () => {
  it('when /metrics is scraped, then the outbox depth gauge is there', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^doctorq_outbox_depth \d+$/m);
  });
});
