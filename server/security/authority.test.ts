// Issue #14, defects 2, 11 and 12: a device's authority is its kind; a
// suspended clinic's owner writes nothing; no device is enrolled before the
// clinic's email is verified, whichever way it is enrolled.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, PASSWORD, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import type { RunningServer } from '../main.ts';
import type { Grant } from '../auth/sessions.ts';

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

const verifyOwner = (c: TestClinic) =>
  db.query('UPDATE users SET email_verified_at = now() WHERE lower(email) = lower($1)', [c.emails.owner]);
const unverifyAll = (c: TestClinic) =>
  db.query('UPDATE users SET email_verified_at = NULL WHERE id IN (SELECT user_id FROM memberships WHERE clinic_id = $1)', [c.id]);
const ownerApi = (c: TestClinic, token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  api(server.url, `/api/owner/clinics/${c.id}${path}`, { ...init, token });

describe('defect 2: a device has the authority of its kind, never its enroller’s role', () => {
  it('when the owner enrols devices by sign-in, by code and by refresh, then no grant names a role or the owner’s other clinics; the person’s own grant does', async () => {
    const clinic = await createClinic(db);
    const other = await createClinic(db);
    await verifyOwner(clinic);
    // The owner also owns another clinic: a device must not learn it.
    await db.query(`INSERT INTO memberships (clinic_id, user_id, role) SELECT $1, id, 'owner' FROM users WHERE lower(email) = lower($2)`, [
      other.id,
      clinic.emails.owner,
    ]);
    const person = await login(server.url, clinic.emails.owner);
    expect(person.role).toBe('owner');
    expect(person.clinics.map((c) => c.id).sort()).toEqual([clinic.id, other.id].sort());
    // Naming the clinic: a member of several is asked which one otherwise (choose_clinic, branches.test.ts).
    const enrol = async (device: { kind: 'display' | 'reception'; name: string }) =>
      (
        await api<Grant>(server.url, '/api/auth/login', {
          body: { email: clinic.emails.owner, password: PASSWORD, clinicId: clinic.id, device },
        })
      ).body;
    const display = await enrol({ kind: 'display', name: 'TV' });
    const tablet = await enrol({ kind: 'reception', name: 'Desk' });
    const code = await ownerApi(clinic, person.accessToken, '/enrolment-codes', { body: { kind: 'display' } });
    const enrolled = await api(server.url, '/api/auth/enrol', {
      body: { code: code.body.code, device: { kind: 'display', name: 'Hall' } },
    });
    const refreshed = await api(server.url, '/api/auth/refresh', { body: { refreshToken: tablet.refreshToken } });
    for (const [how, grant] of [
      ['display', display],
      ['tablet', tablet],
      ['code', enrolled.body],
      ['refresh', refreshed.body],
    ] as const) {
      expect([how, grant.role, grant.clinics, grant.clinic.id]).toEqual([how, null, [], clinic.id]);
      expect(grant.device).not.toBeNull();
    }
  });

  it('when the owner enrols a display and a reception tablet, then neither reads staff, devices or audit, nor adds an owner', async () => {
    const clinic = await createClinic(db);
    await verifyOwner(clinic);
    const display = await login(server.url, clinic.emails.owner, { kind: 'display', name: 'TV' });
    const tablet = await login(server.url, clinic.emails.owner, { kind: 'reception', name: 'Desk' });
    for (const device of [display, tablet]) {
      for (const path of ['/staff', '/devices', '/audit', '/settings']) {
        const r = await ownerApi(clinic, device.accessToken, path);
        expect([path, r.status, r.body.error?.code]).toEqual([path, 403, 'forbidden']);
      }
      const intruder = `intruder-${randomUUID()}@evil.test`;
      const add = await ownerApi(clinic, device.accessToken, '/invitations', {
        body: { email: intruder, name: 'Intruder', role: 'owner' },
      });
      expect(add.status).toBe(403);
      expect(await db.query('SELECT 1 FROM staff_invitations WHERE email = $1', [intruder])).toEqual([]);
    }
    // The display still shows the queue; the tablet still replicates it.
    const watch = await fetch(`${server.url}/api/queue/v1/stream`, { headers: { authorization: `Bearer ${display.accessToken}` } });
    expect(watch.status).toBe(200);
    await watch.body?.cancel();
    expect((await api(server.url, '/api/sync/v1/entries/pull', { token: tablet.accessToken })).status).toBe(200);
  });

  it('when a device token is refreshed, then the new token has no more authority than the first', async () => {
    const clinic = await createClinic(db);
    await verifyOwner(clinic);
    const display = await login(server.url, clinic.emails.owner, { kind: 'display', name: 'TV' });
    const next = await api(server.url, '/api/auth/refresh', { body: { refreshToken: display.refreshToken } });
    expect(next.status).toBe(200);
    expect((await ownerApi(clinic, next.body.accessToken, '/staff')).status).toBe(403);
  });
});

describe('defect 11: every owner write of a suspended clinic is refused the same way', () => {
  it('when the clinic is suspended, then adding staff, hours, setup, settings, doctors and enrolment codes answer 403 clinic_suspended and change nothing', async () => {
    const clinic = await createClinic(db);
    await verifyOwner(clinic);
    const owner = (await login(server.url, clinic.emails.owner)).accessToken;
    await db.query(`UPDATE clinics SET status = 'suspended' WHERE id = $1`, [clinic.id]);
    const newcomer = `late-${randomUUID()}@test.tn`;
    const [receptionist] = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [clinic.emails.receptionist]);
    const writes: [string, string, unknown][] = [
      ['POST', '/invitations', { email: newcomer, name: 'Late Owner', role: 'owner' }],
      ['PATCH', `/staff/${receptionist!.id}`, { role: 'owner' }],
      ['PUT', '/hours', { spans: [{ weekday: 1, open: '08:00', close: '12:00' }] }],
      ['PUT', '/window', { pastDays: 7 }],
      ['POST', '/setup/complete', {}],
      ['PATCH', '/settings', { name: 'Renamed while suspended' }],
      ['PUT', '/doctors/doc-new', { id: 'doc-new', name: 'Dr New', room: '3', active: true }],
      ['POST', '/enrolment-codes', { kind: 'reception' }],
    ];
    for (const [method, path, body] of writes) {
      const r = await ownerApi(clinic, owner, path, { method, body });
      expect([method, path, r.status, r.body?.error?.code]).toEqual([method, path, 403, 'clinic_suspended']);
    }
    const [c] = await db.query<{ hours: unknown; done: unknown; name: string; pastDays: number }>(
      'SELECT opening_hours AS hours, setup_completed_at AS done, name, local_past_days AS "pastDays" FROM clinics WHERE id = $1',
      [clinic.id],
    );
    expect(c).toEqual({ hours: null, done: null, name: expect.not.stringContaining('Renamed'), pastDays: 1 });
    expect(await db.query('SELECT 1 FROM staff_invitations WHERE email = $1', [newcomer])).toEqual([]);
    expect(await db.query('SELECT role FROM memberships WHERE clinic_id = $1 AND user_id = $2', [clinic.id, receptionist!.id])).toEqual([
      { role: 'receptionist' },
    ]);
    // Reads stay open, and so does cutting off a lost device.
    expect((await ownerApi(clinic, owner, '/staff')).status).toBe(200);
    expect((await ownerApi(clinic, owner, `/devices/${randomUUID()}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('defect 12: one enrolment rule, whichever way a device is enrolled', () => {
  it('when no owner of the clinic has verified their email, then signing in with a device is refused like making a code', async () => {
    const clinic = await createClinic(db);
    await unverifyAll(clinic);
    const owner = (await login(server.url, clinic.emails.owner)).accessToken;
    const code = await ownerApi(clinic, owner, '/enrolment-codes', { body: { kind: 'reception' } });
    expect([code.status, code.body.error?.code]).toEqual([403, 'email_unverified']);
    for (const email of [clinic.emails.owner, clinic.emails.receptionist]) {
      const r = await api(server.url, '/api/auth/login', {
        body: { email, password: PASSWORD, device: { kind: 'reception', name: 'Desk' } },
      });
      expect([email, r.status, r.body.error?.code]).toEqual([email, 403, 'email_unverified']);
    }
    expect(await db.query('SELECT 1 FROM devices WHERE clinic_id = $1', [clinic.id])).toEqual([]);
    // Signing in as a person is not enrolment.
    expect((await api(server.url, '/api/auth/login', { body: { email: clinic.emails.receptionist, password: PASSWORD } })).status).toBe(
      200,
    );
  });

  it('when the owner verifies, then every path enrols: sign-in with a device and a code', async () => {
    const clinic = await createClinic(db);
    await unverifyAll(clinic);
    await verifyOwner(clinic);
    await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const owner = (await login(server.url, clinic.emails.owner)).accessToken;
    const code = await ownerApi(clinic, owner, '/enrolment-codes', { body: { kind: 'display' } });
    expect(code.status).toBe(201);
    const enrol = await api(server.url, '/api/auth/enrol', { body: { code: code.body.code, device: { kind: 'display', name: 'TV' } } });
    expect(enrol.status).toBe(200);
  });

  it('when a code was made while verified and the clinic has no verified owner any more, then the code enrols nothing', async () => {
    const clinic = await createClinic(db);
    await verifyOwner(clinic);
    const owner = (await login(server.url, clinic.emails.owner)).accessToken;
    const code = await ownerApi(clinic, owner, '/enrolment-codes', { body: { kind: 'reception' } });
    expect(code.status).toBe(201);
    // E.g. the verified owner left and the one who remains never verified.
    await unverifyAll(clinic);
    const enrol = await api(server.url, '/api/auth/enrol', { body: { code: code.body.code, device: { kind: 'reception', name: 'Desk' } } });
    expect([enrol.status, enrol.body.error?.code]).toEqual([403, 'email_unverified']);
  });
});
