// A patient's actions from the ticket page, and check-in from afar, over real HTTP against the real database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { TICKET_ACTION_PATH, checkinPath } from '../../shared/paths.ts';
import { signOnSiteCode, ONSITE_WINDOW_MS } from '../../shared/onsite.ts';
import { listDocs } from '../docs/reads.ts';
import type { Entry } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';
import { TICKET_ACTIONS_PER_MINUTE } from './ticket-actions.ts';

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

const checkIn = (clinicId: string, name: string, onSite: string | null = null) =>
  api(server.url, checkinPath(clinicId), {
    body: { requestId: randomUUID(), name, onSite },
  });
const act = (token: string | undefined, body: object) =>
  api(server.url, TICKET_ACTION_PATH, { ...(token ? { token } : {}), body: { requestId: randomUUID(), ...body } });
const entryOf = async (clinicId: string, id: string) =>
  ((await listDocs(db, clinicId, 'entries')) as unknown as Entry[]).find((e) => e.id === id)!;
const auditOf = (clinicId: string, target: string) =>
  db.query<{ action: string; actor_user: string | null; actor_device: string | null; details: Record<string, unknown> }>(
    `SELECT action, actor_user, actor_device, details FROM audit_log WHERE clinic_id = $1 AND target = $2 AND action LIKE 'ticket.%' ORDER BY id`,
    [clinicId, target],
  );

