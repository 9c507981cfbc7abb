// Closing a clinic: its patients' names and phones leave every table at
// once, wherever a column could hold them (the test reads the catalog, not a
// list), its devices, sessions, links and public pages stop, its owner area
// only reads; the owner's other clinic and every other clinic are untouched;
// after the grace period the rest goes but for payments and counts.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, PASSWORD, pushDocs, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { signTicketToken } from '../../shared/capability.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { ERASED_NAME, type Entry } from '../../shared/schemas.ts';
import type { Grant } from '../../shared/auth.ts';
import type { OperatorGrant } from '../../shared/saas.ts';
import { addOperator } from '../operator/accounts.ts';
import { purgeClosedClinics } from './closed-purge.ts';
import { CLOSE_ATTEMPTS_PER_HOUR } from './close-routes.ts';
import { foundAnywhere as findPersonalData } from '../../testkit/personal-data.ts';
import type { RunningServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;

const GRACE_DAYS = 30;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { CLOSED_CLINIC_GRACE_DAYS: String(GRACE_DAYS) });
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

const today = () => clinicDay(Date.now(), 'Africa/Tunis');

interface Patients {
  /** What the clinic stored of its patients: names, phones as typed. */
  stored: string[];
  /** And the phones as digits, as a provider would be given them: none may be found once closed, in whatever form. */
  needles: string[];
  entries: Entry[];
  /** The address of someone invited to join the staff. */
  invited: string;
}

/** A clinic's patients, each name and phone unique to this run, spread wherever the running service puts them. */
async function withPatients(clinic: TestClinic, tablet: Grant): Promise<Patients> {
  const entries: Entry[] = [];
  const stored: string[] = [];
  const digitsOnly: string[] = [];
  for (let i = 0; i < 3; i++) {
    const name = `Zeynab ${randomBytes(5).toString('hex')}`;
    const digits = String(20_000_000 + Math.floor(Math.random() * 79_999_999));
    const phone = `+216 ${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`;
    entries.push({ ...walkIn(entries, clinic.id, name, { now: Date.now() + i }), day: today(), phone, whatsapp: i === 0 });
    stored.push(name, phone);
    digitsOnly.push(`216${digits}`);
  }
  await pushDocs(
    db,
    clinic.id,
    'entries',
    entries.map((e) => ({ newDocumentState: wire(e) })),
  );
  // A visit of long ago too: the erasure is of every visit, not of the day's.
  const old = { ...walkIn([], clinic.id, `Old ${randomBytes(5).toString('hex')}`), day: '2025-01-02', phone: '+216 98 765 432' };
  await pushDocs(db, clinic.id, 'entries', [{ newDocumentState: wire(old) }]);
  entries.push(old);
  stored.push(old.name);
  for (const [i, e] of entries.entries()) {
    await db.query(
      `INSERT INTO push_subscriptions (clinic_id, entry_id, endpoint, p256dh, auth, lang) VALUES ($1, $2, $3, 'k', 'a', 'fr')`,
      [clinic.id, e.id, `https://push.example/${randomUUID()}`],
    );
    // A message sent and one waiting, each with the number and (the worst case) the name in its text.
    await db.query(
      `INSERT INTO outbox (clinic_id, id, entry_id, kind, channel, target, body, status, sent_at)
       VALUES ($1, gen_random_uuid(), $2, 'next', 'sms', $3, $4, $5, CASE WHEN $5 = 'sent' THEN now() END)`,
      [clinic.id, e.id, JSON.stringify({ phone: e.phone }), `${e.name}: almost your turn`, i % 2 === 0 ? 'sent' : 'pending'],
    );
  }
  const invited = `invited-${randomBytes(4).toString('hex')}@test.tn`;
  const owner = await login(server.url, clinic.emails.owner);
  const invitation = await api(server.url, `/api/owner/clinics/${clinic.id}/invitations`, {
    token: owner.accessToken,
    body: { email: invited, name: 'Invited Person', role: 'receptionist' },
  });
  expect(invitation.status).toBe(201);
  expect(tablet.device).not.toBeNull();
  return { entries, stored, needles: [...stored, ...digitsOnly], invited };
}

