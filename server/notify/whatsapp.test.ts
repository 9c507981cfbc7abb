// WhatsApp through the outbox, against a local fake of the Cloud API
// (test-fakes.ts): templates, idempotency keys, signed status webhooks. Real
// server, real database, real workers and sender. Only this file's servers
// and workers send WhatsApp (others run without WHATSAPP_TOKEN and leave the
// rows alone), so the fake's calls are this file's own; none of them sends
// SMS, whose rows belong to sms.test.ts.
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { api, createClinic, eventually, login, openTestDb, pushDocs, startTestServer, usingPostgres } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { notificationsSettled, reportedChanges } from '../../testkit/notifications.ts';
import { callNext, cancel, markNoShow, recall } from '../../shared/queue.ts';
import { clinicDay } from '../../shared/tickets.ts';
import type { Entry } from '../../shared/schemas.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { RunningServer } from '../main.ts';
import { FakeWhatsAppCloud, type WhatsAppCall } from './test-fakes.ts';
import { OutboxWorker, enqueue, type OutboxWorkerOptions, type WhatsAppChannel } from './outbox.ts';
import { CloudApiSender, type WhatsAppSender } from './whatsapp.ts';
import { PUSH_BASE } from './routes.ts';
import { WHATSAPP_BASE } from './whatsapp-webhook.ts';

const TOKEN = 'whatsapp-access-token-of-the-tests';
const PHONE_NUMBER_ID = '106540352242922';
const APP_SECRET = 'whatsapp-app-secret-of-the-tests';
const VERIFY_TOKEN = 'whatsapp-verify-token-of-the-tests';
const WEBHOOK = `${WHATSAPP_BASE}/webhook`;

let db: Awaited<ReturnType<typeof openTestDb>>;
let cloud: FakeWhatsAppCloud;
beforeAll(async () => {
  db = await openTestDb();
  cloud = await new FakeWhatsAppCloud({ token: TOKEN, phoneNumberId: PHONE_NUMBER_ID, appSecret: APP_SECRET }).start();
});
afterAll(async () => {
  await cloud.stop();
  await db.dispose();
});

const silent = pino({ level: 'silent' });
const today = () => clinicDay(Date.now(), 'Africa/Tunis');
const FAST: OutboxWorkerOptions = { pollMs: 10, retryBaseMs: 40, maxAttempts: 4 };
const whatsappEnv = () => ({
  WHATSAPP_TOKEN: TOKEN,
  WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
  WHATSAPP_APP_SECRET: APP_SECRET,
  WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
  WHATSAPP_API_BASE_URL: cloud.url,
});

type Row = {
  id: string;
  entry_id: string;
  kind: string;
  channel: string;
  status: string;
  attempts: number;
  last_error: string | null;
  target: unknown;
  provider_id: string | null;
  receipt: string | null;
  delivered_at: Date | null;
  read_at: Date | null;
};
const outboxOf = (clinicId: string) =>
  db.query<Row>(
    `SELECT id, entry_id, kind, channel, status, attempts, last_error, target, provider_id, receipt, delivered_at, read_at
       FROM outbox WHERE clinic_id = $1 ORDER BY created_at, entry_id, kind`,
    [clinicId],
  );

/** A clinic, a reception tablet, and the tablet's register / call next / push of a changed entry. */
async function clinicWithTablet(server: RunningServer) {
  const clinic = await createClinic(db);
  const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
  const entries: Entry[] = [];
  const write = async (changed: Entry[]) => {
    const r = await api(server.url, '/api/sync/v1/entries/push', {
      token: grant.accessToken,
      body: changed.map((c) => {
        const before = entries.find((e) => e.id === c.id);
        return before ? { assumedMasterState: wire(before), newDocumentState: wire(c) } : { newDocumentState: wire(c) };
      }),
    });
    expect(r.body).toMatchObject({ conflicts: [] });
    for (const c of changed) {
      const i = entries.findIndex((e) => e.id === c.id);
      if (i < 0) entries.push(c);
      else entries[i] = c;
    }
  };
  const add = async (name: string, over: Partial<Entry>) => {
    const e = { ...walkIn(entries, clinic.id, name, { series: grant.device!.series }), day: today(), ...over };
    await write([e]);
    return e;
  };
  const entry = (id: string) => entries.find((e) => e.id === id)!;
  return { clinic, entries, write, add, entry, callNext: () => write(callNext(entries, 'doc-1', Date.now())) };
}

const byTemplate = (calls: WhatsAppCall[]) => [...calls].sort((a, b) => a.at - b.at || a.template.localeCompare(b.template));