describe('patient actions with the ticket link', () => {
  it('when no link, a tampered link or a link of another visit is used, then only that visit can be changed', async () => {
    const clinic = await createClinic(db);
    const a = (await checkIn(clinic.id, 'Amel Trabelsi')).body;
    const b = (await checkIn(clinic.id, 'Bechir Jlassi')).body;
    expect((await act(undefined, { action: 'cancel' })).status).toBe(401);
    const [h, p, sig] = a.token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, eid: b.entryId })).toString('base64url')}.${sig}`;
    const refused = await act(forged, { action: 'cancel' });
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 401, code: 'unauthenticated' });
    // B's own link changes B, never A.
    expect((await act(b.token, { action: 'cancel' })).status).toBe(200);
    expect((await entryOf(clinic.id, a.entryId)).status).toBe('waiting');
    expect((await entryOf(clinic.id, b.entryId)).status).toBe('cancelled');
  });

  it('when a patient is running late, then the entry says until when, an audit row names the patient as actor with no personal data, and a retry changes nothing', async () => {
    const clinic = await createClinic(db);
    const me = (await checkIn(clinic.id, 'Leila Mansour')).body;
    const body = { requestId: randomUUID(), action: 'late', minutes: 20 };
    const before = Date.now();
    const r = await api(server.url, TICKET_ACTION_PATH, { token: me.token, body });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ entryId: me.entryId, status: 'waiting' });
    expect(r.body.lateUntil).toBeGreaterThanOrEqual(before + 20 * 60_000);
    const stored = await entryOf(clinic.id, me.entryId);
    expect(stored.lateUntil).toBe(r.body.lateUntil);
    const again = await api(server.url, TICKET_ACTION_PATH, { token: me.token, body });
    expect(again.body).toEqual(r.body);
    expect((await entryOf(clinic.id, me.entryId)).updatedAt).toBe(stored.updatedAt);
    const rows = await auditOf(clinic.id, me.entryId);
    expect(rows).toEqual([
      { action: 'ticket.late', actor_user: null, actor_device: null, details: { by: 'patient', minutes: 20, request: body.requestId } },
    ]);
    expect(JSON.stringify(rows)).not.toContain('Leila');
    // The owner reads it by ticket, never by name.
    const owner = await login(server.url, clinic.emails.owner);
    const log = await api(server.url, `/api/owner/clinics/${clinic.id}/audit`, { token: owner.accessToken });
    expect(log.body.events.find((e: { action: string }) => e.action === 'ticket.late')).toMatchObject({
      actor: null,
      device: null,
      target: me.entryId,
      targetLabel: me.ticket,
    });
    // 10 and 30 are the other choices; anything else is refused.
    expect((await act(me.token, { action: 'late', minutes: 45 })).status).toBe(400);
  });

  it('when a patient lets others pass, then they move behind the next patient once, even if the request is sent twice', async () => {
    const clinic = await createClinic(db);
    const first = (await checkIn(clinic.id, 'First')).body;
    const second = (await checkIn(clinic.id, 'Second')).body;
    const third = (await checkIn(clinic.id, 'Third')).body;
    const body = { requestId: randomUUID(), action: 'let_pass' };
    expect((await api(server.url, TICKET_ACTION_PATH, { token: first.token, body })).status).toBe(200);
    expect((await api(server.url, TICKET_ACTION_PATH, { token: first.token, body })).status).toBe(200);
    const order = ((await listDocs(db, clinic.id, 'entries')) as unknown as Entry[])
      .sort((x, y) => (x.rank < y.rank ? -1 : 1))
      .map((e) => e.id);
    expect(order).toEqual([second.entryId, first.entryId, third.entryId]);
    const last = await act(third.token, { action: 'let_pass' });
    expect({ status: last.status, code: last.body.error.code }).toEqual({ status: 409, code: 'last_in_queue' });
  });

  it('when a patient cancels, then the visit is cancelled by the patient and later actions are refused with a clear code', async () => {
    const clinic = await createClinic(db);
    const me = (await checkIn(clinic.id, 'Cancelling')).body;
    const r = await act(me.token, { action: 'cancel' });
    expect(r.body).toMatchObject({ status: 'cancelled', lateUntil: null });
    expect(await entryOf(clinic.id, me.entryId)).toMatchObject({ status: 'cancelled', cancelReason: 'patient' });
    // Cancelling again is the same outcome: nothing to do.
    expect((await act(me.token, { action: 'cancel' })).status).toBe(200);
    const late = await act(me.token, { action: 'late', minutes: 10 });
    expect({ status: late.status, code: late.body.error.code }).toEqual({ status: 409, code: 'not_allowed' });
    expect((await auditOf(clinic.id, me.entryId)).map((a) => a.action)).toEqual(['ticket.cancel']);
  });

  it('when one ticket link sends too many requests in a minute, then it is refused with 429', async () => {
    const clinic = await createClinic(db);
    const me = (await checkIn(clinic.id, 'Tapper')).body;
    const codes: number[] = [];
    for (let i = 0; i <= TICKET_ACTIONS_PER_MINUTE; i++) codes.push((await act(me.token, { action: 'late', minutes: 10 })).status);
    expect(codes.slice(0, TICKET_ACTIONS_PER_MINUTE).every((c) => c === 200)).toBe(true);
    expect(codes.at(-1)).toBe(429);
    // Another patient's link has its own count.
    const other = (await checkIn(clinic.id, 'Other')).body;
    expect((await act(other.token, { action: 'late', minutes: 10 })).status).toBe(200);
  });
});

describe('per IP', () => {
  it('when one address sends more than the check-in limit, then it is refused before the link is read', async () => {
    const limited = await startTestServer(db, { CHECKIN_RATE_LIMIT_PER_IP: '2' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await api(limited.url, TICKET_ACTION_PATH, { body: { action: 'cancel' } })).status);
      expect(codes).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('check-in from afar', () => {
  const closedNow = async (clinic: Awaited<ReturnType<typeof createClinic>>) => {
    // Open one weekday only, three days from today: closed now.
    const weekday = (new Date().getUTCDay() + 3) % 7;
    const owner = await login(server.url, clinic.emails.owner);
    const put = await api(server.url, `/api/owner/clinics/${clinic.id}/hours`, {
      method: 'PUT',
      token: owner.accessToken,
      body: { spans: [{ weekday, open: '09:00', close: '12:00' }] },
    });
    expect(put.status).toBe(200);
  };

  it('when the clinic is closed, then a remote check-in is refused with the next opening, and one from the screen’s QR is taken', async () => {
    const clinic = await createClinic(db);
    await closedNow(clinic);
    const refused = await checkIn(clinic.id, 'From Home');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('clinic_closed');
    const next = Date.parse(refused.body.error.issues[0].message);
    expect(next).toBeGreaterThan(Date.now());
    const opening = (await api(server.url, checkinPath(clinic.id))).body.opening;
    expect(next).toBe(opening.next);

    const desk = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const key = new TextEncoder().encode(desk.device!.capabilityKey!);
    const code = await signOnSiteCode(clinic.id, Date.now(), desk.device!.id, key);
    expect((await checkIn(clinic.id, 'At The Door', code)).status).toBe(201);
    // A code of two windows ago, or another clinic's, is remote.
    const old = await signOnSiteCode(clinic.id, Date.now() - 2 * ONSITE_WINDOW_MS, desk.device!.id, key);
    expect((await checkIn(clinic.id, 'Old Photo', old)).status).toBe(403);
    const other = await createClinic(db);
    const otherCode = await signOnSiteCode(other.id, Date.now(), desk.device!.id, key);
    expect((await checkIn(other.id, 'Wrong Clinic', otherCode)).status).toBe(201); // other clinic has no hours: open
    expect((await checkIn(clinic.id, 'Forged', otherCode)).status).toBe(403);
  });

  it("when the clinic requires I'm here, then a remote check-in is expected, counted nowhere, and joins at the end on I'm here", async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const patch = await api(server.url, `/api/owner/clinics/${clinic.id}/settings`, {
      method: 'PATCH',
      token: owner.accessToken,
      body: { requireHere: true },
    });
    expect(patch.status).toBe(200);
    expect((await api(server.url, checkinPath(clinic.id))).body.clinic.requireHere).toBe(true);
    const far = (await checkIn(clinic.id, 'From Afar')).body;
    expect(far.status).toBe('expected');
    const desk = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const code = await signOnSiteCode(clinic.id, Date.now(), desk.device!.id, new TextEncoder().encode(desk.device!.capabilityKey!));
    const near = (await checkIn(clinic.id, 'At The Door', code)).body;
    expect(near.status).toBe('waiting');
    expect((await api(server.url, checkinPath(clinic.id))).body.anyDoctor.waiting).toBe(1);
    // Letting pass or running late mean nothing before arriving.
    expect((await act(far.token, { action: 'late', minutes: 10 })).status).toBe(409);
    const here = await act(far.token, { action: 'here' });
    expect(here.body).toMatchObject({ status: 'waiting' });
    const entries = (await listDocs(db, clinic.id, 'entries')) as unknown as Entry[];
    const order = entries.sort((x, y) => (x.rank < y.rank ? -1 : 1)).map((e) => e.id);
    expect(order).toEqual([near.entryId, far.entryId]);
    expect((await auditOf(clinic.id, far.entryId)).map((a) => a.action)).toEqual(['ticket.here']);
  });
});
