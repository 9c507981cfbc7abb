// Self-serve sign-up, email verification, guided setup, enrolment codes and
// the plan's limits, over real HTTP against a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { api, openTestDb, startTestServer } from '../../testkit/harness.ts';
import type { RunningServer } from '../main.ts';
import type { Grant } from '../../shared/auth.ts';
import { SignupResult, type SignupBody } from '../../shared/saas.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { pruneExpiredCredentials } from '../auth/expiry.ts';
import { readDoc } from '../docs/reads.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { SIGNUP_RATE_LIMIT_PER_HOUR: '1000' });
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

const newSignup = (over: Partial<SignupBody> = {}): SignupBody => ({
  clinicName: 'Cabinet Dr Test',
  ownerName: 'Dr Test',
  email: `owner-${randomUUID().slice(0, 8)}@test.tn`,
  password: 'a long enough password',
  languages: ['fr', 'ar'],
  timeZone: 'Africa/Tunis',
  ...over,
});

async function signUp(over: Partial<SignupBody> = {}) {
  const body = newSignup(over);
  const r = await api(server.url, '/api/signup', { body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const { grant } = SignupResult.parse(r.body);
  return { body, grant, clinicId: grant.clinic.id, owner: `/api/owner/clinics/${grant.clinic.id}` };
}

async function verificationToken(email: string): Promise<string> {
  const [mail] = await db.query<{ body: string }>('SELECT body FROM mail_outbox WHERE to_email = $1 ORDER BY created_at DESC LIMIT 1', [
    email,
  ]);
  return /verify=([A-Za-z0-9_-]+)/.exec(mail!.body)![1]!;
}

async function verified() {
  const s = await signUp();
  expect((await api(server.url, '/api/signup/verify', { body: { token: await verificationToken(s.body.email) } })).status).toBe(200);
  return s;
}

async function enrolmentCode(s: { owner: string; grant: Grant }) {
  const r = await api(server.url, `${s.owner}/enrolment-codes`, { token: s.grant.accessToken, body: { kind: 'reception' } });
  return r;
}

describe('sign-up', () => {
  it('when a clinic signs up, then it is in trial on the trial plan, its owner is signed in and its settings replicate', async () => {
    const s = await signUp({ languages: ['ar', 'fr'] });
    expect(s.grant.role).toBe('owner');
    const sub = await api(server.url, `${s.owner}/subscription`, { token: s.grant.accessToken });
    expect(sub.body).toMatchObject({ status: 'trial', plan: { id: 'trial', maxDevices: 2 }, paidUntil: null });
    const trialDays = (Date.parse(sub.body.trialEndsAt) - Date.now()) / 86_400_000;
    expect(trialDays).toBeGreaterThan(13.9);
    expect(trialDays).toBeLessThan(14.1);
    const settings = await api(server.url, `${s.owner}/settings`, { token: s.grant.accessToken });
    expect(settings.body).toMatchObject({ name: s.body.clinicName, timeZone: 'Africa/Tunis', languages: ['ar', 'fr'] });
    const [mail] = await db.query<{ subject: string }>('SELECT subject FROM mail_outbox WHERE to_email = $1', [s.body.email]);
    expect(mail!.subject).toContain('DoctorQ');
  });

  it('when the form is wrong, then each field says why and nothing is created', async () => {
    const email = `bad-${randomUUID().slice(0, 8)}@test.tn`;
    const r = await api(server.url, '/api/signup', {
      body: { ...newSignup({ email }), timeZone: 'Mars/Olympus', password: 'short', languages: [] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_body');
    expect(r.body.error.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(['languages', 'password', 'timeZone']);
    expect(await db.query('SELECT 1 FROM users WHERE email = $1', [email])).toHaveLength(0);
  });

  it('when the email already has an account, then 409 email_taken, also for two sign-ups at once', async () => {
    const s = await signUp();
    expect((await api(server.url, '/api/signup', { body: newSignup({ email: s.body.email.toUpperCase() }) })).body.error.code).toBe(
      'email_taken',
    );
    const email = `race-${randomUUID().slice(0, 8)}@test.tn`;
    const both = await Promise.all([1, 2].map(() => api(server.url, '/api/signup', { body: newSignup({ email }) })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('when one address signs up too often, then it is refused with 429', async () => {
    const limited = await startTestServer(db, { SIGNUP_RATE_LIMIT_PER_HOUR: '2' });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await api(limited.url, '/api/signup', { body: newSignup() })).status);
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await limited.close();
    }
  });

  it('when the emailed link is followed, then the email is verified once and the link is used up', async () => {
    const s = await signUp();
    expect((await api(server.url, `${s.owner}/setup`, { token: s.grant.accessToken })).body.emailVerified).toBe(false);
    const token = await verificationToken(s.body.email);
    expect((await api(server.url, '/api/signup/verify', { body: { token } })).body).toEqual({ verified: true });
    expect((await api(server.url, '/api/signup/verify', { body: { token } })).body.error.code).toBe('invalid_token');
    expect((await api(server.url, `${s.owner}/setup`, { token: s.grant.accessToken })).body.emailVerified).toBe(true);
    expect((await api(server.url, `${s.owner}/verification`, { method: 'POST', token: s.grant.accessToken })).status).toBe(409);
  });

  it('when a new link is asked for, then the old one stops working', async () => {
    const s = await signUp();
    const first = await verificationToken(s.body.email);
    expect((await api(server.url, `${s.owner}/verification`, { method: 'POST', token: s.grant.accessToken })).status).toBe(202);
    const second = await verificationToken(s.body.email);
    expect(second).not.toBe(first);
    expect((await api(server.url, '/api/signup/verify', { body: { token: first } })).status).toBe(400);
    expect((await api(server.url, '/api/signup/verify', { body: { token: second } })).status).toBe(200);
  });
});

describe('guided setup', () => {
  it('when doctors, hours and a tablet are added, then the checklist follows the data, and finishing is recorded once', async () => {
    const s = await verified();
    const t = s.grant.accessToken;
    expect((await api(server.url, `${s.owner}/setup`, { token: t })).body).toMatchObject({
      doctors: 0,
      hoursSet: false,
      devices: 0,
      completedAt: null,
    });
    expect(
      (await api(server.url, `${s.owner}/doctors/dr-a`, { method: 'PUT', token: t, body: { name: 'Dr A', room: '1', active: true } }))
        .status,
    ).toBe(200);
    const hours = {
      spans: [
        { weekday: 1, open: '14:00', close: '18:00' },
        { weekday: 1, open: '08:30', close: '12:30' },
      ],
    };
    expect((await api(server.url, `${s.owner}/hours`, { method: 'PUT', token: t, body: hours })).status).toBe(200);
    expect((await api(server.url, `${s.owner}/hours`, { token: t })).body.spans[0]).toEqual({ weekday: 1, open: '08:30', close: '12:30' });
    expect(
      (
        await api(server.url, `${s.owner}/hours`, {
          method: 'PUT',
          token: t,
          body: { spans: [{ weekday: 7, open: '18:00', close: '08:00' }] },
        })
      ).status,
    ).toBe(400);
    const code = await enrolmentCode(s);
    expect(
      (await api(server.url, '/api/auth/enrol', { body: { code: code.body.code, device: { kind: 'reception', name: 'Desk' } } })).status,
    ).toBe(200);
    expect((await api(server.url, `${s.owner}/setup`, { token: t })).body).toMatchObject({
      emailVerified: true,
      doctors: 1,
      hoursSet: true,
      devices: 1,
    });
    const done = await api(server.url, `${s.owner}/setup/complete`, { method: 'POST', token: t });
    expect(done.body.completedAt).not.toBeNull();
    await api(server.url, `${s.owner}/setup/complete`, { method: 'POST', token: t });
    expect(await db.query(`SELECT 1 FROM audit_log WHERE clinic_id = $1 AND action = 'clinic.setup_complete'`, [s.clinicId])).toHaveLength(
      1,
    );
  });
});

describe('enrolment codes', () => {
  it('when the owner has not verified the email, then no code is made', async () => {
    const s = await signUp();
    const r = await enrolmentCode(s);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('email_unverified');
  });

  it('when a tablet enrols with a code typed loosely, then it gets a device session with its series, and the code works only once', async () => {
    const s = await verified();
    const { body: made } = await enrolmentCode(s);
    expect(made.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(made.url).toBe(`${server.url}/?enrol=${made.code}`);
    const typed = `${made.code.slice(0, 4).toLowerCase()}-${made.code.slice(4)}`;
    const r = await api<Grant>(server.url, '/api/auth/enrol', { body: { code: typed, device: { kind: 'reception', name: 'Front desk' } } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      clinic: { id: s.clinicId },
      // A device's authority is its kind, whoever made the code.
      role: null,
      clinics: [],
      device: { kind: 'reception', name: 'Front desk', series: 'A' },
    });
    expect(r.body.device!.capabilityKey).toBeTruthy();
    // The session replicates like any tablet's.
    expect(
      (
        await api(server.url, '/api/sync/v1/entries/push', {
          token: r.body.accessToken,
          body: [{ newDocumentState: wire(walkIn([], s.clinicId, 'First patient')) }],
        })
      ).status,
    ).toBe(200);
    const again = await api(server.url, '/api/auth/enrol', { body: { code: made.code, device: { kind: 'reception', name: 'Other' } } });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_code');
  });

  it("when the code's maker may no longer enrol devices, then the code is refused and no device is made", async () => {
    const s = await verified();
    const { body: made } = await enrolmentCode(s);
    await db.query(`UPDATE memberships SET role = 'doctor' WHERE clinic_id = $1 AND user_id = $2`, [s.clinicId, s.grant.user.id]);
    const r = await api(server.url, '/api/auth/enrol', { body: { code: made.code, device: { kind: 'reception', name: 'Desk' } } });
    expect(r.body.error.code).toBe('invalid_code');
    expect(await db.query('SELECT 1 FROM devices WHERE clinic_id = $1', [s.clinicId])).toHaveLength(0);
  });

  it('when a code expired, or is for another kind of device, then it is refused', async () => {
    const s = await verified();
    const { body: made } = await enrolmentCode(s);
    expect((await api(server.url, '/api/auth/enrol', { body: { code: made.code, device: { kind: 'display', name: 'TV' } } })).status).toBe(
      400,
    );
    await db.query(`UPDATE enrolment_codes SET expires_at = now() - interval '1 second' WHERE clinic_id = $1`, [s.clinicId]);
    expect(
      (await api(server.url, '/api/auth/enrol', { body: { code: made.code, device: { kind: 'reception', name: 'Desk' } } })).status,
    ).toBe(400);
    expect(
      (await api(server.url, '/api/auth/enrol', { body: { code: 'not a code', device: { kind: 'reception', name: 'Desk' } } })).status,
    ).toBe(400);
  });
});

describe('housekeeping', () => {
  it('when codes and links ended more than a day ago, then they are deleted; live ones stay', async () => {
    const s = await verified();
    await enrolmentCode(s);
    await enrolmentCode(s);
    await db.query(
      `UPDATE enrolment_codes SET expires_at = now() - interval '25 hours' WHERE code_hash = (SELECT code_hash FROM enrolment_codes WHERE clinic_id = $1 LIMIT 1)`,
      [s.clinicId],
    );
    await pruneExpiredCredentials(db);
    expect(await db.query('SELECT 1 FROM enrolment_codes WHERE clinic_id = $1', [s.clinicId])).toHaveLength(1);
    await db.query(`UPDATE email_verifications SET used_at = now() - interval '25 hours' WHERE user_id = $1`, [s.grant.user.id]);
    await pruneExpiredCredentials(db);
    expect(await db.query('SELECT 1 FROM email_verifications WHERE user_id = $1', [s.grant.user.id])).toHaveLength(0);
  });
});

describe('plan limits', () => {
  it('when one device more than the plan allows is enrolled, then it is refused with a message naming the plan and its limit, until one is revoked', async () => {
    const s = await verified();
    const t = s.grant.accessToken;
    const devices: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { body } = await enrolmentCode(s);
      const r = await api<Grant>(server.url, '/api/auth/enrol', {
        body: { code: body.code, device: { kind: 'reception', name: `Desk ${i}` } },
      });
      devices.push(r.body.device!.id);
    }
    const refused = await enrolmentCode(s);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('plan_limit');
    // It names the plan, its limit, and what to do from where.
    expect(refused.body.error.message).toMatch(
      /^the Trial plan allows 2 devices, all in use: the owner can revoke a device no longer used \(owner area, Administration, Devices/,
    );
    expect(refused.body.error.message).toContain('unseen for 30 days');
    // The same wall for a password sign-in that enrols, and for a code made before the limit was reached.
    const byPassword = await api(server.url, '/api/auth/login', {
      body: { email: s.body.email, password: s.body.password, device: { kind: 'display', name: 'TV' } },
    });
    expect(byPassword.body.error.code).toBe('plan_limit');
    expect(await db.query('SELECT 1 FROM devices WHERE clinic_id = $1', [s.clinicId])).toHaveLength(2);
    expect((await api(server.url, `${s.owner}/devices/${devices[0]}`, { method: 'DELETE', token: t })).status).toBe(204);
    expect((await enrolmentCode(s)).status).toBe(201);
  });

  it('when a code made under the limit is used after the limit was reached, then the tablet is refused and the code stays usable', async () => {
    const s = await verified();
    const early = (await enrolmentCode(s)).body;
    for (let i = 0; i < 2; i++) {
      const { body } = await enrolmentCode(s);
      await api(server.url, '/api/auth/enrol', { body: { code: body.code, device: { kind: 'reception', name: `Desk ${i}` } } });
    }
    const r = await api(server.url, '/api/auth/enrol', { body: { code: early.code, device: { kind: 'reception', name: 'Third' } } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('plan_limit');
    expect(await db.query('SELECT 1 FROM enrolment_codes WHERE clinic_id = $1 AND used_at IS NULL', [s.clinicId])).toHaveLength(1);
  });

  it('when one doctor more than the plan allows is activated, from the owner area or a replication push, then it is refused; inactive doctors and renames are not', async () => {
    const s = await verified();
    const t = s.grant.accessToken;
    const put = (id: string, body: object) => api(server.url, `${s.owner}/doctors/${id}`, { method: 'PUT', token: t, body });
    expect((await put('d1', { name: 'Dr One', room: '1', active: true })).status).toBe(200);
    expect((await put('d2', { name: 'Dr Two', room: '2', active: true })).status).toBe(200);
    const third = await put('d3', { name: 'Dr Three', room: '3', active: true });
    expect(third.status).toBe(403);
    expect(third.body.error).toMatchObject({
      code: 'plan_limit',
      message: 'the Trial plan allows 2 active doctors: deactivate one or change plan',
    });
    expect((await put('d3', { name: 'Dr Three', room: '3', active: false })).status).toBe(200);
    expect((await put('d1', { name: 'Dr One Renamed', room: '1', active: true })).status).toBe(200);
    const { body: code } = await enrolmentCode(s);
    const tablet = (
      await api<Grant>(server.url, '/api/auth/enrol', { body: { code: code.code, device: { kind: 'reception', name: 'Desk' } } })
    ).body;
    const cur = (await readDoc(db, s.clinicId, 'doctors', 'd3'))!;
    const push = await api(server.url, '/api/sync/v1/doctors/push', {
      token: tablet.accessToken,
      body: [{ assumedMasterState: cur, newDocumentState: { ...cur, active: true, updatedAt: Date.now() } }],
    });
    expect(push.status).toBe(403);
    expect(push.body.error.code).toBe('plan_limit');
    expect((await readDoc(db, s.clinicId, 'doctors', 'd3'))!.active).toBe(false);
  });
});
