// The operator portal: its own credentials, what it may see (counts, never a
// patient), what it may change (plan, status, payments), all audited; and a
// suspension as a tablet lives it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, eventually, login, openTestDb, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import { EntryActions, startTablet, type TestTablet } from '../../testkit/rx-client.ts';
import { openSse } from '../../testkit/sse.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { meterUsage } from '../billing/usage.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { OperatorClinicDetail, OperatorClinicList, type OperatorGrant } from '../../shared/saas.ts';
import type { Grant } from '../../shared/auth.ts';
import type { RunningServer } from '../main.ts';
import { addOperator } from './accounts.ts';
import { changesSince, readDoc } from '../docs/reads.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let op: OperatorGrant;
const OP_PASSWORD = 'operator password 1';
const tablets: TestTablet[] = [];
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  const account = await addOperator(db, { email: `ops-${Date.now()}@doctorq.tn`, name: 'Ops One', password: OP_PASSWORD });
  op = (await api<OperatorGrant>(server.url, '/api/operator/login', { body: { email: account.email, password: OP_PASSWORD } })).body;
});
afterEach(async () => {
  await Promise.all(tablets.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

// biome-ignore lint/suspicious/noExplicitAny: as testkit's api(): the test asserts on the JSON it gets.
const opApi = <T = any>(path: string, init: { method?: string; body?: unknown } = {}) =>
  api<T>(server.url, `/api/operator${path}`, { ...init, token: op.accessToken });
const today = () => clinicDay(Date.now(), 'Africa/Tunis');

/** A clinic with patients whose names and phones must never reach an operator. */
async function clinicWithPatients(): Promise<TestClinic & { secrets: string[] }> {
  const clinic = await createClinic(db);
  const secrets = [`Zeynab Ould-${clinic.id.slice(0, 6)}`, `+216 98 ${clinic.id.slice(0, 3).replace(/\D/g, '7').padEnd(3, '7')} 321`];
  const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
  const e = { ...walkIn([], clinic.id, secrets[0]!), phone: secrets[1]!, day: today() };
  expect(
    (await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: [{ newDocumentState: wire(e) }] })).status,
  ).toBe(200);
  await meterUsage(db, clinic.id);
  return { ...clinic, secrets };
}

describe('operator credentials', () => {
  it('when staff tokens call operator routes, or an operator token calls staff routes, then 401: neither passes for the other', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const desk = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    for (const token of [owner.accessToken, desk.accessToken]) {
      for (const [method, path] of [
        ['GET', '/clinics'],
        ['GET', `/clinics/${clinic.id}`],
        ['GET', `/clinics/${clinic.id}/audit`],
        ['PATCH', `/clinics/${clinic.id}`],
        ['POST', `/clinics/${clinic.id}/payments`],
        ['GET', '/plans'],
      ] as const) {
        const r = await api(server.url, `/api/operator${path}`, {
          method,
          token,
          ...(method === 'GET' ? {} : { body: { status: 'suspended', amountMillimes: 1, months: 1, reference: 'x' } }),
        });
        expect(r.status, `${method} ${path}`).toBe(401);
      }
    }
    for (const path of [`/api/owner/clinics/${clinic.id}/settings`, '/api/owner/clinics', '/api/sync/v1/entries/pull']) {
      expect((await api(server.url, path, { token: op.accessToken })).status, path).toBe(401);
    }
    expect((await db.query(`SELECT status FROM clinics WHERE id = $1`, [clinic.id]))[0]).toEqual({ status: 'active' });
  });

  it('when an operator signs out, then that token stops working at once and another sign-in does not', async () => {
    const account = await addOperator(db, { email: `ops-out-${Date.now()}@doctorq.tn`, name: 'Ops Out', password: OP_PASSWORD });
    const signIn = async () =>
      (await api<OperatorGrant>(server.url, '/api/operator/login', { body: { email: account.email, password: OP_PASSWORD } })).body
        .accessToken;
    const [first, second] = [await signIn(), await signIn()];
    expect((await api(server.url, '/api/operator/logout', { method: 'POST', token: first })).status).toBe(204);
    const after = await api(server.url, '/api/operator/clinics', { token: first });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('revoked');
    expect((await api(server.url, '/api/operator/clinics', { token: second })).status).toBe(200);
  });

  it('when the password is wrong or the operator is disabled, then no access', async () => {
    const account = await addOperator(db, { email: `ops-off-${Date.now()}@doctorq.tn`, name: 'Ops Off', password: OP_PASSWORD });
    expect((await api(server.url, '/api/operator/login', { body: { email: account.email, password: 'wrong password!' } })).status).toBe(
      401,
    );
    const grant = (await api<OperatorGrant>(server.url, '/api/operator/login', { body: { email: account.email, password: OP_PASSWORD } }))
      .body;
    await db.query('UPDATE operators SET disabled_at = now() WHERE id = $1', [account.id]);
    const r = await api(server.url, '/api/operator/clinics', { token: grant.accessToken });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('revoked');
    expect((await api(server.url, '/api/operator/login', { body: { email: account.email, password: OP_PASSWORD } })).status).toBe(401);
  });
});

