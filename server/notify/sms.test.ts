// SMS through the outbox: a local fake provider that honours Idempotency-Key,
// real workers over the real database. Only this file's workers can send SMS
// (servers elsewhere run without SMS_PROVIDER_URL and leave SMS rows alone),
// so the counts here are this file's own.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { api, createClinic, eventually, login, openTestDb, pushDocs, startTestServer, usingPostgres } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { notificationsSettled, reportedChanges } from '../../testkit/notifications.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { callNext } from '../../shared/queue.ts';
import { clinicDay } from '../../shared/tickets.ts';
import type { Entry } from '../../shared/schemas.ts';
import { FakeSmsProvider } from './test-fakes.ts';
import { OutboxWorker, enqueue, type OutboxWorkerOptions } from './outbox.ts';
import { HttpSmsProvider, type SmsProvider } from './providers.ts';
import { booking } from '../../testkit/appointments.ts';
import { BOOKING_APPOINTMENT_PATH } from '../../shared/paths.ts';
import type { Appointment } from '../../shared/schemas.ts';
import { enqueueReminders } from './reminders.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let sms: FakeSmsProvider;
beforeAll(async () => {
  db = await openTestDb();
  sms = await new FakeSmsProvider().start();
});
afterAll(async () => {
  await sms.stop();
  await db.dispose();
});

const silent = pino({ level: 'silent' });
const today = () => clinicDay(Date.now(), 'Africa/Tunis');
const FAST: OutboxWorkerOptions = { pollMs: 10, retryBaseMs: 40, maxAttempts: 4 };

type Row = {
  id: string;
  entry_id: string;
  kind: string;
  channel: string;
  status: string;
  attempts: number;
  last_error: string | null;
  target: unknown;
};
const outboxOf = (clinicId: string) =>
  db.query<Row>(
    'SELECT id, entry_id, kind, channel, status, attempts, last_error, target FROM outbox WHERE clinic_id = $1 ORDER BY created_at, entry_id',
    [clinicId],
  );

/** n waiting patients with phones, stored as the tablet would, and one pending "next" SMS each. */
async function pendingSms(n: number, phone = (i: number) => `+216 2${String(i).padStart(7, '0')}`) {
  const clinic = await createClinic(db);
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) entries.push({ ...walkIn(entries, clinic.id, `Patient ${i}`), day: today(), phone: phone(i) });
  await pushDocs(
    db,
    clinic.id,
    'entries',
    entries.map((e) => ({ newDocumentState: wire(e) })),
  );
  const added = await enqueue(
    db,
    clinic.id,
    entries.map((e) => ({ entryId: e.id, kind: 'next', channel: 'sms', target: { phone: e.phone! }, body: `ticket ${e.ticket}` })),
  );
  expect(added).toBe(n);
  return { clinic, entries, ids: (await outboxOf(clinic.id)).map((r) => r.id) };
}

/** The provider's calls since `before` for these messages: workers drain the whole outbox, and other files' clinics share the database. */
const callsFor = (ids: string[], before: number) => sms.calls.slice(before).filter((c) => c.key !== null && ids.includes(c.key));

const smsWorker = (provider: SmsProvider, opts: OutboxWorkerOptions = FAST, on: Database = db) =>
  new OutboxWorker(on, { push: null, sms: provider }, silent, opts);
const httpProvider = (path: string) => new HttpSmsProvider(sms.url + path, 'sms-secret-token');