describe('WhatsApp messages through the server', () => {
  it('when opted-in patients join, move up, are called, recalled and cancelled, then each hears each message once, in their language, and the others none', async () => {
    const server = await startTestServer(db, whatsappEnv());
    try {
      const t = await clinicWithTablet(server);
      const heard = reportedChanges(server, t.clinic.id);
      const amel = await t.add('Amel Trabelsi', { phone: '+216 20 000 101', whatsapp: true, language: 'en' });
      const karim = await t.add('Karim Jaziri', { phone: '+216 20 000 102', whatsapp: false, language: 'fr' });
      const sonia = await t.add('Sonia Ben Salah', { phone: '+216 20 000 103', whatsapp: true, language: 'ar' });
      const noPhone = await t.add('Hedi Gharbi', { phone: null, whatsapp: true, language: 'fr' });
      await notificationsSettled(server, t.clinic.id, heard + 4);

      const clinicName = `Clinic ${t.clinic.id.slice(0, 8)}`;
      const amels = () => byTemplate(cloud.to('21620000101'));
      const sonias = () => byTemplate(cloud.to('21620000103'));
      // First in the queue: joined and "almost your turn" at once.
      expect(amels().map((c) => [c.template, c.language])).toEqual([
        ['doctorq_joined', 'en'],
        ['doctorq_next', 'en'],
      ]);
      const [joined] = amels();
      expect(joined!.parameters.slice(0, 3)).toEqual([clinicName, amel.ticket, expect.stringMatching(/^\d+–\d+$/)]);
      // The link works: the ticket page's own API accepts its token.
      const link = joined!.parameters[3]!;
      expect(link.startsWith(`${server.url}/patient.html#t=`)).toBe(true);
      expect((await api(server.url, `${PUSH_BASE}/key`, { token: link.split('#t=')[1]! })).status).toBe(200);
      // Two ahead: joined only (with the longer wait), in Arabic.
      expect(sonias().map((c) => [c.template, c.language])).toEqual([['doctorq_joined', 'ar']]);
      // Not opted in, or no phone: no WhatsApp.
      expect(cloud.calls.filter((c) => c.to === '21620000102')).toEqual([]);
      expect((await outboxOf(t.clinic.id)).filter((r) => r.entry_id === karim.id || r.entry_id === noPhone.id)).toEqual([]);

      // Called to room 1; Sonia moves up to one ahead.
      await t.callNext();
      await eventually(() => expect(amels().map((c) => c.template)).toContain('doctorq_called'));
      expect(amels().at(-1)!.parameters).toEqual([clinicName, amel.ticket, '1']);
      await eventually(() => expect(sonias().map((c) => c.template)).toEqual(['doctorq_joined', 'doctorq_next']));

      // Amel missed the call, is recalled, and called again: told again.
      const missed = markNoShow(t.entry(amel.id), Date.now())!;
      await t.write([missed]);
      await t.write([recall(missed, t.entries, Date.now())!]);
      for (let i = 0; i < 3 && t.entry(amel.id).status !== 'called'; i++) await t.callNext();
      expect(t.entry(amel.id).status).toBe('called');
      await eventually(() => expect(amels().filter((c) => c.template === 'doctorq_called')).toHaveLength(2));

      // Sonia cancels (at the desk).
      const before = reportedChanges(server, t.clinic.id);
      await t.write([cancel(t.entry(sonia.id), 'left', Date.now())!]);
      await eventually(() => expect(sonias().map((c) => c.template)).toContain('doctorq_cancelled'));
      await notificationsSettled(server, t.clinic.id, before + 1);

      // Once each: one request per message (no retry was needed), each its own key, all sent.
      const calls = [...amels(), ...sonias()];
      expect(new Set(calls.map((c) => c.key)).size).toBe(calls.length);
      expect(amels().map((c) => c.template)).toEqual(['doctorq_joined', 'doctorq_next', 'doctorq_called', 'doctorq_called']);
      expect(sonias().map((c) => c.template)).toEqual(['doctorq_joined', 'doctorq_next', 'doctorq_cancelled']);
      const rows = (await outboxOf(t.clinic.id)).filter((r) => r.channel === 'whatsapp');
      expect(rows).toHaveLength(calls.length);
      for (const r of rows) {
        expect(r).toMatchObject({ status: 'sent', target: {}, attempts: 1 });
        expect(r.provider_id).toBe(calls.find((c) => c.key === r.id)!.wamid);
      }
      // The outbox keeps no phone, no name and no ticket link.
      const kept = JSON.stringify(await db.query('SELECT * FROM outbox WHERE clinic_id = $1', [t.clinic.id]));
      // Whole numbers, in both spellings: three digits alone turn up in ids and times.
      for (const secret of ['20 000 101', '20000101', '20 000 103', '20000103', 'Amel', 'Sonia', 'patient.html'])
        expect(kept).not.toContain(secret);
    } finally {
      await server.close();
    }
  });
});

