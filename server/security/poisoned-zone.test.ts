// Found on an attacker's pass (defect 4's third half): a clinic whose stored
// time zone is unknown (written past the boundaries that now check it) had
// its check-in form and self check-in answer 500. The clinic's day is
// computed with the default zone instead; the owner can then set a real one.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, pushDocs, startTestServer } from '../../testkit/harness.ts';
import { pino } from 'pino';
import { walkIn, wire } from '../../testkit/entries.ts';
import { Notifier } from '../notify/notifier.ts';
import type { RunningServer } from '../main.ts';
import { DEFAULT_TIME_ZONE, usableTimeZone } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.dispose();
});

describe('a clinic whose stored time zone is unknown', () => {
  it('when its check-in form is opened and a patient checks in, then both answer as with the default zone, not 500, and the owner’s report too', async () => {
    const clinic = await createClinic(db);
    await db.query(`UPDATE clinics SET time_zone = 'Mars/Olympus' WHERE id = $1`, [clinic.id]);
    await db.query(
      `UPDATE docs SET data = jsonb_set(data, '{timeZone}', '"Mars/Olympus"') WHERE clinic_id = $1 AND collection = 'settings'`,
      [clinic.id],
    );
    const form = await api(server.url, `/api/checkin/v1/${clinic.id}`);
    expect(form.status).toBe(200);
    const checkIn = await api(server.url, `/api/checkin/v1/${clinic.id}`, { body: { requestId: randomUUID(), name: 'Patient Mars' } });
    expect(checkIn.status).toBe(201);
    // The owner still reads the clinic's reports, the visit just made included.
    const owner = await login(server.url, clinic.emails.owner);
    const day = clinicDay(Date.now(), DEFAULT_TIME_ZONE);
    const report = await api(server.url, `/api/owner/clinics/${clinic.id}/reports?from=${day}&to=${day}`, { token: owner.accessToken });
    expect(report.status).toBe(200);
    const queue = await fetch(`${server.url}/api/queue/v1/stream`, { headers: { authorization: `Bearer ${checkIn.body.token}` } });
    expect(queue.status).toBe(200);
    await queue.body?.cancel();
  });

  it('when its patients’ notifications are evaluated with SMS on, then the SMS allowance is counted in the default zone, not an error', async () => {
    const clinic = await createClinic(db);
    await db.query(`UPDATE clinics SET time_zone = 'Mars/Olympus' WHERE id = $1`, [clinic.id]);
    await db.query(
      `UPDATE docs SET data = jsonb_set(data, '{timeZone}', '"Mars/Olympus"') WHERE clinic_id = $1 AND collection = 'settings'`,
      [clinic.id],
    );
    // A patient without a phone or push subscription: the allowance is still read, and nothing is sent.
    const e = { ...walkIn([], clinic.id, 'Patient Mars'), day: clinicDay(Date.now(), DEFAULT_TIME_ZONE) };
    await pushDocs(db, clinic.id, 'entries', [{ newDocumentState: wire(e) }]);
    // An SMS sent earlier this month: counting it is what reads the zone (sent, so no worker picks it up).
    await db.query(
      `INSERT INTO outbox (clinic_id, id, entry_id, kind, channel, target, body, status, sent_at) VALUES ($1, gen_random_uuid(), 'earlier', 'next', 'sms', '{}', 'x', 'sent', now())`,
      [clinic.id],
    );
    const notifier = new Notifier(db, pino({ level: 'silent' }), { ahead: 3, smsEnabled: true, whatsappEnabled: false });
    await expect(notifier.evaluate(clinic.id)).resolves.toBe(0);
  });

  it('when a zone is unknown, empty or missing, then the default is used; a real one is kept', () => {
    expect([usableTimeZone('Mars/Olympus'), usableTimeZone(''), usableTimeZone(undefined), usableTimeZone('Asia/Tokyo')]).toEqual([
      DEFAULT_TIME_ZONE,
      DEFAULT_TIME_ZONE,
      DEFAULT_TIME_ZONE,
      'Asia/Tokyo',
    ]);
  });
});