describe('what the operator sees', () => {
  it('when clinics are listed and searched, then each shows status, plan, owner and usage', async () => {
    const clinic = await clinicWithPatients();
    const byName = OperatorClinicList.parse((await opApi(`/clinics?q=${encodeURIComponent(`clinic ${clinic.id.slice(0, 8)}`)}`)).body);
    expect(byName.total).toBe(1);
    expect(byName.clinics[0]).toMatchObject({
      id: clinic.id,
      status: 'active',
      planId: 'essential',
      ownerEmail: clinic.emails.owner,
      usage: { visits: 1, activeDevices: 1 },
    });
    expect(
      OperatorClinicList.parse((await opApi(`/clinics?q=${clinic.emails.owner.toUpperCase()}`)).body).clinics.map((c) => c.id),
    ).toEqual([clinic.id]);
    await db.query(`UPDATE clinics SET status = 'past_due' WHERE id = $1`, [clinic.id]);
    const pastDue = OperatorClinicList.parse((await opApi('/clinics?status=past_due&limit=200')).body);
    expect(pastDue.clinics.every((c) => c.status === 'past_due')).toBe(true);
    expect(pastDue.clinics.map((c) => c.id)).toContain(clinic.id);
    expect((await opApi('/clinics?status=archived')).status).toBe(400);
  });

  it('when the operator reads every route it has (and the staff routes), then no patient name or phone is ever in a response', async () => {
    const clinic = await clinicWithPatients();
    const id = clinic.id;
    const bodies: string[] = [];
    const read = async (path: string, init: { method?: string; body?: unknown } = {}) => {
      const r = await opApi(path, init);
      bodies.push(JSON.stringify(r.body));
      return r;
    };
    await read('/plans');
    await read('/clinics');
    await read(`/clinics?q=${encodeURIComponent(clinic.secrets[0]!)}`);
    const detail = await read(`/clinics/${id}`);
    expect(OperatorClinicDetail.parse(detail.body).counts).toMatchObject({
      visitsAllTime: 1,
      devices: 1,
      doctors: 2,
      staff: { owner: 1, receptionist: 1, doctor: 1 },
    });
    const audit = await read(`/clinics/${id}/audit?limit=500`);
    expect(audit.body.events.some((e: { action: string }) => e.action === 'entries.create')).toBe(true);
    await read(`/clinics/${id}`, { method: 'PATCH', body: { planId: 'clinic' } });
    await read(`/clinics/${id}/payments`, { method: 'POST', body: { amountMillimes: 120_000, months: 1, reference: `cash-${id}` } });
    // The staff routes that do carry patients refuse the operator's token outright.
    for (const path of [
      `/api/owner/clinics/${id}/reports?from=2026-01-01&to=2026-12-31`,
      '/api/sync/v1/entries/pull',
      '/api/sync/v1/stream',
      `/api/owner/clinics/${id}/audit`,
    ]) {
      const r = await api(server.url, path, { token: op.accessToken });
      expect(r.status, path).toBe(401);
      bodies.push(JSON.stringify(r.body));
    }
    const digits = clinic.secrets[1]!.replace(/\D/g, '');
    for (const b of bodies) {
      expect(b).not.toContain(clinic.secrets[0]!);
      expect(b).not.toContain('Zeynab');
      expect(b.replace(/\D/g, '')).not.toContain(digits);
    }
  });

  it("when the operator views, reads the audit log, changes plan and status and records a payment, then each is in the clinic's audit log under the operator, which the owner sees", async () => {
    const clinic = await createClinic(db);
    await opApi(`/clinics/${clinic.id}`);
    await opApi(`/clinics/${clinic.id}/audit`);
    expect(
      (await opApi(`/clinics/${clinic.id}`, { method: 'PATCH', body: { planId: 'clinic', status: 'past_due', note: 'card expired' } }))
        .status,
    ).toBe(200);
    expect((await opApi(`/clinics/${clinic.id}`, { method: 'PATCH', body: { planId: 'gold' } })).body.error.code).toBe('unknown_plan');
    const paid = await opApi(`/clinics/${clinic.id}/payments`, {
      method: 'POST',
      body: { amountMillimes: 120_000, months: 2, reference: `virement-${clinic.id}` },
    });
    expect(paid.status).toBe(201);
    expect(
      (
        await opApi(`/clinics/${clinic.id}/payments`, {
          method: 'POST',
          body: { amountMillimes: 120_000, months: 2, reference: `virement-${clinic.id}` },
        })
      ).body.error.code,
    ).toBe('duplicate_reference');
    const rows = await db.query<{ action: string; actor_operator: string | null; details: Record<string, unknown> }>(
      `SELECT action, actor_operator, details FROM audit_log WHERE clinic_id = $1 AND actor_operator IS NOT NULL ORDER BY id`,
      [clinic.id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'operator.view',
      'operator.audit_read',
      'subscription.plan',
      'subscription.status',
      'subscription.payment',
    ]);
    expect(rows.every((r) => r.actor_operator === op.operator.id)).toBe(true);
    expect(rows[3]!.details).toMatchObject({ status: ['active', 'past_due'], note: 'card expired' });
    const detail = OperatorClinicDetail.parse((await opApi(`/clinics/${clinic.id}`)).body);
    expect(detail.subscription).toMatchObject({ status: 'active', plan: { id: 'clinic' } });
    expect(detail.payments).toHaveLength(1);
    const owner = await login(server.url, clinic.emails.owner);
    const seen = await api(server.url, `/api/owner/clinics/${clinic.id}/audit`, { token: owner.accessToken });
    expect(seen.body.events.find((e: { action: string }) => e.action === 'subscription.plan')).toMatchObject({
      operatorName: 'Ops One',
      actor: null,
    });
  });
});

