// Mail leaves through SMTP: a sign-up on a deployment with SMTP_URL receives
// its verification mail through a real SMTP server (started here), the link
// in it verifies the address, a refused send is retried then marked failed,
// and neither the logs nor the outbox keep what they should not.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, openTestDb, testConfig } from '../../testkit/harness.ts';
import { SmtpInbox } from '../../testkit/smtp.ts';
import { startServer, type RunningServer } from '../main.ts';

const PUBLIC_URL = 'https://q.clinic.example';
let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let inbox: SmtpInbox;
let logs = '';
beforeAll(async () => {
  db = await openTestDb();
  inbox = await new SmtpInbox().start();
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  server = await startServer({
    config: testConfig({
      SMTP_URL: inbox.url,
      MAIL_FROM: 'DoctorQ <no-reply@doctorq.test>',
      PUBLIC_URL,
      SIGNUP_RATE_LIMIT_PER_HOUR: '1000',
      OUTBOX_MAX_ATTEMPTS: '3',
      OUTBOX_RETRY_BASE_MS: '10',
      LOG_LEVEL: 'trace',
    }),
    db,
    log: pino({ level: 'trace' }, sink),
  });
});
afterAll(async () => {
  await server.close();
  await inbox.stop();
  await db.dispose();
});

async function signUp(email: string) {
  const r = await api(server.url, '/api/signup', {
    body: {
      clinicName: 'Cabinet Mail',
      ownerName: 'Dr Postman',
      email,
      password: 'a long enough password',
      languages: ['en'],
      timeZone: 'Africa/Tunis',
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.grant as { accessToken: string; clinic: { id: string } };
}

const rowFor = async (email: string) =>
  (
    await db.query<{ id: string; status: string; attempts: number; last_error: string | null; message_id: string | null; body: string }>(
      'SELECT id, status, attempts, last_error, message_id, body FROM mail_outbox WHERE to_email = $1',
      [email],
    )
  )[0]!;

describe('mail through SMTP', () => {
  it('when a clinic signs up on a deployment with SMTP_URL, then its owner receives the verification mail and its link verifies the email', async () => {
    const email = `owner-${randomUUID().slice(0, 8)}@test.tn`;
    const grant = await signUp(email);
    await server.mail!.drained();
    const [mail] = inbox.to(email);
    expect(mail, 'the mail reached the SMTP server').toBeDefined();
    expect(inbox.to(email)).toHaveLength(1);
    expect(mail!.headers.get('to')).toBe(email);
    expect(mail!.headers.get('from')).toBe('DoctorQ <no-reply@doctorq.test>');
    expect(mail!.headers.get('subject')).toBe('DoctorQ: confirm your email for Cabinet Mail');
    const row = await rowFor(email);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(mail!.headers.get('message-id')).toBe(row.message_id);
    expect(row.message_id).toBe(`<${row.id}@doctorq.test>`);
    // The one-time link left with the mail: the outbox keeps no copy of it.
    expect(row.body).toBe('');

    const link = /https:\/\/\S+/.exec(mail!.text)![0];
    expect(link.startsWith(`${PUBLIC_URL}/owner.html?verify=`), link).toBe(true);
    const token = new URL(link).searchParams.get('verify');
    expect((await api(server.url, '/api/signup/verify', { body: { token } })).status).toBe(200);
    const [user] = await db.query<{ verified: boolean }>('SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE email = $1', [
      email,
    ]);
    expect(user!.verified).toBe(true);
    const setup = await api(server.url, `/api/owner/clinics/${grant.clinic.id}/enrolment-codes`, {
      token: grant.accessToken,
      body: { kind: 'reception' },
    });
    expect(setup.status, 'a verified owner can enrol tablets').toBe(201);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^doctorq_mail_total\{kind="verify_email",outcome="sent"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^doctorq_mail_outbox_depth \d+$/m);
  });

  it('when the relay refuses a recipient (550), then the mail is retried with backoff and marked failed after the last attempt, without the address in last_error', async () => {
    const email = `refused-${randomUUID().slice(0, 8)}@test.tn`;
    inbox.refuse.set(email, 550);
    await signUp(email);
    await expect.poll(async () => (await rowFor(email)).status, { timeout: 10_000 }).toBe('failed');
    const row = await rowFor(email);
    expect(row.attempts).toBe(3);
    expect(inbox.attempts.get(email)).toBe(3);
    expect(row.last_error).toContain('550');
    expect(row.last_error).not.toContain(email);
    expect(row.body).toBe('');
    expect(inbox.to(email)).toHaveLength(0);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^doctorq_mail_total\{kind="verify_email",outcome="failed"\} [1-9]\d*$/m);
  });

  it('when mail is sent and refused, then the logs name no address, no link and no token', async () => {
    await server.mail!.drained();
    expect(logs).toContain('mail sent');
    expect(logs).toContain('mail failed');
    expect(logs).not.toMatch(/@test\.tn/);
    expect(logs).not.toContain('verify=');
  });
});
