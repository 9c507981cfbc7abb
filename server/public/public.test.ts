// Patient phones, displays and self check-in, over real HTTP and real streams.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { api, createClinic, eventually, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { openSse } from '../../testkit/sse.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { signTicketToken, ticketPath, PATIENT_AUDIENCE } from '../../shared/capability.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { callNext } from '../../shared/queue.ts';
import type { RunningServer } from '../main.ts';
import type { Doctor, Entry } from '../../shared/schemas.ts';
import { listDocs, readSettings } from '../docs/reads.ts';

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

const STREAM = '/api/queue/v1/stream';
const today = () => clinicDay(Date.now(), 'Africa/Tunis');

async function clinicWithTablet() {
  const clinic = await createClinic(db);
  const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
  const key = new TextEncoder().encode(grant.device!.capabilityKey!);
  const ticketFor = (entryId: string, day = today()) =>
    signTicketToken({ clinicId: clinic.id, entryId, day, timeZone: 'Africa/Tunis' }, grant.device!.id, key);
  const add = async (entries: Entry[], name: string, phone: string | null = null) => {
    const e = { ...walkIn(entries, clinic.id, name, { series: grant.device!.series }), day: today(), phone };
    const r = await api(server.url, '/api/sync/v1/entries/push', { token: grant.accessToken, body: [{ newDocumentState: wire(e) }] });
    expect(r.status).toBe(200);
    entries.push(e);
    return e;
  };
  return { clinic, grant, ticketFor, add };
}

