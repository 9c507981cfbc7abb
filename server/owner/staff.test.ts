// Staff accounts by invitation: who may join a clinic, on whose password, and
// what removing, demoting or resetting someone ends at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, api, createClinic, eventually, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { type LinkKind, mailedToken as mailedTokenIn } from '../../testkit/mailbox.ts';
import type { RunningServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

const signIn = (email: string, password: string, clinicId?: string) =>
  api(server.url, '/api/auth/login', { body: { email, password, ...(clinicId ? { clinicId } : {}) } });

const mailedToken = (email: string, param: LinkKind) => mailedTokenIn(db, email, param);

async function invite(clinicId: string, token: string, email: string, role = 'receptionist') {
  return api(server.url, `/api/owner/clinics/${clinicId}/invitations`, { token, body: { email, name: 'New Colleague', role } });
}

const staffEmails = async (clinicId: string, token: string) =>
  ((await api(server.url, `/api/owner/clinics/${clinicId}/staff`, { token })).body.staff as { email: string }[]).map((s) => s.email);

describe('defect 1: account pre-creation across clinics', () => {
  it('when clinic B pre-creates an account for an email and clinic A then adds that email, then B’s password does not sign into A', async () => {
    const a = await createClinic(db);
    const ownerA = await login(server.url, a.emails.owner);
    const email = `colleague-${a.id.slice(0, 8)}@test.tn`;
    const chosenByB = 'password chosen by clinic B';
    const b = await api(server.url, '/api/signup', {
      body: { clinicName: 'Clinic B', ownerName: 'Someone Else', email, password: chosenByB, languages: ['fr'], timeZone: 'Africa/Tunis' },
    });
    expect(b.status).toBe(201);

    // A's owner adds the email the way the owner area offers (the old route took a password; it is gone).
    await api(server.url, `/api/owner/clinics/${a.id}/staff`, {
      token: ownerA.accessToken,
      body: { email, name: 'New Colleague', role: 'receptionist', password: 'password chosen by A' },
    });
    await invite(a.id, ownerA.accessToken, email);

    const intoA = await signIn(email, chosenByB, a.id);
    expect(intoA.status).toBe(403);
    expect(intoA.body.error.code).toBe('no_clinic');
    expect(await staffEmails(a.id, ownerA.accessToken)).not.toContain(email);
  });
});

describe('invitations', () => {
  it('when an invitee without an account accepts, then they set their own password (sign-up’s minimum), join with the role, and the link works once', async () => {
    const a = await createClinic(db);
    const owner = await login(server.url, a.emails.owner);
    const email = `new-${a.id.slice(0, 8)}@test.tn`;
    expect((await invite(a.id, owner.accessToken, email)).status).toBe(201);
    const pending = await api(server.url, `/api/owner/clinics/${a.id}/invitations`, { token: owner.accessToken });
    expect(pending.body.invitations).toMatchObject([{ email, role: 'receptionist', invitedBy: expect.stringContaining('owner') }]);
    const token = await mailedToken(email, 'invite');

    const info = await api(server.url, '/api/auth/invitation', { body: { token } });
    expect(info.body).toMatchObject({ email, role: 'receptionist', existingAccount: false, clinicName: `Clinic ${a.id.slice(0, 8)}` });
    const short = await api(server.url, '/api/auth/invitation/accept', { body: { token, password: 'short' } });
    expect([short.status, short.body.error.code]).toEqual([400, 'invalid_body']);

    const accepted = await api(server.url, '/api/auth/invitation/accept', { body: { token, password: 'my own long password' } });
    expect(accepted.status).toBe(201);
    expect(accepted.body.grant).toMatchObject({ clinic: { id: a.id }, role: 'receptionist', user: { email } });
    expect((await signIn(email, 'my own long password', a.id)).status).toBe(200);
    const again = await api(server.url, '/api/auth/invitation/accept', { body: { token, password: 'my own long password' } });
    expect([again.status, again.body.error.code]).toEqual([400, 'invalid_token']);
    expect((await api(server.url, `/api/owner/clinics/${a.id}/invitations`, { token: owner.accessToken })).body.invitations).toEqual([]);
  });

  it('when the email already has an account, then it joins only with that account’s password, and a wrong one leaves the invitation open', async () => {
    const a = await createClinic(db);
    const b = await createClinic(db);
    const ownerA = await login(server.url, a.emails.owner);
    // B's receptionist already has an account (password PASSWORD).
    const email = b.emails.receptionist;
    await invite(a.id, ownerA.accessToken, email, 'doctor');
    const token = await mailedToken(email, 'invite');
    expect((await api(server.url, '/api/auth/invitation', { body: { token } })).body.existingAccount).toBe(true);

    const wrong = await api(server.url, '/api/auth/invitation/accept', { body: { token, password: 'a password someone set' } });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'bad_credentials']);
    expect(await staffEmails(a.id, ownerA.accessToken)).not.toContain(email);

    const right = await api(server.url, '/api/auth/invitation/accept', { body: { token, password: PASSWORD } });
    expect(right.status).toBe(201);
    expect(right.body.grant.clinics.map((c: { id: string }) => c.id).sort()).toEqual([a.id, b.id].sort());
    expect(await staffEmails(a.id, ownerA.accessToken)).toContain(email);
  });

  it('when an invitation is cancelled or replaced, then its link is refused; staff and strangers cannot invite', async () => {
    const a = await createClinic(db);
    const owner = await login(server.url, a.emails.owner);
    const reception = await login(server.url, a.emails.receptionist);
    const email = `cancel-${a.id.slice(0, 8)}@test.tn`;
    const first = await invite(a.id, owner.accessToken, email);
    const firstToken = await mailedToken(email, 'invite');
    await invite(a.id, owner.accessToken, email);
    const replaced = await api(server.url, '/api/auth/invitation', { body: { token: firstToken } });
    expect([replaced.status, replaced.body.error.code]).toEqual([400, 'invalid_token']);

    const open = (await api(server.url, `/api/owner/clinics/${a.id}/invitations`, { token: owner.accessToken })).body.invitations;
    expect(open.map((i: { id: string }) => i.id)).not.toContain(first.body.id);
    const cancel = await api(server.url, `/api/owner/clinics/${a.id}/invitations/${open[0].id}`, {
      method: 'DELETE',
      token: owner.accessToken,
    });
    expect(cancel.status).toBe(204);
    const gone = await api(server.url, '/api/auth/invitation/accept', {
      body: { token: await mailedToken(email, 'invite'), password: 'my own long password' },
    });
    expect([gone.status, gone.body.error.code]).toEqual([400, 'invalid_token']);

    expect((await invite(a.id, reception.accessToken, 'x@test.tn')).status).toBe(403);
    expect((await invite(a.id, '', 'x@test.tn')).status).toBe(401);
    const member = await invite(a.id, owner.accessToken, a.emails.doctor.toUpperCase());
    expect([member.status, member.body.error.code]).toEqual([409, 'already_member']);
    const long = await api(server.url, `/api/owner/clinics/${a.id}/invitations`, {
      token: owner.accessToken,
      body: { email: 'long@test.tn', name: 'x'.repeat(121), role: 'doctor' },
    });
    expect(long.status).toBe(400);
    const password = await api(server.url, `/api/owner/clinics/${a.id}/invitations`, {
      token: owner.accessToken,
      body: { email: 'pw@test.tn', name: 'With Password', role: 'doctor', password: 'chosen by the owner' },
    });
    expect(password.status).toBe(400);
  });
});

