// An owner's branches: a new clinic on the same account, each branch a tenant
// walled off like any other (its staff reach it only as its members), and the
// combined report equal to the branches' own reports, summed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, PASSWORD, pushDocs, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import type { RunningServer } from '../main.ts';
import type { Grant } from '../auth/sessions.ts';
import { BRANCHES_PER_HOUR, CombinedReport, MAX_BRANCHES_PER_ACCOUNT } from '../../shared/branches.ts';
import type { Entry } from '../../shared/schemas.ts';
import { OperatorClinicList } from '../../shared/saas.ts';
import { addOperator } from '../operator/accounts.ts';

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

const BRANCH = { clinicName: 'Cabinet Sfax', languages: ['ar', 'fr'], timeZone: 'Africa/Tunis' };
const DAY = '2026-11-28';

async function addBranch(owner: Grant, body: object = BRANCH) {
  return api(server.url, '/api/owner/clinics', { token: owner.accessToken, body });
}

/** A clinic whose owner added a second branch: the two clinics, and the owner signed in to the first. */
async function twoBranches(): Promise<{ a: TestClinic; b: string; owner: Grant }> {
  const a = await createClinic(db);
  const owner = await login(server.url, a.emails.owner);
  const r = await addBranch(owner);
  expect(r.status).toBe(201);
  return { a, b: r.body.id, owner };
}

describe('adding a branch', () => {
  it('when an owner adds a branch, then it is a clinic of its own on a trial, with its settings, owned by the same account', async () => {
    const { a, b, owner } = await twoBranches();
    const list = await api(server.url, '/api/owner/clinics', { token: owner.accessToken });
    expect(list.body.clinics.map((c: { id: string }) => c.id).sort()).toEqual([a.id, b].sort());
    const settings = await api(server.url, `/api/owner/clinics/${b}/settings`, { token: owner.accessToken });
    expect(settings.body).toMatchObject({ id: b, clinicId: b, name: 'Cabinet Sfax', languages: ['ar', 'fr'], timeZone: 'Africa/Tunis' });
    const sub = await api(server.url, `/api/owner/clinics/${b}/subscription`, { token: owner.accessToken });
    expect(sub.body).toMatchObject({ status: 'trial', plan: { id: 'trial' } });
    const staff = await api(server.url, `/api/owner/clinics/${b}/staff`, { token: owner.accessToken });
    expect(staff.body.staff.map((s: { email: string; role: string }) => [s.email, s.role])).toEqual([[a.emails.owner, 'owner']]);
    const audit = await api(server.url, `/api/owner/clinics/${b}/audit`, { token: owner.accessToken });
    expect(audit.body.events.map((e: { action: string }) => e.action)).toContain('clinic.branch');
    // Signing in names both, so the pages can offer the choice.
    const grant = await login(server.url, a.emails.owner);
    expect(grant.clinics.map((c) => c.id).sort()).toEqual([a.id, b].sort());
  });

  it('when staff, devices or nobody ask for a branch, then 403 or 401, and no clinic is made', async () => {
    const a = await createClinic(db);
    // Other files add clinics meanwhile: count this clinic's people's memberships.
    const theirs = () =>
      db.query('SELECT count(*)::int AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ANY($1)', [
        Object.values(a.emails),
      ]);
    const before = await theirs();
    const tokens = {
      receptionist: (await login(server.url, a.emails.receptionist)).accessToken,
      doctor: (await login(server.url, a.emails.doctor)).accessToken,
      reception: (await login(server.url, a.emails.owner, { kind: 'reception', name: 'Desk' })).accessToken,
      display: (await login(server.url, a.emails.owner, { kind: 'display', name: 'TV' })).accessToken,
    };
    for (const [who, token] of Object.entries(tokens)) {
      const r = await api(server.url, '/api/owner/clinics', { token, body: BRANCH });
      expect([who, r.status, r.body.error.code]).toEqual([who, 403, 'forbidden']);
    }
    expect((await api(server.url, '/api/owner/clinics', { body: BRANCH })).status).toBe(401);
    expect(await theirs()).toEqual(before);
  });

  it('when the body is not a clinic, then 400 with the fields named', async () => {
    const owner = await login(server.url, (await createClinic(db)).emails.owner);
    for (const body of [{}, { ...BRANCH, timeZone: 'Mars/Olympus' }, { ...BRANCH, languages: [] }, { ...BRANCH, email: 'x@y.tn' }]) {
      const r = await addBranch(owner, body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_body');
    }
  });

  it("when the owner's email is not verified, then 403 email_unverified", async () => {
    const a = await createClinic(db);
    await db.query('UPDATE users SET email_verified_at = NULL WHERE email = $1', [a.emails.owner]);
    const r = await addBranch(await login(server.url, a.emails.owner));
    expect([r.status, r.body.error.code]).toEqual([403, 'email_unverified']);
  });

  it('when the account holds the most clinics it may, then 409 branch_limit', async () => {
    const a = await createClinic(db);
    const owner = await login(server.url, a.emails.owner);
    const [user] = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [a.emails.owner]);
    for (let i = 1; i < MAX_BRANCHES_PER_ACCOUNT; i++) {
      const id = randomUUID();
      await db.query('INSERT INTO clinics (id, name) VALUES ($1, $2)', [id, `Filler ${i}`]);
      await db.query(`INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, 'owner')`, [id, user!.id]);
    }
    const r = await addBranch(owner);
    expect([r.status, r.body.error.code]).toEqual([409, 'branch_limit']);
  });

  it('when one person adds branches quickly, then the hourly cap answers 429', async () => {
    const owner = await login(server.url, (await createClinic(db)).emails.owner);
    for (let i = 0; i < BRANCHES_PER_HOUR; i++) expect((await addBranch(owner, { ...BRANCH, clinicName: `Branch ${i}` })).status).toBe(201);
    const r = await addBranch(owner);
    expect([r.status, r.body.error.code]).toEqual([429, 'rate_limited']);
  });
});