describe('the public stream', () => {
  it("when a patient follows their ticket link, then they get the day's queue and live changes, and never a name or phone number", async () => {
    const { grant, ticketFor, add } = await clinicWithTablet();
    const entries: Entry[] = [];
    const names = ['Leila Mansour', 'Hedi Gharbi', 'Rania Ben Youssef'];
    const phones = ['+216 20 123 456', '+216 98 765 432', '+216 55 000 111'];
    for (let i = 0; i < 3; i++) await add(entries, names[i]!, phones[i]!);
    const me = entries[2]!;
    const s = await openSse(server.url + STREAM, await ticketFor(me.id));
    expect(s.status).toBe(200);
    await eventually(() => expect(s.frames[0]?.type).toBe('snapshot'));
    const snap = s.frames[0] as unknown as { entries: Entry[]; doctors: unknown[]; settings: { name: string } };
    expect(snap.entries.map((e) => e.ticket).sort()).toEqual(entries.map((e) => e.ticket).sort());
    expect(snap.doctors).toHaveLength(2);

    const changed = callNext(entries, 'doc-1', Date.now());
    const r = await api(server.url, '/api/sync/v1/entries/push', {
      token: grant.accessToken,
      body: changed.map((c) => ({ assumedMasterState: wire(entries.find((e) => e.id === c.id)!), newDocumentState: wire(c) })),
    });
    expect(r.body).toMatchObject({ conflicts: [] });
    await eventually(() => expect(s.frames.some((f) => f.type === 'entries' && JSON.stringify(f).includes('"called"'))).toBe(true));
    await add(entries, 'Late Arrival Name', '+216 11 222 333');
    await eventually(() => expect(s.raw()).toContain(entries.at(-1)!.ticket));
    s.close();
    for (const secret of [...names, ...phones, 'Late Arrival Name', '+216 11 222 333']) expect(s.raw()).not.toContain(secret);
  });

  it("when the link is tampered, expired, signed by another clinic's device, or missing, then the stream is refused", async () => {
    const a = await clinicWithTablet();
    const b = await clinicWithTablet();
    const good = await a.ticketFor('entry-x');
    const [h, p, sig] = good.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const otherEntry = `${h}.${Buffer.from(JSON.stringify({ ...payload, eid: 'entry-y' })).toString('base64url')}.${sig}`;
    const yesterday = await a.ticketFor('entry-x', '2020-01-01');
    // Device B signs a link claiming clinic A.
    const forged = await new SignJWT({ cid: a.clinic.id, eid: 'entry-x' })
      .setProtectedHeader({ alg: 'HS256', kid: b.grant.device!.id })
      .setAudience(PATIENT_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(b.grant.device!.capabilityKey!));
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: a.grant.device!.id })).toString('base64url')}.${p}.`;
    for (const [token, code] of [
      [otherEntry, 'unauthenticated'],
      [yesterday, 'token_expired'],
      [forged, 'unauthenticated'],
      [none, 'unauthenticated'],
      [undefined, 'unauthenticated'],
    ] as const) {
      const s = await openSse(server.url + STREAM, token);
      expect({ status: s.status, code: JSON.parse(s.raw()).error.code }).toEqual({ status: 401, code });
    }
    expect((await openSse(server.url + STREAM, good)).status).toBe(200);
  });

  it('when a display is enrolled, then it reads the public stream but cannot replicate documents', async () => {
    const clinic = await createClinic(db);
    const display = await login(server.url, clinic.emails.owner, { kind: 'display', name: 'TV' });
    // Only reception tablets sign ticket links.
    expect(display.device!.capabilityKey).toBeNull();
    const pull = await api(server.url, '/api/sync/v1/entries/pull', { token: display.accessToken });
    expect(pull.status).toBe(403);
    const s = await openSse(server.url + STREAM, display.accessToken);
    expect(s.status).toBe(200);
    await eventually(() => expect(s.frames[0]?.type).toBe('snapshot'));
    s.close();
  });
});

describe('self check-in', () => {
  const checkIn = (clinicId: string, body: object, srv = server) => api(srv.url, `/api/checkin/v1/${clinicId}`, { body });

  it('when a patient checks in, then the entry is created with a W ticket, reaches the tablets by replication, and the answer carries a working ticket link', async () => {
    const clinic = await createClinic(db);
    const staff = await login(server.url, clinic.emails.receptionist);
    const info = await api(server.url, `/api/checkin/v1/${clinic.id}`);
    expect(info.body.doctors.map((d: { id: string }) => d.id)).toEqual(['doc-1', 'doc-2']);
    const r = await checkIn(clinic.id, { requestId: randomUUID(), name: 'Walid Saidi', phone: '+216 22 333 444', doctorId: 'doc-2' });
    expect(r.status).toBe(201);
    expect(r.body.ticket).toBe('W-001');
    expect(r.body.path).toBe(ticketPath(r.body.token));
    const pulled = await api(server.url, '/api/sync/v1/entries/pull', { token: staff.accessToken });
    expect(pulled.body.documents).toEqual([
      expect.objectContaining({ id: r.body.entryId, name: 'Walid Saidi', source: 'self', status: 'waiting', doctorId: 'doc-2' }),
    ]);
    const s = await openSse(server.url + STREAM, r.body.token);
    await eventually(() => expect(s.frames[0]?.type).toBe('snapshot'));
    s.close();
    const second = await checkIn(clinic.id, { requestId: randomUUID(), name: 'Another' });
    expect(second.body.ticket).toBe('W-002');
  });

  it('when patients wait, then the form shows the number waiting and the wait per doctor and for any doctor; with hours set, whether it is open and when it next opens', async () => {
    const clinic = await createClinic(db);
    await checkIn(clinic.id, { requestId: randomUUID(), name: 'Any One' });
    await checkIn(clinic.id, { requestId: randomUUID(), name: 'Any Two' });
    await checkIn(clinic.id, { requestId: randomUUID(), name: 'For Two', doctorId: 'doc-2' });
    const info = (await api(server.url, `/api/checkin/v1/${clinic.id}`)).body;
    // Unassigned patients are in every doctor's queue.
    expect(info.doctors.map((d: { id: string; waiting: number }) => [d.id, d.waiting])).toEqual([
      ['doc-1', 2],
      ['doc-2', 3],
    ]);
    expect(info.anyDoctor.waiting).toBe(3);
    const waits = [info.anyDoctor.wait, ...info.doctors.map((d: { wait: unknown }) => d.wait)] as { low: number; high: number }[];
    for (const w of waits) expect(w.low).toBeLessThanOrEqual(w.high);
    expect(info.anyDoctor.wait.low).toBeGreaterThan(0);
    // Whoever frees first is never later than one given doctor.
    expect(info.anyDoctor.wait.low).toBeLessThanOrEqual(Math.min(...waits.slice(1).map((w) => w.low)));
    expect(JSON.stringify(info)).not.toContain('Any One');
    expect(info.opening).toEqual({ open: true, next: null });

    // Open one weekday only, three days from today: closed now, next opening on that day.
    const weekday = (new Date().getUTCDay() + 3) % 7;
    const owner = await login(server.url, clinic.emails.owner);
    const put = await api(server.url, `/api/owner/clinics/${clinic.id}/hours`, {
      method: 'PUT',
      token: owner.accessToken,
      body: { spans: [{ weekday, open: '09:00', close: '12:00' }] },
    });
    expect(put.status).toBe(200);
    const closed = (await api(server.url, `/api/checkin/v1/${clinic.id}`)).body.opening;
    expect(closed.open).toBe(false);
    expect(closed.next).toBeGreaterThan(Date.now());
    expect(closed.next - Date.now()).toBeLessThan(5 * 86_400_000);
  });

  it('when a doctor is absent today, then the form leaves them out and a check-in for them is refused; a break counts in their wait', async () => {
    const clinic = await createClinic(db);
    const staff = await login(server.url, clinic.emails.owner);
    const [one, two] = clinic.doctors as [Doctor, Doctor];
    const before = (await api(server.url, `/api/checkin/v1/${clinic.id}`)).body;
    const pushed = await api(server.url, '/api/sync/v1/doctors/push', {
      token: staff.accessToken,
      body: [
        { assumedMasterState: wire(one), newDocumentState: wire({ ...one, absentDay: today(), updatedAt: Date.now() }) },
        { assumedMasterState: wire(two), newDocumentState: wire({ ...two, pausedUntil: Date.now() + 3_600_000, updatedAt: Date.now() }) },
      ],
    });
    expect(pushed.body).toMatchObject({ conflicts: [] });
    const info = (await api(server.url, `/api/checkin/v1/${clinic.id}`)).body;
    expect(info.doctors.map((d: { id: string }) => d.id)).toEqual([two.id]);
    expect(info.doctors[0].wait.low).toBeGreaterThanOrEqual(59);
    expect(info.doctors[0].wait.low).toBeGreaterThan(before.doctors[1].wait.low);
    const r = await checkIn(clinic.id, { requestId: randomUUID(), name: 'X', doctorId: one.id });
    expect({ status: r.status, code: r.body.error.code }).toEqual({ status: 422, code: 'unknown_doctor' });
  });

  it('when the clinic has a ticket prefix, then self check-in tickets carry it before the W', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    expect(
      (
        await api(server.url, `/api/owner/clinics/${clinic.id}/settings`, {
          method: 'PATCH',
          token: owner.accessToken,
          body: { ticketPrefix: 'M' },
        })
      ).status,
    ).toBe(200);
    expect((await checkIn(clinic.id, { requestId: randomUUID(), name: 'Prefixed' })).body.ticket).toBe('MW-001');
  });

  it('when the clinic is suspended, then the form says check-in is closed and a submit is refused', async () => {
    const clinic = await createClinic(db);
    await db.query(`UPDATE clinics SET status = 'suspended' WHERE id = $1`, [clinic.id]);
    expect((await api(server.url, `/api/checkin/v1/${clinic.id}`)).body.clinic.selfCheckIn).toBe(false);
    expect((await checkIn(clinic.id, { requestId: randomUUID(), name: 'Too Late' })).body.error.code).toBe('clinic_suspended');
  });

  it('when the form is submitted twice, then one entry exists and both answers name it', async () => {
    const clinic = await createClinic(db);
    const body = { requestId: randomUUID(), name: 'Double Tap' };
    const [one, two] = await Promise.all([checkIn(clinic.id, body), checkIn(clinic.id, body)]);
    expect([one.status, two.status].sort()).toEqual([200, 201]);
    expect(one.body.entryId).toBe(two.body.entryId);
    const rows = await listDocs(db, clinic.id, 'entries', { withDeleted: true });
    expect(rows).toHaveLength(1);
  });

  it('when check-ins flood past the limit, then 429 and nothing more is created', async () => {
    const limited = await startTestServer(db, { CHECKIN_RATE_LIMIT_PER_IP: '3' });
    try {
      const clinic = await createClinic(db);
      const codes = [];
      for (let i = 0; i < 6; i++) codes.push((await checkIn(clinic.id, { requestId: randomUUID(), name: `Flood ${i}` }, limited)).status);
      expect(codes).toEqual([201, 201, 201, 429, 429, 429]);
      const rows = await listDocs(db, clinic.id, 'entries', { withDeleted: true });
      expect(rows).toHaveLength(3);
    } finally {
      await limited.close();
    }
  });

  it('when check-in is closed, the doctor unknown, the clinic unknown or the body bad, then a clear error and nothing created', async () => {
    const clinic = await createClinic(db);
    const settings = (await readSettings(db, clinic.id))!;
    const cases: [string, object, number, string][] = [
      [clinic.id, { requestId: randomUUID(), name: 'X', doctorId: 'doc-9' }, 422, 'unknown_doctor'],
      [clinic.id, { requestId: 'not-a-uuid', name: 'X' }, 422, 'invalid_body'],
      [clinic.id, { requestId: randomUUID(), name: '   ' }, 422, 'invalid_body'],
      [randomUUID(), { requestId: randomUUID(), name: 'X' }, 404, 'not_found'],
      ['nope', { requestId: randomUUID(), name: 'X' }, 404, 'not_found'],
    ];
    for (const [id, body, status, code] of cases) {
      const r = await checkIn(id, body);
      expect({ status: r.status, code: r.body.error.code }).toEqual({ status, code });
    }
    const staff = await login(server.url, clinic.emails.owner);
    await api(server.url, '/api/sync/v1/settings/push', {
      token: staff.accessToken,
      body: [{ assumedMasterState: settings, newDocumentState: { ...settings, selfCheckIn: false, updatedAt: Date.now() } }],
    });
    const closed = await checkIn(clinic.id, { requestId: randomUUID(), name: 'X' });
    expect(closed.status).toBe(403);
    expect(closed.body.error.code).toBe('checkin_closed');
    expect(await listDocs(db, clinic.id, 'entries', { withDeleted: true })).toHaveLength(0);
  });
});

describe('rate limits across instances', () => {
  it('when a flood is spread over two instances, then they share one limit', async () => {
    const shared = { CHECKIN_RATE_LIMIT_PER_IP: '4', RATE_LIMIT_NAMESPACE: `shared-${randomUUID().slice(0, 8)}` };
    const one = await startTestServer(db, shared);
    const two = await startTestServer(db, shared);
    try {
      const clinic = await createClinic(db);
      const codes = [];
      for (let i = 0; i < 6; i++)
        codes.push(
          (await api((i % 2 ? one : two).url, `/api/checkin/v1/${clinic.id}`, { body: { requestId: randomUUID(), name: `Spread ${i}` } }))
            .status,
        );
      expect(codes).toEqual([201, 201, 201, 201, 429, 429]);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('public reads', () => {
  it('when ticket pages and check-in forms are loaded past the limit, then 429', async () => {
    const limited = await startTestServer(db, { PUBLIC_READ_RATE_LIMIT_PER_IP: '3' });
    try {
      const clinic = await createClinic(db);
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await api(limited.url, `/api/checkin/v1/${clinic.id}`)).status);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      expect((await api(limited.url, '/api/queue/v1/stream')).body.error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});