describe('roles and removal', () => {
  it('when the only owner would be demoted or removed, then 409 last_owner; a second owner may be', async () => {
    const a = await createClinic(db);
    const owner = await login(server.url, a.emails.owner);
    const path = (id: string) => `/api/owner/clinics/${a.id}/staff/${id}`;
    const demote = await api(server.url, path(owner.user.id), { method: 'PATCH', token: owner.accessToken, body: { role: 'doctor' } });
    expect([demote.status, demote.body.error.code]).toEqual([409, 'last_owner']);
    const remove = await api(server.url, path(owner.user.id), { method: 'DELETE', token: owner.accessToken });
    expect([remove.status, remove.body.error.code]).toEqual([409, 'last_owner']);

    const reception = await login(server.url, a.emails.receptionist);
    const promote = await api(server.url, path(reception.user.id), { method: 'PATCH', token: owner.accessToken, body: { role: 'owner' } });
    expect(promote.status).toBe(200);
    // The new role shows in a new sign-in; the old session, which carried the old role, is over.
    const old = await api(server.url, '/api/auth/refresh', { body: { refreshToken: reception.refreshToken } });
    expect([old.status, old.body.error.code]).toEqual([401, 'revoked']);
    expect((await login(server.url, a.emails.receptionist)).role).toBe('owner');
    const bad = await api(server.url, path(reception.user.id), { method: 'PATCH', token: owner.accessToken, body: { role: 'admin' } });
    expect(bad.status).toBe(400);
    expect((await api(server.url, path(owner.user.id), { method: 'DELETE', token: owner.accessToken })).status).toBe(204);
  });

  it('when a member is removed, then their sessions and the tablets they enrolled stop at once, and they cannot sign in to the clinic', async () => {
    const a = await createClinic(db);
    const owner = await login(server.url, a.emails.owner);
    const person = await login(server.url, a.emails.receptionist);
    const tablet = await login(server.url, a.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const removed = await api(server.url, `/api/owner/clinics/${a.id}/staff/${person.user.id}`, {
      method: 'DELETE',
      token: owner.accessToken,
    });
    expect(removed.status).toBe(204);

    for (const s of [person, tablet]) {
      const r = await api(server.url, '/api/auth/refresh', { body: { refreshToken: s.refreshToken } });
      expect([r.status, r.body.error.code]).toEqual([401, 'revoked']);
      // The access tokens stop before they expire (every instance hears of the revocation).
      await eventually(async () => expect((await api(server.url, '/api/sync/v1/entries/pull', { token: s.accessToken })).status).toBe(401));
    }
    const devices = await api(server.url, `/api/owner/clinics/${a.id}/devices`, { token: owner.accessToken });
    expect(devices.body.devices.find((d: { id: string }) => d.id === tablet.device!.id).revoked_at).not.toBeNull();
    const again = await signIn(a.emails.receptionist, PASSWORD, a.id);
    expect([again.status, again.body.error.code]).toEqual([403, 'no_clinic']);
    const log = await api(server.url, `/api/owner/clinics/${a.id}/audit`, { token: owner.accessToken });
    expect(log.body.events[0]).toMatchObject({
      action: 'staff.remove',
      target: person.user.id,
      details: { role: 'receptionist', devicesRevoked: 1 },
    });
    const missing = await api(server.url, `/api/owner/clinics/${a.id}/staff/${person.user.id}`, {
      method: 'DELETE',
      token: owner.accessToken,
    });
    expect(missing.status).toBe(404);
  });
});

describe('passwords', () => {
  it('when the owner sends a reset, then the member sets a new password by the mailed link, the old one fails and their sessions end', async () => {
    const a = await createClinic(db);
    const owner = await login(server.url, a.emails.owner);
    const doctor = await login(server.url, a.emails.doctor);
    const sent = await api(server.url, `/api/owner/clinics/${a.id}/staff/${doctor.user.id}/password-reset`, {
      method: 'POST',
      token: owner.accessToken,
    });
    expect(sent.status).toBe(202);
    const token = await mailedToken(a.emails.doctor, 'reset');
    const weak = await api(server.url, '/api/auth/password-reset', { body: { token, password: 'short' } });
    expect(weak.status).toBe(400);
    const reset = await api(server.url, '/api/auth/password-reset', { body: { token, password: 'a brand new password' } });
    expect(reset.status).toBe(200);

    expect((await signIn(a.emails.doctor, PASSWORD)).status).toBe(401);
    expect((await signIn(a.emails.doctor, 'a brand new password')).status).toBe(200);
    const old = await api(server.url, '/api/auth/refresh', { body: { refreshToken: doctor.refreshToken } });
    expect([old.status, old.body.error.code]).toEqual([401, 'revoked']);
    const twice = await api(server.url, '/api/auth/password-reset', { body: { token, password: 'another new password' } });
    expect([twice.status, twice.body.error.code]).toEqual([400, 'invalid_token']);

    const stranger = await createClinic(db);
    const otherOwner = await login(server.url, stranger.emails.owner);
    const foreign = await api(server.url, `/api/owner/clinics/${stranger.id}/staff/${doctor.user.id}/password-reset`, {
      method: 'POST',
      token: otherOwner.accessToken,
    });
    expect(foreign.status).toBe(404);
  });

  it('when a person changes their own password, then the current one is required and their other sessions end; a tablet may not', async () => {
    const a = await createClinic(db);
    const here = await login(server.url, a.emails.receptionist);
    const elsewhere = await login(server.url, a.emails.receptionist);
    const tablet = await login(server.url, a.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const change = (token: string, currentPassword: string) =>
      api(server.url, '/api/auth/password', { token, body: { currentPassword, newPassword: 'my changed password' } });

    const wrong = await change(here.accessToken, 'not my password');
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'bad_credentials']);
    const fromTablet = await change(tablet.accessToken, PASSWORD);
    expect([fromTablet.status, fromTablet.body.error.code]).toEqual([403, 'forbidden']);
    expect((await change('', PASSWORD)).status).toBe(401);

    expect((await change(here.accessToken, PASSWORD)).status).toBe(200);
    expect((await api(server.url, '/api/auth/refresh', { body: { refreshToken: elsewhere.refreshToken } })).status).toBe(401);
    expect((await api(server.url, '/api/auth/refresh', { body: { refreshToken: here.refreshToken } })).status).toBe(200);
    expect((await api(server.url, '/api/auth/refresh', { body: { refreshToken: tablet.refreshToken } })).status).toBe(200);
    expect((await signIn(a.emails.receptionist, 'my changed password')).status).toBe(200);
  });
});