describe('enrolling a tablet in a branch', () => {
  it('when a member of several clinics signs a tablet in without naming one, then 409 choose_clinic lists them; naming one enrols it there', async () => {
    const { a, b } = await twoBranches();
    const device = { kind: 'reception', name: 'Desk' };
    const r = await api(server.url, '/api/auth/login', { body: { email: a.emails.owner, password: PASSWORD, device } });
    expect([r.status, r.body.error.code]).toEqual([409, 'choose_clinic']);
    expect(r.body.error.issues.map((i: { path: string[] }) => i.path[1]).sort()).toEqual([a.id, b].sort());
    expect(r.body.error.issues.find((i: { path: string[] }) => i.path[1] === b).message).toBe('Cabinet Sfax');
    expect(await db.query('SELECT 1 FROM devices WHERE clinic_id = ANY($1::uuid[])', [[a.id, b]])).toEqual([]);
    const tablet = await api<Grant>(server.url, '/api/auth/login', {
      body: { email: a.emails.owner, password: PASSWORD, device, clinicId: b },
    });
    expect(tablet.status).toBe(200);
    expect([tablet.body.clinic.id, tablet.body.device?.kind]).toEqual([b, 'reception']);
    // A receptionist of one clinic only is enrolled there at once, as before.
    expect((await login(server.url, a.emails.receptionist, { kind: 'reception', name: 'Desk' })).clinic.id).toBe(a.id);
  });
});

describe('branches are tenants', () => {
  it("when staff of branch 1 aim at branch 2, then the owner area, sign-in, pull and push all refuse or hold only branch 1's data", async () => {
    const { a, b, owner } = await twoBranches();
    const secret = walkIn([], b, 'Branch Two Patient');
    expect((await pushDocs(db, b, 'entries', [{ newDocumentState: wire(secret) }])).conflicts).toEqual([]);
    for (const email of [a.emails.receptionist, a.emails.doctor]) {
      const staff = await login(server.url, email);
      expect(staff.clinics.map((c) => c.id)).toEqual([a.id]);
      for (const path of [
        `/api/owner/clinics/${b}/settings`,
        `/api/owner/clinics/${b}/staff`,
        `/api/owner/reports?from=${DAY}&to=${DAY}`,
      ]) {
        const r = await api(server.url, path, { token: staff.accessToken });
        expect([email, path, r.status]).toEqual([email, path, 403]);
      }
      const pull = await api(server.url, '/api/sync/v1/entries/pull', { token: staff.accessToken });
      expect(pull.status).toBe(200);
      expect(JSON.stringify(pull.body)).not.toContain(b);
      const push = await api(server.url, '/api/sync/v1/entries/push', {
        token: staff.accessToken,
        body: [{ newDocumentState: wire(walkIn([], b, 'Intruder')) }],
      });
      expect(push.status).toBe(403);
      const signIn = await api(server.url, '/api/auth/login', { body: { email, password: PASSWORD, clinicId: b } });
      expect([signIn.status, signIn.body.error.code]).toEqual([403, 'no_clinic']);
    }
    // The owner's own sign-in in branch 1 replicates branch 1 only: a branch is entered by signing in to it.
    const ownerPull = await api(server.url, '/api/sync/v1/entries/pull', { token: owner.accessToken });
    expect(JSON.stringify(ownerPull.body)).not.toContain(secret.id);
  });

  it('when a receptionist is a member of both branches, then they choose at sign-in and reach the one chosen', async () => {
    const { a, b } = await twoBranches();
    const [user] = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [a.emails.receptionist]);
    await db.query(`INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, 'receptionist')`, [b, user!.id]);
    const secret = walkIn([], b, 'Branch Two Patient');
    await pushDocs(db, b, 'entries', [{ newDocumentState: wire(secret) }]);
    const r = await api<Grant>(server.url, '/api/auth/login', { body: { email: a.emails.receptionist, password: PASSWORD, clinicId: b } });
    expect(r.status).toBe(200);
    expect(r.body.clinic.id).toBe(b);
    expect(r.body.clinics.map((c) => c.id).sort()).toEqual([a.id, b].sort());
    const pull = await api(server.url, '/api/sync/v1/entries/pull', { token: r.body.accessToken });
    expect(pull.body.documents.map((d: Entry) => d.id)).toEqual([secret.id]);
    // Still no owner area: a member of a branch is not its owner.
    expect((await api(server.url, `/api/owner/clinics/${b}/staff`, { token: r.body.accessToken })).status).toBe(403);
  });
});