describe('suspension', () => {
  const setStatus = (clinicId: string, status: string) => opApi(`/clinics/${clinicId}`, { method: 'PATCH', body: { status } });

  it('when a clinic is suspended, then every write is refused with a clear message and reads go on; nothing is deleted', async () => {
    const clinic = await clinicWithPatients();
    const owner = await login(server.url, clinic.emails.owner);
    const desk = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk 2' });
    const before = await changesSince(db, clinic.id, 0, 100_000);
    expect((await setStatus(clinic.id, 'suspended')).status).toBe(200);

    const push = await api(server.url, '/api/sync/v1/entries/push', {
      token: desk.accessToken,
      body: [{ newDocumentState: wire({ ...walkIn([], clinic.id, 'Late'), day: today() }) }],
    });
    expect(push.status).toBe(403);
    expect(push.body.error).toEqual({
      code: 'clinic_suspended',
      message: "this clinic's subscription is suspended: changes stay on this device and sync once it is reactivated",
    });
    expect(
      (
        await api(server.url, `/api/owner/clinics/${clinic.id}/settings`, {
          method: 'PATCH',
          token: owner.accessToken,
          body: { selfCheckIn: false },
        })
      ).body.error.code,
    ).toBe('clinic_suspended');
    expect(
      (await api(server.url, `/api/checkin/v1/${clinic.id}`, { body: { requestId: crypto.randomUUID(), name: 'Walk In' } })).body.error
        .code,
    ).toBe('clinic_suspended');
    expect(
      (
        await api(server.url, '/api/auth/login', {
          body: { email: clinic.emails.receptionist, password: 'correct horse battery', device: { kind: 'reception', name: 'New' } },
        })
      ).body.error.code,
    ).toBe('clinic_suspended');

    const pull = await api(server.url, '/api/sync/v1/entries/pull?seq=0', { token: desk.accessToken });
    expect(pull.status).toBe(200);
    expect(pull.body.documents).toHaveLength(1);
    const stream = await openSse(`${server.url}/api/sync/v1/stream`, desk.accessToken);
    expect(stream.status).toBe(200);
    await eventually(() => expect(stream.frames.slice(0, 2)).toEqual([{ type: 'resync' }, { type: 'clinic', status: 'suspended' }]));
    await setStatus(clinic.id, 'active');
    await eventually(() => expect(stream.frames[2]).toEqual({ type: 'clinic', status: 'active' }));
    stream.close();
    await setStatus(clinic.id, 'suspended');
    expect(
      (await api(server.url, `/api/owner/clinics/${clinic.id}/reports?from=2026-01-01&to=2026-12-31`, { token: owner.accessToken })).status,
    ).toBe(200);
    expect(await changesSince(db, clinic.id, 0, 100_000)).toEqual(before);
  });

  it('when a tablet works through a suspension, then its stream tells it at once, it keeps its queue and changes, and they sync as soon as the clinic is reactivated', async () => {
    const clinic = await createClinic(db);
    const grant: Grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    // Refused pushes would be offered again only after a minute: the reactivation itself must bring them.
    const t = await startTablet(server.url, grant, { suspendedRetryMs: 60_000 });
    tablets.push(t);
    const actions = new EntryActions(t.db.entries, { clinicId: clinic.id, series: grant.device!.series }, today);
    const first = await actions.register({ name: 'Before', phone: null, doctorId: null, priority: 'normal' }, crypto.randomUUID());
    await eventually(async () => expect(await readDoc(db, clinic.id, 'entries', first.id)).not.toBeNull());

    await setStatus(clinic.id, 'suspended');
    // Before any change of its own.
    await eventually(() => expect(t.sync.status$.value.suspended).toBe(true));
    const during = await actions.register({ name: 'During', phone: null, doctorId: null, priority: 'normal' }, crypto.randomUUID());
    await eventually(() => expect(t.sync.pending.count$.value).toBe(1));
    expect((await t.db.entries.find().exec()).map((d) => d.name).sort()).toEqual(['Before', 'During']);
    expect(await readDoc(db, clinic.id, 'entries', during.id)).toBeNull();
    await setStatus(clinic.id, 'active');
    await eventually(async () => expect(await readDoc(db, clinic.id, 'entries', during.id)).not.toBeNull(), 15_000);
    await eventually(() => {
      expect(t.sync.status$.value.suspended).toBe(false);
      expect(t.sync.pending.count$.value).toBe(0);
    });
  });

  it('when a refusal is still on the wire as the stream says the clinic is active again, then the tablet believes the stream and syncs at once', async () => {
    const clinic = await createClinic(db);
    const grant: Grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    // The first refused push's answer is held back until the test lets it through.
    let release: (() => void) | null = null;
    const slowRefusal: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).includes('/push') && res.status === 403 && !release) await new Promise<void>((r) => (release = r));
      return res;
    };
    const t = await startTablet(server.url, grant, { suspendedRetryMs: 60_000, fetch: slowRefusal });
    tablets.push(t);
    const actions = new EntryActions(t.db.entries, { clinicId: clinic.id, series: grant.device!.series }, today);
    await setStatus(clinic.id, 'suspended');
    await eventually(() => expect(t.sync.status$.value.suspended).toBe(true));
    const crossing = await actions.register({ name: 'Crossing', phone: null, doctorId: null, priority: 'normal' }, crypto.randomUUID());
    await eventually(() => expect(release).not.toBeNull());
    await setStatus(clinic.id, 'active');
    await eventually(() => expect(t.sync.status$.value.suspended).toBe(false));
    release!();
    await eventually(async () => expect(await readDoc(db, clinic.id, 'entries', crossing.id)).not.toBeNull(), 15_000);
    expect(t.sync.status$.value.suspended).toBe(false);
  });
});