describe('limits', () => {
  it('when the public link routes are hammered, or one clinic sends too many mails, then 429', async () => {
    const limited = await startTestServer(db, { LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const token = 'x'.repeat(43);
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await api(limited.url, '/api/auth/password-reset', { body: { token, password: 'long enough pw' } })).status);
      expect(codes).toEqual([400, 400, 400, 429]);
      const accept = await api(limited.url, '/api/auth/invitation/accept', { body: { token, password: 'long enough pw' } });
      expect([accept.status, accept.body.error.code]).toEqual([429, 'rate_limited']);

      const a = await createClinic(db);
      const owner = await login(server.url, a.emails.owner);
      const statuses: number[] = [];
      for (let i = 0; i <= 30; i++)
        statuses.push(
          (
            await api(limited.url, `/api/owner/clinics/${a.id}/invitations`, {
              token: owner.accessToken,
              body: { email: `n${i}@test.tn`, name: 'N', role: 'doctor' },
            })
          ).status,
        );
      expect(statuses.filter((s) => s === 201)).toHaveLength(30);
      expect(statuses.at(-1)).toBe(429);
      const reset = await api(limited.url, `/api/owner/clinics/${a.id}/staff/${owner.user.id}/password-reset`, {
        method: 'POST',
        token: owner.accessToken,
      });
      expect(reset.status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