describe('SMS for patients without push', () => {
  it('when a patient with a phone checks in and moves up to called, then they get one SMS for next and one for called, without their name', async () => {
    const server = await startTestServer(db, { SMS_PROVIDER_URL: `${sms.url}/server`, SMS_PROVIDER_TOKEN: 'sms-secret-token' });
    try {
      const clinic = await createClinic(db);
      const heard = reportedChanges(server, clinic.id);
      const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
      const entries: Entry[] = [];
      for (const name of ['Mounir Chebbi', 'Ines Haddad']) {
        const e = { ...walkIn(entries, clinic.id, name, { series: grant.device!.series }), day: today() };
        await api(server.url, '/api/sync/v1/entries/push', { token: grant.accessToken, body: [{ newDocumentState: wire(e) }] });
        entries.push(e);
      }
      const name = 'Yasmine Ferchichi';
      const checkIn = await api(server.url, `/api/checkin/v1/${clinic.id}`, {
        body: { requestId: randomUUID(), name, phone: '+216 (20) 123-456' },
      });
      expect(checkIn.status).toBe(201);
      const phone = '+21620123456';
      const pull = await api(server.url, '/api/sync/v1/entries/pull', { token: grant.accessToken });
      entries.push(pull.body.documents.find((d: Entry) => d.id === checkIn.body.entryId));
      const call = async () => {
        const changed = callNext(entries, 'doc-1', Date.now());
        const r = await api(server.url, '/api/sync/v1/entries/push', {
          token: grant.accessToken,
          body: changed.map((c) => ({ assumedMasterState: wire(entries.find((e) => e.id === c.id)!), newDocumentState: wire(c) })),
        });
        expect(r.body).toMatchObject({ conflicts: [] });
        for (const c of changed) entries[entries.findIndex((e) => e.id === c.id)] = c;
      };

      // Two registrations and the check-in: heard, evaluated, nothing sent (two ahead).
      await notificationsSettled(server, clinic.id, heard + 3);
      expect(sms.to(phone)).toHaveLength(0);
      await call();
      await eventually(() => expect(sms.to(phone)).toHaveLength(1));
      const beforeCalls = reportedChanges(server, clinic.id);
      await call();
      await call();
      await eventually(() => expect(sms.to(phone)).toHaveLength(2));
      await notificationsSettled(server, clinic.id, beforeCalls + 2);
      const got = sms.to(phone);
      expect(got).toHaveLength(2);
      const clinicName = `Clinic ${clinic.id.slice(0, 8)}`;
      expect(got.map((c) => c.text)).toEqual([
        `${clinicName} : ticket W-001, c'est bientôt votre tour. Restez à proximité.`,
        `${clinicName} : ticket W-001, c'est votre tour. Présentez-vous salle 1.`,
      ]);
      const rows = (await outboxOf(clinic.id)).filter((r) => r.entry_id === checkIn.body.entryId);
      expect(got.map((c) => [c.key, c.authorization, c.path])).toEqual(rows.map((r) => [r.id, 'Bearer sms-secret-token', '/server']));
      expect(rows.map((r) => [r.kind, r.channel, r.status, r.target])).toEqual([
        ['next', 'sms', 'sent', {}],
        ['called', 'sms', 'sent', {}],
      ]);
      for (const n of [name, 'Mounir Chebbi', 'Ines Haddad']) expect(JSON.stringify(sms.calls)).not.toContain(n);
      // The others gave no phone and have no push: nothing for them.
      expect((await outboxOf(clinic.id)).every((r) => r.entry_id === checkIn.body.entryId)).toBe(true);

      // Checking in to an empty queue: next at once (the check-in itself triggers the evaluation).
      const empty = await createClinic(db);
      const alone = await api(server.url, `/api/checkin/v1/${empty.id}`, {
        body: { requestId: randomUUID(), name: 'Alone Here', phone: '+216 98 000 001' },
      });
      expect(alone.status).toBe(201);
      await eventually(() => expect(sms.to('+21698000001')).toHaveLength(1));
    } finally {
      await server.close();
    }
  });

  it('when SMS is not configured, then nothing is enqueued for patients with a phone', async () => {
    const server = await startTestServer(db);
    try {
      const clinic = await createClinic(db);
      const heard = reportedChanges(server, clinic.id);
      const r = await api(server.url, `/api/checkin/v1/${clinic.id}`, {
        body: { requestId: randomUUID(), name: 'No Sms', phone: '+216 98 000 002' },
      });
      expect(r.status).toBe(201);
      await notificationsSettled(server, clinic.id, heard + 1);
      expect(await outboxOf(clinic.id)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('the outbox worker', () => {
  it('when two workers drain the same messages at once, then each message is sent exactly once', async () => {
    const { ids } = await pendingSms(30);
    const before = sms.calls.length;
    sms.delayMs = 15;
    const workers = [smsWorker(httpProvider('/one')), smsWorker(httpProvider('/two'))];
    try {
      for (const w of workers) w.start();
      await eventually(
        async () =>
          expect((await db.query(`SELECT 1 FROM outbox WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [ids])).length).toBe(0),
        20_000,
      );
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      sms.delayMs = 0;
    }
    const calls = callsFor(ids, before);
    expect(calls).toHaveLength(30);
    expect(new Set(calls.map((c) => c.key))).toEqual(new Set(ids));
    expect(calls.filter((c) => c.path === '/one').length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.path === '/two').length).toBeGreaterThan(0);
  });

  it('when a worker fails after the provider received a message, then another sends it again with the same key: none lost, none delivered twice', async () => {
    const { ids, clinic } = await pendingSms(20);
    const before = sms.calls.length;
    let crashed = false;
    const dying: SmsProvider = {
      async send(m) {
        await httpProvider('/dying').send(m);
        if (sms.calls.filter((c) => c.path === '/dying').length >= 3 && !crashed) {
          crashed = true;
          void a.stop(); // the worker is gone after this message
          throw new Error('worker died before recording the send');
        }
      },
    };
    const a = smsWorker(dying);
    const b = smsWorker(httpProvider('/survivor'));
    sms.delayMs = 10;
    try {
      a.start();
      b.start();
      await eventually(async () => expect((await outboxOf(clinic.id)).filter((r) => r.status !== 'sent')).toEqual([]), 20_000);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      sms.delayMs = 0;
    }
    expect(crashed).toBe(true);
    const calls = callsFor(ids, before);
    const keys = new Set(calls.map((c) => c.key));
    expect(keys).toEqual(new Set(ids));
    expect(calls).toHaveLength(ids.length + 1); // the one resend
    expect(ids.every((id) => sms.delivered.has(id))).toBe(true);
  });

  it.runIf(usingPostgres)(
    "when a worker's database connection is killed between the send and the commit, then the message is sent again by another with the same key and delivered once",
    async () => {
      const { ids, clinic } = await pendingSms(20);
      const before = sms.calls.length;
      // Worker A on a pool of one connection, so its backend is known.
      const own = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 1, dataDir: '' });
      const [{ pid }] = (await own.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
      const a = smsWorker(httpProvider('/killed'), FAST, own);
      const b = smsWorker(httpProvider('/survivor'));
      let killed = false;
      sms.onReceived = async (call) => {
        if (call.path !== '/killed' || killed || sms.calls.filter((c) => c.path === '/killed').length < 3) return;
        killed = true;
        void a.stop();
        await db.query('SELECT pg_terminate_backend($1)', [pid]);
      };
      sms.delayMs = 10;
      try {
        a.start();
        b.start();
        await eventually(async () => expect((await outboxOf(clinic.id)).filter((r) => r.status !== 'sent')).toEqual([]), 20_000);
      } finally {
        sms.onReceived = null;
        sms.delayMs = 0;
        await Promise.all([a.stop(), b.stop()]);
        await own.close();
      }
      expect(killed).toBe(true);
      const calls = callsFor(ids, before);
      expect(new Set(calls.map((c) => c.key))).toEqual(new Set(ids));
      expect(calls).toHaveLength(ids.length + 1);
      // The killed transaction rolled back: the message counts one attempt, the survivor's.
      expect((await outboxOf(clinic.id)).every((r) => r.attempts === 1)).toBe(true);
    },
  );

  it('when the provider keeps failing, then the message is retried with growing delays and ends failed after the last attempt', async () => {
    const phone = '+21655000999';
    sms.failures.set(phone, 503);
    const { clinic, ids } = await pendingSms(1, () => phone);
    const w = smsWorker(httpProvider('/failing'));
    try {
      w.start();
      await eventually(async () =>
        expect((await outboxOf(clinic.id))[0]).toMatchObject({
          status: 'failed',
          attempts: 4,
          last_error: 'sms provider answered 503',
          target: {},
        }),
      );
    } finally {
      await w.stop();
      sms.failures.delete(phone);
    }
    const calls = sms.calls.filter((c) => c.key === ids[0]);
    expect(calls).toHaveLength(4);
    // Never sooner than 40 ms doubled each time, at 75 % (the least jitter); a few ms for clocks and timers.
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    for (const [i, gap] of gaps.entries()) expect(gap).toBeGreaterThanOrEqual(0.75 * 40 * 2 ** i - 5);
    expect(JSON.stringify((await outboxOf(clinic.id))[0])).not.toContain(phone);
  });

  it('when the provider refuses a message (4xx), then it fails at once without retry', async () => {
    const phone = '+21655000400';
    sms.failures.set(phone, 400);
    const { clinic, ids } = await pendingSms(1, () => phone);
    const w = smsWorker(httpProvider('/refusing'));
    try {
      w.start();
      await eventually(async () =>
        expect((await outboxOf(clinic.id))[0]).toMatchObject({ status: 'failed', attempts: 1, last_error: 'sms provider answered 400' }),
      );
      // A look at the outbox after the failure finds nothing due: no retry will come.
      await w.drained();
    } finally {
      await w.stop();
      sms.failures.delete(phone);
    }
    expect(sms.calls.filter((c) => c.key === ids[0])).toHaveLength(1);
  });

  it('when the provider is unreachable, then the message stays pending for a later attempt', async () => {
    const { clinic } = await pendingSms(1);
    const w = smsWorker(new HttpSmsProvider('http://127.0.0.1:1/sms'), { ...FAST, retryBaseMs: 60_000 });
    try {
      w.start();
      await eventually(async () =>
        expect((await outboxOf(clinic.id))[0]).toMatchObject({
          status: 'pending',
          attempts: 1,
          last_error: expect.stringMatching(/^sms provider unreachable/),
        }),
      );
    } finally {
      await w.stop();
    }
  });

  it('when a "next" message is still pending after the patient was called, then it is dropped, not sent', async () => {
    const { clinic, entries, ids } = await pendingSms(1);
    const e = entries[0]!;
    await pushDocs(db, clinic.id, 'entries', [
      { assumedMasterState: wire(e), newDocumentState: wire({ ...e, status: 'called', calledAt: Date.now(), updatedAt: Date.now() }) },
    ]);
    const w = smsWorker(httpProvider('/stale'));
    try {
      w.start();
      await eventually(async () =>
        expect((await outboxOf(clinic.id))[0]).toMatchObject({ status: 'failed', last_error: 'stale: entry is called' }),
      );
    } finally {
      await w.stop();
    }
    expect(sms.calls.filter((c) => c.key === ids[0])).toHaveLength(0);
  });

  it('when the same message is enqueued again, or by a second evaluation, then the outbox keeps one', async () => {
    const { clinic, entries } = await pendingSms(2);
    const again = entries.map((e) => ({
      entryId: e.id,
      kind: 'next' as const,
      channel: 'sms' as const,
      target: { phone: e.phone! },
      body: 'again',
    }));
    expect(await Promise.all([enqueue(db, clinic.id, again), enqueue(db, clinic.id, again)])).toEqual([0, 0]);
    // Nor on the other channel: the patient was already told.
    expect(
      await enqueue(
        db,
        clinic.id,
        again.map((m) => ({ ...m, channel: 'push' as const })),
      ),
    ).toBe(0);
    expect(await outboxOf(clinic.id)).toHaveLength(2);
  });
});

describe('appointment reminders', () => {
  const H = 3_600_000;
  const wireAppointment = (a: Appointment) => ({ newDocumentState: { ...a, _deleted: false } });

  it('when the reminders job runs twice on two instances, then each due reminder is sent once by SMS with a working booking link and no name; cancelled, far and phoneless bookings get none', async () => {
    const env = { SMS_PROVIDER_URL: `${sms.url}/reminders`, SMS_PROVIDER_TOKEN: 'sms-secret-token' };
    const [a, b] = [await startTestServer(db, env), await startTestServer(db, env)];
    try {
      const clinic = await createClinic(db);
      const now = Date.now();
      const day = booking(clinic.id, 'doc-1', now + 23 * H, { name: 'Amira Day', phone: '+216 21 000 001', now: now - 48 * H });
      const hour = booking(clinic.id, 'doc-1', now + 30 * 60_000, {
        name: 'Amira Hour',
        phone: '+216 21 000 002',
        now: now - 48 * H,
        language: 'en',
      });
      const far = booking(clinic.id, 'doc-1', now + 50 * H, { phone: '+216 21 000 003', now: now - 48 * H });
      const noPhone = booking(clinic.id, 'doc-2', now + 20 * 60_000, { phone: null, now: now - 48 * H });
      const cancelled = {
        ...booking(clinic.id, 'doc-2', now + 40 * 60_000, { phone: '+216 21 000 004', now: now - 48 * H }),
        status: 'cancelled' as const,
      };
      await pushDocs(db, clinic.id, 'appointments', [day, hour, far, noPhone, cancelled].map(wireAppointment));

      await Promise.all([
        a.notifications.remind(now),
        b.notifications.remind(now),
        a.notifications.remind(now),
        b.notifications.remind(now),
      ]);
      await eventually(async () => expect((await outboxOf(clinic.id)).map((r) => r.status)).toEqual(['sent', 'sent']));
      const rows = await outboxOf(clinic.id);
      expect(rows.map((r) => [r.entry_id, r.kind]).sort()).toEqual(
        [
          [day.id, 'remind_day'],
          [hour.id, 'remind_hour'],
        ].sort(),
      );
      // Again after they were sent: nothing new.
      expect((await a.notifications.remind(now + 60_000)).done).toBe(0);
      const texts = [...sms.delivered.entries()].filter(([key]) => rows.some((r) => r.id === key)).map(([, m]) => m);
      expect(texts.map((m) => m.to).sort()).toEqual(['+21621000001', '+21621000002']);
      const hourText = texts.find((m) => m.to === '+21621000002')!.text;
      expect(hourText).toContain('your appointment is in an hour');
      expect(texts.map((m) => m.text).join(' ')).not.toContain('Amira');
      // The link in the message is the patient's booking link: it shows that booking (and is in no outbox row).
      const token = /\/book\.html#a=([A-Za-z0-9_.-]+)/.exec(hourText)![1]!;
      const shown = await api(a.url, BOOKING_APPOINTMENT_PATH, { token });
      expect(shown.body).toMatchObject({ appointmentId: hour.id, status: 'booked' });
      expect(JSON.stringify(await outboxOf(clinic.id))).not.toContain(token);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('when a booking is cancelled after its reminder was enqueued, then the reminder is dropped at send time', async () => {
    const clinic = await createClinic(db);
    const now = Date.now();
    const hour = booking(clinic.id, 'doc-1', now + 30 * 60_000, { phone: '+216 21 000 005', now: now - 48 * H });
    await pushDocs(db, clinic.id, 'appointments', [wireAppointment(hour)]);
    expect((await enqueueReminders(db, { smsEnabled: true, whatsappEnabled: false }, now)).done).toBeGreaterThanOrEqual(1);
    await pushDocs(db, clinic.id, 'appointments', [
      {
        assumedMasterState: wireAppointment(hour).newDocumentState,
        newDocumentState: { ...hour, status: 'cancelled', updatedAt: now, _deleted: false },
      },
    ]);
    const w = smsWorker(httpProvider('/reminder-stale'));
    try {
      w.start();
      await eventually(async () =>
        expect((await outboxOf(clinic.id))[0]).toMatchObject({
          kind: 'remind_hour',
          status: 'failed',
          last_error: 'stale: appointment is cancelled',
        }),
      );
    } finally {
      await w.stop();
    }
    expect(sms.calls.filter((c) => c.path === '/reminder-stale')).toHaveLength(0);
  });
});