const foundAnywhere = (needles: string[]) => findPersonalData(db, needles);

interface Setup {
  a: TestClinic;
  b: TestClinic;
  owner: Grant;
  ownerInB: Grant;
  tabletA: Grant;
  tabletB: Grant;
  patientsA: Patients;
  patientsB: Patients;
  ticketA: string;
}

/** Two clinics with one owner (a branch): A to close, B beside it. */
async function twoClinics(): Promise<Setup> {
  const a = await createClinic(db);
  const b = await createClinic(db);
  const [ownerA] = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [a.emails.owner]);
  await db.query(`INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, 'owner')`, [b.id, ownerA!.id]);
  const tabletA = await login(server.url, a.emails.receptionist, { kind: 'reception', name: 'Desk A' });
  const tabletB = await login(server.url, b.emails.receptionist, { kind: 'reception', name: 'Desk B' });
  const patientsA = await withPatients(a, tabletA);
  const patientsB = await withPatients(b, tabletB);
  const owner = await login(server.url, a.emails.owner);
  const inB = await api<Grant>(server.url, '/api/auth/login', { body: { email: a.emails.owner, password: PASSWORD, clinicId: b.id } });
  const ticketA = await signTicketToken(
    { clinicId: a.id, entryId: patientsA.entries[0]!.id, day: today(), timeZone: 'Africa/Tunis' },
    tabletA.device!.id,
    new TextEncoder().encode(tabletA.device!.capabilityKey!),
  );
  return { a, b, owner, ownerInB: inB.body, tabletA, tabletB, patientsA, patientsB, ticketA };
}

const close = (clinicId: string, token: string | undefined, confirmName: unknown) =>
  api(server.url, `/api/owner/clinics/${clinicId}/close`, { ...(token ? { token } : {}), body: { confirmName } });

const closedAt = async (clinicId: string) =>
  (await db.query<{ closed_at: Date | null }>('SELECT closed_at FROM clinics WHERE id = $1', [clinicId]))[0]!.closed_at;