describe('WhatsApp opt-in on the check-in form', () => {
  it('when a patient checks in with the opt-in and their language, then the entry records both and "joined" comes in that language; without the opt-in, nothing', async () => {
    const server = await startTestServer(db, whatsappEnv());
    try {
      const clinic = await createClinic(db);
      const heard = reportedChanges(server, clinic.id);
      const checkIn = (body: object) => api(server.url, `/api/checkin/v1/${clinic.id}`, { body: { requestId: randomUUID(), ...body } });
      const yes = await checkIn({ name: 'Nour Hamdi', phone: '+216 20 000 201', whatsapp: true, language: 'ar' });
      const no = await checkIn({ name: 'Sami Belhaj', phone: '+216 20 000 202', language: 'en' });
      expect([yes.status, no.status]).toEqual([201, 201]);
      await notificationsSettled(server, clinic.id, heard + 2);
      const [stored] = await db.query<{ data: Entry }>(
        `SELECT data FROM docs WHERE clinic_id = $1 AND collection = 'entries' AND id = $2`,
        [clinic.id, yes.body.entryId],
      );
      expect(stored!.data).toMatchObject({ whatsapp: true, language: 'ar' });
      expect(cloud.to('21620000201').map((c) => [c.template, c.language])).toEqual([
        ['doctorq_joined', 'ar'],
        ['doctorq_next', 'ar'],
      ]);
      expect(cloud.to('21620000202')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('the WhatsApp webhook', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer(db, whatsappEnv());
    cloud.webhookUrl = server.url + WEBHOOK;
  });
  afterAll(async () => {
    await server.close();
  });

  /** One patient alone in the queue: a joined and a next message, sent. */
  async function sentMessages() {
    const t = await clinicWithTablet(server);
    const phone = `+216 5${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const e = await t.add('Receipt Patient', { phone, whatsapp: true, language: 'fr' });
    const to = phone.replace(/\D/g, '');
    await eventually(() => expect(cloud.to(to)).toHaveLength(2));
    await eventually(async () => expect((await outboxOf(t.clinic.id)).every((r) => r.status === 'sent')).toBe(true));
    const [joined, next] = byTemplate(cloud.to(to));
    const row = async (call: WhatsAppCall) => (await outboxOf(t.clinic.id)).find((r) => r.id === call.key)!;
    return { t, e, joined: joined!, next: next!, row };
  }

  it('when Meta reports delivered then read, then both are recorded, and a late "delivered" does not undo "read"', async () => {
    const { joined, row } = await sentMessages();
    const deliveredAt = Date.now() - 5000;
    expect(await cloud.report(joined, 'sent')).toEqual({ status: 200, body: { received: 1, recorded: 1 } });
    expect(await cloud.report(joined, 'delivered', { at: deliveredAt })).toEqual({ status: 200, body: { received: 1, recorded: 1 } });
    expect(await row(joined)).toMatchObject({ receipt: 'delivered', read_at: null });
    expect((await row(joined)).delivered_at!.getTime()).toBe(Math.floor(deliveredAt / 1000) * 1000);
    expect(await cloud.report(joined, 'read')).toEqual({ status: 200, body: { received: 1, recorded: 1 } });
    expect(await cloud.report(joined, 'delivered')).toEqual({ status: 200, body: { received: 1, recorded: 0 } });
    const r = await row(joined);
    expect(r).toMatchObject({ receipt: 'read', status: 'sent', provider_id: joined.wamid });
    expect(r.delivered_at!.getTime()).toBe(Math.floor(deliveredAt / 1000) * 1000);
    expect(r.read_at).not.toBeNull();
  });

  it('when a receipt carries only the wamid, then it finds its message by it; a failure is recorded with its code, never the number', async () => {
    const { next, row } = await sentMessages();
    expect(await cloud.report(next, 'failed', { withCallbackData: false })).toEqual({ status: 200, body: { received: 1, recorded: 1 } });
    const r = await row(next);
    expect(r).toMatchObject({ receipt: 'failed', last_error: 'whatsapp failed (code 131026)' });
    expect(JSON.stringify(r)).not.toContain(next.to);
  });

  it('when the signature is missing, wrong or made with another secret, then 401 with the error shape and nothing is recorded', async () => {
    const { joined, row } = await sentMessages();
    const forged = [
      `sha256=${'0'.repeat(64)}`,
      'sha1=abc',
      '',
      // The right shape, signed with another secret.
      `sha256=${createHmac('sha256', 'not-the-app-secret').update('x').digest('hex')}`,
    ];
    for (const signature of forged) {
      const r = await cloud.report(joined, 'read', { signature });
      expect(r).toEqual({ status: 401, body: { error: { code: 'invalid_signature', message: expect.any(String) } } });
    }
    expect((await row(joined)).receipt).toBeNull();
  });

  it('when a signed body is not a WhatsApp notification, then 400; other fields and unknown statuses are accepted and skipped', async () => {
    const post = (body: string) =>
      fetch(server.url + WEBHOOK, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
        },
        body,
      });
    expect((await post('{"object":"page","entry":[]}')).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    const incoming = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [{ from: '216', text: { body: 'hi' } }] } }] }],
    });
    const r = await post(incoming);
    expect([r.status, await r.json()]).toEqual([200, { received: 0, recorded: 0 }]);
  });

  it('when Meta verifies the endpoint, then the challenge is echoed for the right verify token, 403 otherwise', async () => {
    const get = (q: Record<string, string>) => fetch(`${server.url}${WEBHOOK}?${new URLSearchParams(q)}`);
    const ok = await get({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect([ok.status, ok.headers.get('content-type'), await ok.text()]).toEqual([200, 'text/plain; charset=utf-8', '1158201444']);
    const wrong = await get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guessed', 'hub.challenge': '1' });
    expect([wrong.status, await wrong.json()]).toEqual([403, { error: { code: 'forbidden', message: expect.any(String) } }]);
    const script = await get({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '<script>' });
    expect(script.status).toBe(400);
  });
});

describe('the WhatsApp outbox worker', () => {
  /** n waiting, opted-in patients and one pending "next" WhatsApp message each. */
  async function pendingWhatsApp(n: number) {
    const clinic = await createClinic(db);
    const entries: Entry[] = [];
    for (let i = 0; i < n; i++)
      entries.push({
        ...walkIn(entries, clinic.id, `Patient ${i}`),
        day: today(),
        phone: `+216 7${String(i).padStart(7, '0')}`,
        whatsapp: true,
        language: 'fr',
      });
    await pushDocs(
      db,
      clinic.id,
      'entries',
      entries.map((e) => ({ newDocumentState: wire(e) })),
    );
    const added = await enqueue(
      db,
      clinic.id,
      entries.map((e) => ({
        entryId: e.id,
        kind: 'next',
        channel: 'whatsapp',
        target: { phone: e.phone!, lang: 'fr', facts: { clinic: 'C', ticket: e.ticket, room: null, wait: null }, ticket: null },
        body: `ticket ${e.ticket}`,
      })),
    );
    expect(added).toBe(n);
    return { clinic, entries, ids: (await outboxOf(clinic.id)).map((r) => r.id) };
  }

  const sender = () =>
    new CloudApiSender({
      baseUrl: cloud.url,
      version: 'v21.0',
      phoneNumberId: PHONE_NUMBER_ID,
      token: TOKEN,
      templatePrefix: 'doctorq_',
      languageCodes: { ar: 'ar', fr: 'fr', en: 'en' },
    });
  const channel = (s: WhatsAppSender): WhatsAppChannel => ({
    sender: s,
    ticketLink: () => Promise.reject(new Error('no "joined" message here')),
  });
  const worker = (s: WhatsAppSender, opts: OutboxWorkerOptions = FAST, on: Database = db) =>
    new OutboxWorker(on, { push: null, sms: null, whatsapp: channel(s) }, silent, opts);

  it('when a worker fails after the Cloud API accepted a message, then another sends it again with the same key: delivered once, its wamid recorded', async () => {
    const { ids, clinic } = await pendingWhatsApp(12);
    const before = cloud.calls.length;
    let crashed = false;
    const dying: WhatsAppSender = {
      async send(m) {
        const wamid = await sender().send(m);
        if (!crashed && cloud.calls.length - before >= 3) {
          crashed = true;
          void a.stop(); // the worker is gone after this message
          throw new Error('worker died before recording the send');
        }
        return wamid;
      },
    };
    const a = worker(dying);
    const b = worker(sender());
    cloud.delayMs = 10;
    try {
      a.start();
      b.start();
      await eventually(async () => expect((await outboxOf(clinic.id)).filter((r) => r.status !== 'sent')).toEqual([]), 20_000);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      cloud.delayMs = 0;
    }
    expect(crashed).toBe(true);
    const calls = cloud.calls.slice(before);
    expect(new Set(calls.map((c) => c.key))).toEqual(new Set(ids));
    expect(calls).toHaveLength(ids.length + 1); // the one resend
    const rows = await outboxOf(clinic.id);
    for (const r of rows) {
      expect(r.provider_id).toBe(cloud.delivered.get(r.id)!.wamid);
      expect(r.last_error).toBeNull();
    }
  });

  it.runIf(usingPostgres)(
    "when a worker's database connection is killed between the send and the commit, then another sends again with the same key, delivered once",
    async () => {
      const { ids, clinic } = await pendingWhatsApp(12);
      const before = cloud.calls.length;
      const own = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 1, dataDir: '' });
      const [{ pid }] = (await own.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
      const b = worker(sender());
      let killed = false;
      let killedKey: string | null = null;
      const killing: WhatsAppSender = {
        async send(m) {
          const wamid = await sender().send(m);
          if (!killed) {
            killed = true;
            killedKey = m.id;
            void k.stop();
            await db.query('SELECT pg_terminate_backend($1)', [pid]);
          }
          return wamid;
        },
      };
      const k = worker(killing, FAST, own);
      try {
        k.start();
        await eventually(() => expect(killed).toBe(true));
        b.start();
        await eventually(async () => expect((await outboxOf(clinic.id)).filter((r) => r.status !== 'sent')).toEqual([]), 20_000);
      } finally {
        await Promise.all([b.stop(), k.stop()]);
        await own.close();
      }
      const calls = cloud.calls.slice(before);
      expect(new Set(calls.map((c) => c.key))).toEqual(new Set(ids));
      expect(calls).toHaveLength(ids.length + 1);
      expect(calls.filter((c) => c.key === killedKey).map((c) => c.wamid)).toEqual([
        cloud.delivered.get(killedKey!)!.wamid,
        cloud.delivered.get(killedKey!)!.wamid,
      ]);
      expect((await outboxOf(clinic.id)).every((r) => r.provider_id === cloud.delivered.get(r.id)!.wamid)).toBe(true);
    },
  );

  it('when the Cloud API refuses a number, then the message fails without retry and keeps no number', async () => {
    const { clinic, entries, ids } = await pendingWhatsApp(1);
    const to = entries[0]!.phone!.replace(/\D/g, '');
    cloud.failures.set(to, 400);
    const w = worker(sender());
    try {
      w.start();
      await eventually(async () =>
        expect((await outboxOf(clinic.id))[0]).toMatchObject({
          status: 'failed',
          attempts: 1,
          last_error: 'whatsapp cloud api answered 400',
          target: {},
        }),
      );
      await w.drained();
    } finally {
      await w.stop();
      cloud.failures.delete(to);
    }
    expect(cloud.calls.filter((c) => c.key === ids[0])).toHaveLength(1);
  });

  it('when a "called" message of an earlier call is still pending after a recall and a new call, then it is dropped; the new call has its own', async () => {
    const { clinic, entries } = await pendingWhatsApp(1);
    const e = entries[0]!;
    const firstCall = Date.now() - 60_000;
    const secondCall = Date.now();
    await pushDocs(db, clinic.id, 'entries', [
      { assumedMasterState: wire(e), newDocumentState: wire({ ...e, status: 'called', calledAt: secondCall, updatedAt: secondCall }) },
    ]);
    const called = (occasion: number) => ({
      entryId: e.id,
      kind: 'called' as const,
      occasion,
      channel: 'whatsapp' as const,
      target: { phone: e.phone!, lang: 'fr' as const, facts: { clinic: 'C', ticket: e.ticket, room: '1', wait: null }, ticket: null },
      body: 'called',
    });
    expect(await enqueue(db, clinic.id, [called(firstCall)])).toBe(1);
    expect(await enqueue(db, clinic.id, [called(firstCall)])).toBe(0);
    expect(await enqueue(db, clinic.id, [called(secondCall)])).toBe(1);
    const w = worker(sender());
    try {
      w.start();
      await eventually(async () =>
        expect((await outboxOf(clinic.id)).filter((r) => r.kind === 'called').map((r) => [r.status, r.last_error])).toEqual([
          ['failed', 'stale: called again since'],
          ['sent', null],
        ]),
      );
    } finally {
      await w.stop();
    }
  });
});
