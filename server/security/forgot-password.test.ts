// "Forgot your password?" from a sign-in page: one answer whether or not the
// address has an account, limits per address (as sign-in compares it) and per
// client address, a one-time link to the address, and a new password that
// signs out every session the old one opened.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, eventually, login, openTestDb, PASSWORD, startTestServer } from '../../testkit/harness.ts';
import { mailedCount, mailedToken } from '../../testkit/mailbox.ts';
import type { RunningServer } from '../main.ts';
import { RESET_REQUESTS_PER_EMAIL_PER_HOUR, RESET_REQUESTS_PER_IP_PER_HOUR } from '../auth/account-routes.ts';

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

const ask = (email: string, base = server.url) => api(base, '/api/auth/password-reset/request', { body: { email } });

describe('forgot password', () => {
  it('when an address with and one without an account ask, then both get the same answer and only the account’s address gets a link', async () => {
    const clinic = await createClinic(db);
    const nobody = `nobody-${randomUUID()}@test.tn`;
    const unknown = await ask(nobody);
    const known = await ask(clinic.emails.receptionist);
    expect([unknown.status, unknown.body]).toEqual([202, { sent: true }]);
    expect([known.status, known.body]).toEqual([unknown.status, unknown.body]);
    await eventually(() => mailedToken(db, clinic.emails.receptionist, 'reset'));
    expect(await mailedCount(db, nobody, 'reset')).toBe(0);
  });

  it('when the link is used, then the new password signs in, the old one and every earlier session stop, and the link works once', async () => {
    const clinic = await createClinic(db);
    const email = clinic.emails.doctor;
    const before = await login(server.url, email);
    // Typed as people type it: the address is trimmed and compared in lower case.
    expect((await ask(`  ${email.toUpperCase()} `)).status).toBe(202);
    const token = await eventually(() => mailedToken(db, email, 'reset'));
    const password = 'a brand new password';
    const set = await api(server.url, '/api/auth/password-reset', { body: { token, password } });
    expect([set.status, set.body]).toEqual([200, { reset: true }]);
    expect((await api(server.url, '/api/auth/login', { body: { email, password } })).status).toBe(200);
    expect((await api(server.url, '/api/auth/login', { body: { email, password: PASSWORD } })).status).toBe(401);
    const refresh = await api(server.url, '/api/auth/refresh', { body: { refreshToken: before.refreshToken } });
    expect(refresh.status).toBe(401);
    const again = await api(server.url, '/api/auth/password-reset', { body: { token, password: 'yet another password' } });
    expect([again.status, again.body.error.code]).toEqual([400, 'invalid_token']);
  });

  it('when an address is asked for too often, in any case or spacing, then the answer is 429 whether or not it has an account', async () => {
    const clinic = await createClinic(db);
    for (const email of [clinic.emails.owner, `ghost-${randomUUID()}@test.tn`]) {
      const variants = [email, email.toUpperCase(), ` ${email} `, `${email[0]!.toUpperCase()}${email.slice(1)}`];
      const statuses: number[] = [];
      for (const v of variants.slice(0, RESET_REQUESTS_PER_EMAIL_PER_HOUR + 1)) statuses.push((await ask(v)).status);
      expect(statuses).toEqual([...Array(RESET_REQUESTS_PER_EMAIL_PER_HOUR).fill(202), 429]);
    }
    await eventually(async () => expect(await mailedCount(db, clinic.emails.owner, 'reset')).toBe(RESET_REQUESTS_PER_EMAIL_PER_HOUR));
  });

  it('when one client asks for many addresses, then it is limited per client address', async () => {
    const own = await startTestServer(db);
    try {
      const statuses: number[] = [];
      for (let i = 0; i <= RESET_REQUESTS_PER_IP_PER_HOUR; i++)
        statuses.push((await ask(`spray-${i}-${randomUUID()}@test.tn`, own.url)).status);
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.filter((s) => s === 202)).toHaveLength(RESET_REQUESTS_PER_IP_PER_HOUR);
    } finally {
      await own.close();
    }
  });

  it('when the body is not one address, then 400 with a JSON error and no mail', async () => {
    for (const body of [
      {},
      { email: 'not-an-address' },
      { email: ['a@b.tn'] },
      { email: 'a@b.tn', extra: 1 },
      { email: `${'a'.repeat(300)}@b.tn` },
    ]) {
      const r = await api(server.url, '/api/auth/password-reset/request', { body });
      expect([r.status, r.body.error.code]).toEqual([400, 'invalid_body']);
    }
  });
});