describe('closing a clinic: refusals', () => {
  it('when the name typed is not the clinic name, or the caller is not its owner, then nothing is closed', async () => {
    const a = await createClinic(db);
    const owner = await login(server.url, a.emails.owner);
    const tablet = await login(server.url, a.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const name = `Clinic ${a.id.slice(0, 8)}`;
    expect((await close(a.id, undefined, name)).status).toBe(401);
    const wrong = await close(a.id, owner.accessToken, `${name}x`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('confirm_mismatch');
    expect((await close(a.id, owner.accessToken, '')).body.error.code).toBe('invalid_body');
    const receptionist = await login(server.url, a.emails.receptionist);
    expect((await close(a.id, receptionist.accessToken, name)).status).toBe(403);
    const device = await close(a.id, tablet.accessToken, name);
    expect(device.status).toBe(403);
    expect(device.body.error.code).toBe('forbidden');
    const stranger = await login(server.url, (await createClinic(db)).emails.owner);
    expect((await close(a.id, stranger.accessToken, name)).status).toBe(403);
    const op = await addOperator(db, { email: `ops-close-${randomUUID().slice(0, 8)}@doctorq.tn`, name: 'Ops', password: PASSWORD });
    const opGrant = (await api<OperatorGrant>(server.url, '/api/operator/login', { body: { email: op.email, password: PASSWORD } })).body;
    expect((await close(a.id, opGrant.accessToken, name)).status).toBe(401);
    expect(await closedAt(a.id)).toBeNull();
    // The clinic still works: the tablet pulls, the public page answers.
    expect((await api(server.url, `/api/sync/v1/entries/pull?limit=10`, { token: tablet.accessToken })).status).toBe(200);
    expect((await api(server.url, `/api/checkin/v1/${a.id}`)).status).toBe(200);
  });

  it('when an owner mistypes the name past the limit, then 429 even for the right name; another person’s tries do not count', async () => {
    const a = await createClinic(db);
    const owner = await login(server.url, a.emails.owner);
    const stranger = await login(server.url, (await createClinic(db)).emails.owner);
    const name = `Clinic ${a.id.slice(0, 8)}`;
    for (let i = 0; i < CLOSE_ATTEMPTS_PER_HOUR; i++) expect((await close(a.id, stranger.accessToken, name)).status).toBe(403);
    for (let i = 0; i < CLOSE_ATTEMPTS_PER_HOUR; i++) expect((await close(a.id, owner.accessToken, `${name} ${i}`)).status).toBe(400);
    const limited = await close(a.id, owner.accessToken, name);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(await closedAt(a.id)).toBeNull();
  });

  it('when the same clinic is closed twice, then the second answers 409 already_closed', async () => {
    const a = await createClinic(db);
    const owner = await login(server.url, a.emails.owner);
    const name = `Clinic ${a.id.slice(0, 8)}`;
    expect((await close(a.id, owner.accessToken, name.toUpperCase())).status).toBe(200);
    // Its sessions are over, so the second try comes from the owner's other clinic.
    const b = await createClinic(db);
    const [user] = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [a.emails.owner]);
    await db.query(`INSERT INTO memberships (clinic_id, user_id, role) VALUES ($1, $2, 'owner')`, [b.id, user!.id]);
    const again = await close(a.id, (await login(server.url, a.emails.owner)).accessToken, name);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_closed');
  });
});

describe('closing a clinic', () => {
  let s: Setup;
  let closed: { closedAt: string; purgeAfter: string };
  beforeAll(async () => {
    s = await twoClinics();
    expect(await foundAnywhere(s.patientsA.needles)).toEqual([...s.patientsA.stored].sort());
    const r = await close(s.a.id, s.owner.accessToken, `  clinic ${s.a.id.slice(0, 8)} `);
    expect(r.status).toBe(200);
    closed = r.body;
  });

  it("then none of its patients' names or phones is left in any column of any table, and all of the other clinic's are", async () => {
    expect(await foundAnywhere(s.patientsA.needles)).toEqual([]);
    expect(await foundAnywhere(s.patientsB.needles)).toEqual([...s.patientsB.stored].sort());
    // The visits stay, anonymous, until the purge: days, tickets and statuses are not personal data.
    const visits = await db.query<{ data: Entry }>(`SELECT data FROM docs WHERE clinic_id = $1 AND collection = 'entries'`, [s.a.id]);
    expect(visits).toHaveLength(s.patientsA.entries.length);
    for (const { data } of visits) expect([data.name, data.phone, data.whatsapp]).toEqual([ERASED_NAME, null, false]);
    expect(await db.query('SELECT 1 FROM push_subscriptions WHERE clinic_id = $1', [s.a.id])).toHaveLength(0);
    expect(await db.query(`SELECT 1 FROM outbox WHERE clinic_id = $1 AND status = 'pending'`, [s.a.id])).toHaveLength(0);
    // Its invitations go with their addresses (the mail already sent stays in the mail log, which is not the clinic's).
    expect(await db.query('SELECT 1 FROM staff_invitations WHERE clinic_id = $1', [s.a.id])).toHaveLength(0);
    expect(
      await db.query('SELECT 1 FROM staff_invitations WHERE clinic_id = $1 AND email = $2', [s.b.id, s.patientsB.invited]),
    ).toHaveLength(1);
  });

  it('then it answers with its close and purge dates, audits the close without personal data and counts its days', async () => {
    expect(Date.parse(closed.purgeAfter) - Date.parse(closed.closedAt)).toBe(GRACE_DAYS * 86_400_000);
    const [row] = await db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE clinic_id = $1 AND action = 'clinic.closed'`,
      [s.a.id],
    );
    expect(row!.details).toMatchObject({ devices: 1, visitsErased: 4 });
    const days = await db.query<{ day: string; visits: number }>(
      'SELECT day, visits FROM closed_clinic_days WHERE clinic_id = $1 ORDER BY day',
      [s.a.id],
    );
    expect(days).toEqual([
      { day: '2025-01-02', visits: 1 },
      { day: today(), visits: 3 },
    ]);
  });

  it("then it leaves its owner's clinics and the combined report of their branches, where the other clinic stays", async () => {
    const token = s.ownerInB.accessToken;
    const clinics = await api<{ clinics: { id: string }[] }>(server.url, '/api/owner/clinics', { token });
    expect(clinics.body.clinics.map((c) => c.id)).toEqual([s.b.id]);
    const combined = await api<{ branches: { clinicId: string }[] }>(server.url, `/api/owner/reports?from=${today()}&to=${today()}`, {
      token,
    });
    expect(combined.status).toBe(200);
    expect(combined.body.branches.map((b) => b.clinicId)).toEqual([s.b.id]);
  });

  it('then its devices and sessions are refused, the owner’s too, and nobody signs in to it again', async () => {
    const pull = await api(server.url, '/api/sync/v1/entries/pull?limit=10', { token: s.tabletA.accessToken });
    expect(pull.status).toBe(401);
    expect(pull.body.error.code).toBe('revoked');
    expect((await api(server.url, '/api/auth/refresh', { body: { refreshToken: s.tabletA.refreshToken } })).status).toBe(401);
    expect((await api(server.url, '/api/auth/refresh', { body: { refreshToken: s.owner.refreshToken } })).status).toBe(401);
    for (const email of [s.a.emails.receptionist, s.a.emails.doctor]) {
      const signIn = await api(server.url, '/api/auth/login', { body: { email, password: PASSWORD } });
      expect(signIn.status).toBe(403);
      expect(signIn.body.error.code).toBe('clinic_account_closed');
    }
    const enrol = await api(server.url, '/api/auth/login', {
      body: { email: s.a.emails.owner, password: PASSWORD, clinicId: s.a.id, device: { kind: 'reception', name: 'New desk' } },
    });
    expect(enrol.body.error.code).toBe('clinic_account_closed');
    // The owner's sign-in lands in their other clinic, which no longer lists the closed one.
    const owner = await login(server.url, s.a.emails.owner);
    expect(owner.clinic.id).toBe(s.b.id);
    expect(owner.clinics.map((c) => c.id)).toEqual([s.b.id]);
  });

  it("then its public pages and its patients' links answer as for no clinic, and the other clinic's work", async () => {
    expect((await api(server.url, `/api/checkin/v1/${s.a.id}`)).status).toBe(404);
    const checkIn = await api(server.url, `/api/checkin/v1/${s.a.id}`, {
      body: { requestId: randomUUID(), name: 'Late Comer', phone: '', onSite: null },
    });
    expect(checkIn.status).toBe(404);
    expect((await api(server.url, '/api/queue/v1/push/key', { token: s.ticketA })).status).toBe(401);
    expect((await api(server.url, `/api/checkin/v1/${s.b.id}`)).status).toBe(200);
    expect((await api(server.url, '/api/sync/v1/entries/pull?limit=10', { token: s.tabletB.accessToken })).status).toBe(200);
  });

  it('then its owner area only reads, and the owner’s other clinic is untouched', async () => {
    const reports = await api(server.url, `/api/owner/clinics/${s.a.id}/reports?from=${today()}&to=${today()}`, {
      token: s.ownerInB.accessToken,
    });
    expect(reports.status).toBe(200);
    const write = await api(server.url, `/api/owner/clinics/${s.a.id}/settings`, {
      method: 'PATCH',
      token: s.ownerInB.accessToken,
      body: { defaultConsultationMinutes: 20 },
    });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('clinic_account_closed');
    const inB = await api(server.url, `/api/owner/clinics/${s.b.id}/settings`, {
      method: 'PATCH',
      token: s.ownerInB.accessToken,
      body: { defaultConsultationMinutes: 20 },
    });
    expect(inB.status).toBe(200);
    // A document written by the system itself is refused too (dq_push): nothing brings a person back.
    await expect(pushDocs(db, s.a.id, 'entries', [{ newDocumentState: wire(walkIn([], s.a.id, 'Back')) }])).rejects.toMatchObject({
      status: 403,
      code: 'clinic_account_closed',
    });
  });

  it('then the operator sees it closed, with its dates, under its own filter, and cannot change or reopen it', async () => {
    const op = await addOperator(db, { email: `ops-list-${randomUUID().slice(0, 8)}@doctorq.tn`, name: 'Ops', password: PASSWORD });
    const token = (await api<OperatorGrant>(server.url, '/api/operator/login', { body: { email: op.email, password: PASSWORD } })).body
      .accessToken;
    const list = async (status: string) =>
      (await api(server.url, `/api/operator/clinics?status=${status}&q=${encodeURIComponent('Clinic ')}&limit=200`, { token })).body
        .clinics as {
        id: string;
        closedAt: string | null;
        purgeAfter: string | null;
      }[];
    const closedRows = await list('closed');
    expect(closedRows.find((c) => c.id === s.a.id)).toMatchObject({ closedAt: closed.closedAt, purgeAfter: closed.purgeAfter });
    expect(closedRows.some((c) => c.id === s.b.id)).toBe(false);
    const active = await list('active');
    expect(active.some((c) => c.id === s.a.id)).toBe(false);
    expect(active.find((c) => c.id === s.b.id)).toMatchObject({ closedAt: null, purgeAfter: null });
    const reopen = await api(server.url, `/api/operator/clinics/${s.a.id}`, { method: 'PATCH', token, body: { status: 'active' } });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.code).toBe('already_closed');
    expect(await closedAt(s.a.id)).not.toBeNull();
  });

  it('after the grace period, the purge deletes what was left but the clinic row, its payments and its counts', async () => {
    await db.query(
      `INSERT INTO payments (clinic_id, id, amount_millimes, months, method, reference) VALUES ($1, gen_random_uuid(), 50000, 1, 'manual', $2)`,
      [s.a.id, `close-${s.a.id}`],
    );
    const staffA = await db.query<{ user_id: string }>(`SELECT user_id FROM memberships WHERE clinic_id = $1 AND role <> 'owner'`, [
      s.a.id,
    ]);
    const purgeAt = Date.parse(closed.purgeAfter);
    expect((await purgeClosedClinics(db, purgeAt - 60_000)).done).toBe(0);
    const run = await purgeClosedClinics(db, purgeAt + 60_000);
    expect(run.failed).toEqual([]);
    expect(run.done).toBeGreaterThanOrEqual(1);
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'clinic_id'`,
    );
    const left: Record<string, number> = {};
    for (const { table_name } of tables) {
      const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE clinic_id = $1`, [s.a.id]);
      if (r!.n > 0) left[table_name] = r!.n;
    }
    // The month's usage stays too when the metering job had computed it before the close.
    const { clinic_usage: _, ...rest } = left;
    expect(rest).toEqual({ payments: 1, closed_clinic_days: 2 });
    const [clinic] = await db.query<{ name: string; purged: boolean }>(
      'SELECT name, purged_at IS NOT NULL AS purged FROM clinics WHERE id = $1',
      [s.a.id],
    );
    expect(clinic).toEqual({ name: `Clinic ${s.a.id.slice(0, 8)}`, purged: true });
    // The receptionist and doctor of the closed clinic had no other: their accounts are gone; the owner keeps theirs (clinic B).
    expect(await db.query('SELECT 1 FROM users WHERE id = ANY($1::uuid[])', [staffA.map((m) => m.user_id)])).toHaveLength(0);
    expect(await db.query('SELECT 1 FROM users WHERE email = $1', [s.a.emails.owner])).toHaveLength(1);
    // Clinic B: nothing gone.
    expect(await db.query('SELECT 1 FROM memberships WHERE clinic_id = $1', [s.b.id])).toHaveLength(4);
    expect(await foundAnywhere(s.patientsB.needles)).toEqual([...s.patientsB.stored].sort());
    // Purged once: a later run does nothing more.
    expect((await purgeClosedClinics(db, purgeAt + 86_400_000)).done).toBe(0);
  });
});