/** A visit seen by `doctorId`: called `wait` minutes after arrival, a consultation of `consult` minutes. */
function seen(clinicId: string, doctorId: string, wait: number, consult: number): Entry {
  const e = walkIn([], clinicId, 'Seen', { now: Date.parse(`${DAY}T08:00:00Z`) });
  const called = e.arrivedAt + wait * 60_000;
  return { ...e, doctorId, status: 'done', calledAt: called, startedAt: called, endedAt: called + consult * 60_000 };
}

describe('the combined report', () => {
  it("when both branches had visits, then each branch's figures are its own report's and the total is their sum", async () => {
    const { a, b, owner } = await twoBranches();
    // The same doctor in branch 2, typed differently: one row across branches.
    const doctor = await api(server.url, `/api/owner/clinics/${b}/doctors/b-doc`, {
      method: 'PUT',
      token: owner.accessToken,
      body: { name: 'dr  ONE', room: '3', active: true },
    });
    expect(doctor.status).toBe(200);
    const noShow = { ...walkIn([], a.id, 'Gone', { now: Date.parse(`${DAY}T09:00:00Z`) }), status: 'no_show' as const };
    await pushDocs(
      db,
      a.id,
      'entries',
      [seen(a.id, 'doc-1', 10, 15), seen(a.id, 'doc-2', 20, 5), noShow].map((e) => ({ newDocumentState: wire(e) })),
    );
    await pushDocs(db, b, 'entries', [{ newDocumentState: wire(seen(b, 'b-doc', 40, 25)) }]);
    // Another owner's clinic named in the query changes nothing: the set is the caller's own.
    const stranger = await createClinic(db);
    const r = await api(server.url, `/api/owner/reports?from=${DAY}&to=${DAY}&clinicId=${stranger.id}`, { token: owner.accessToken });
    expect(r.status).toBe(200);
    const combined = CombinedReport.parse(r.body);
    expect(combined.branches.map((x) => x.clinicId).sort()).toEqual([a.id, b].sort());
    for (const branch of combined.branches) {
      const own = await api(server.url, `/api/owner/clinics/${branch.clinicId}/reports?from=${DAY}&to=${DAY}`, {
        token: owner.accessToken,
      });
      expect(branch).toMatchObject({
        visits: own.body.totals.visits,
        waitMedianMin: own.body.wait.medianMin,
        waitCount: own.body.wait.count,
      });
    }
    expect(combined.total).toEqual({ visits: 4, seen: 3, noShows: 1, waitCount: 3, waitMeanMin: 23.3 });
    expect(combined.doctors.find((d) => d.key === 'dr one')).toMatchObject({ consultations: 2, meanMin: 20 });
    expect(combined.doctors).toHaveLength(2);
  });

  it('when an owner has one clinic, then the combined report holds it alone; a reversed range is 400', async () => {
    const solo = await createClinic(db);
    const owner = await login(server.url, solo.emails.owner);
    const r = await api(server.url, `/api/owner/reports?from=${DAY}&to=${DAY}`, { token: owner.accessToken });
    expect(r.body.branches.map((x: { clinicId: string }) => x.clinicId)).toEqual([solo.id]);
    const bad = await api(server.url, `/api/owner/reports?from=${DAY}&to=2026-01-01`, { token: owner.accessToken });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_query']);
  });
});

describe("the operator's list", () => {
  it("when an owner has branches, then they come together under the owner's email, each with its own plan and status", async () => {
    const { a, b } = await twoBranches();
    // A clinic signed up after the branch: it must not fall between the owner's two.
    await createClinic(db);
    const password = 'operator password 1';
    const email = (await addOperator(db, { email: `ops-${randomUUID()}@doctorq.tn`, name: 'Ops', password })).email;
    const op = await api(server.url, '/api/operator/login', { body: { email, password } });
    const list = OperatorClinicList.parse(
      (await api(server.url, '/api/operator/clinics?limit=200', { token: op.body.accessToken })).body,
    ).clinics;
    const at = list.findIndex((c) => c.id === a.id || c.id === b);
    expect(new Set([list[at]!.id, list[at + 1]!.id])).toEqual(new Set([a.id, b]));
    // Billing stays per clinic: the first on its plan, the branch on a trial of its own.
    const row = (id: string) => list.find((c) => c.id === id)!;
    expect([row(a.id).ownerEmail, row(a.id).planId]).toEqual([a.emails.owner, 'essential']);
    expect([row(b).ownerEmail, row(b).planId, row(b).status]).toEqual([a.emails.owner, 'trial', 'trial']);
  });
});
