// Owner reports against figures computed by hand, and the owner area's walls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, pushDocs, startTestServer } from '../../testkit/harness.ts';
import { Documents } from '../docs/writes.ts';
import { zonedTime } from '../../shared/time.ts';
import type { Entry } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';
import { listDocs, readSettings } from '../docs/reads.ts';
import { ENTRY_DEFAULTS } from '../../shared/doc-defaults.ts';

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

const TZ = 'Europe/Paris';
type Visit = {
  id: string;
  day: string;
  arrive: [number, number];
  called?: [string, number, number];
  started?: [string, number, number];
  ended?: [string, number, number];
  status: Entry['status'];
  doctorId?: string;
  source?: Entry['source'];
  deleted?: boolean;
};

let tickets = 0;
function entry(clinicId: string, v: Visit): Entry & { _deleted: boolean } {
  const t = (x?: [string, number, number]) => (x ? zonedTime(x[0], x[1], x[2], TZ) : null);
  const arrivedAt = zonedTime(v.day, v.arrive[0], v.arrive[1], TZ);
  return {
    id: v.id,
    clinicId,
    day: v.day,
    ticket: `A-${String(++tickets).padStart(3, '0')}`,
    name: `Name ${v.id}`,
    phone: '+216 20 000 000',
    doctorId: v.doctorId ?? null,
    priority: 'normal',
    status: v.status,
    rank: 'a0',
    source: v.source ?? 'reception',
    arrivedAt,
    calledAt: t(v.called),
    startedAt: t(v.started),
    endedAt: t(v.ended),
    ...ENTRY_DEFAULTS,
    updatedAt: arrivedAt,
    _deleted: v.deleted ?? false,
  };
}

// Saturday 28 March 2026, then Sunday 29 March, when Paris moves from UTC+1 to UTC+2 at 02:00.
const SAT = '2026-03-28';
const SUN = '2026-03-29';
const VISITS: Visit[] = [
  {
    id: 'v1',
    day: SAT,
    arrive: [9, 0],
    called: [SAT, 9, 10],
    started: [SAT, 9, 12],
    ended: [SAT, 9, 27],
    status: 'done',
    doctorId: 'doc-1',
  },
  {
    id: 'v2',
    day: SAT,
    arrive: [9, 5],
    called: [SAT, 9, 30],
    started: [SAT, 9, 30],
    ended: [SAT, 9, 50],
    status: 'done',
    doctorId: 'doc-2',
    source: 'self',
  },
  { id: 'v3', day: SAT, arrive: [10, 0], called: [SAT, 10, 20], ended: [SAT, 10, 25], status: 'no_show', doctorId: 'doc-1' },
  // Across midnight: counted on the day of arrival.
  {
    id: 'v4',
    day: SAT,
    arrive: [23, 50],
    called: [SUN, 0, 10],
    started: [SUN, 0, 10],
    ended: [SUN, 0, 20],
    status: 'done',
    doctorId: 'doc-1',
  },
  // Across the DST jump: 01:30 → 03:10 on the wall clock is 40 minutes.
  {
    id: 'v5',
    day: SUN,
    arrive: [1, 30],
    called: [SUN, 3, 10],
    started: [SUN, 3, 10],
    ended: [SUN, 3, 40],
    status: 'done',
    doctorId: 'doc-2',
  },
  { id: 'v6', day: SUN, arrive: [10, 0], status: 'cancelled' },
  // Recalled after a no-show: the final call counts.
  {
    id: 'v7',
    day: SUN,
    arrive: [11, 0],
    called: [SUN, 11, 45],
    started: [SUN, 11, 45],
    ended: [SUN, 12, 0],
    status: 'done',
    doctorId: 'doc-1',
  },
  // Outside the figures: deleted, and a day outside the range.
  { id: 'v8', day: SUN, arrive: [12, 0], status: 'waiting', deleted: true },
  { id: 'v9', day: '2026-03-30', arrive: [9, 0], status: 'waiting' },
];

async function seededClinic() {
  const clinic = await createClinic(db);
  // The clinic's time zone comes from its settings document (dq_apply_settings keeps clinics.time_zone equal).
  const settings = (await readSettings(db, clinic.id))!;
  await pushDocs(db, clinic.id, 'settings', [{ assumedMasterState: settings, newDocumentState: { ...settings, timeZone: TZ } }]);
  await pushDocs(
    db,
    clinic.id,
    'entries',
    VISITS.map((v) => ({ newDocumentState: entry(clinic.id, v) })),
  );
  return clinic;
}

describe('reports', () => {
  it('when visits span midnight, a DST change, no-shows, cancellations and a recall, then every figure matches the hand count', async () => {
    const clinic = await seededClinic();
    // Same ids in another clinic: they must not leak into this clinic's figures.
    await seededClinic();
    const owner = await login(server.url, clinic.emails.owner);
    const r = await api(server.url, `/api/owner/clinics/${clinic.id}/reports?from=${SAT}&to=${SUN}`, { token: owner.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.perDay).toEqual([
      { day: SAT, total: 4, seen: 3, noShow: 1, cancelled: 0, selfCheckIn: 1 },
      { day: SUN, total: 3, seen: 2, noShow: 0, cancelled: 1, selfCheckIn: 0 },
    ]);
    // Waits 10, 25, 20, 20, 40, 45 → median (20+25)/2, p90 at rank 4.5 between 40 and 45, mean 160/6.
    expect(r.body.wait).toEqual({ count: 6, medianMin: 22.5, p90Min: 42.5, meanMin: 26.7 });
    // doc-1: 15, 10, 15; doc-2: 20, 30 (p90 at rank 0.9 between 20 and 30).
    expect(r.body.consultation).toEqual([
      { doctorId: 'doc-1', count: 3, medianMin: 15, p90Min: 15, meanMin: 13.3 },
      { doctorId: 'doc-2', count: 2, medianMin: 25, p90Min: 29, meanMin: 25 },
    ]);
    expect(r.body.totals).toEqual({ visits: 7, noShowRate: 0.143, cancellationRate: 0.143, selfCheckInShare: 0.143 });
    expect(r.body.busyHours).toEqual([
      { weekday: 6, hour: 9, visits: 2 },
      { weekday: 6, hour: 10, visits: 1 },
      { weekday: 6, hour: 23, visits: 1 },
      { weekday: 7, hour: 1, visits: 1 },
      { weekday: 7, hour: 10, visits: 1 },
      { weekday: 7, hour: 11, visits: 1 },
    ]);

    const csv = await fetch(`${server.url}/api/owner/clinics/${clinic.id}/reports.csv?from=${SAT}&to=${SUN}`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain(`${SAT},4,3,1,0,1`);
    expect(text).toContain('wait_arrival_to_call,6,22.5,42.5');
    expect(text).toContain('consultation:Dr One,3,15,15');
    expect(text).not.toMatch(/Name v|\+216/);
  });

  it('when the range is bad, then 400 with the error shape', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    for (const q of ['from=2026-03-29&to=2026-03-28', 'from=2020-01-01&to=2026-01-01', 'from=yesterday&to=today', '']) {
      const r = await api(server.url, `/api/owner/clinics/${clinic.id}/reports?${q}`, { token: owner.accessToken });
      expect({ q, status: r.status, code: r.body.error.code }).toEqual({ q, status: 400, code: 'invalid_query' });
    }
  });
});

describe('the owner area', () => {
  it('when an owner of clinic A asks for clinic B, then 403 on reports, staff, devices and audit; a receptionist gets 403 on its own clinic', async () => {
    const a = await createClinic(db);
    const b = await createClinic(db);
    const ownerA = await login(server.url, a.emails.owner);
    const receptionB = await login(server.url, b.emails.receptionist);
    const paths = (id: string) => [
      `/api/owner/clinics/${id}/reports?from=${SAT}&to=${SUN}`,
      `/api/owner/clinics/${id}/reports.csv?from=${SAT}&to=${SUN}`,
      `/api/owner/clinics/${id}/staff`,
      `/api/owner/clinics/${id}/devices`,
      `/api/owner/clinics/${id}/audit`,
    ];
    for (const p of paths(b.id))
      expect({ p, status: (await api(server.url, p, { token: ownerA.accessToken })).status }).toEqual({ p, status: 403 });
    for (const p of paths(b.id))
      expect({ p, status: (await api(server.url, p, { token: receptionB.accessToken })).status }).toEqual({ p, status: 403 });
    for (const p of paths(a.id))
      expect({ p, status: (await api(server.url, p, { token: ownerA.accessToken })).status }).toEqual({ p, status: 200 });
    expect((await api(server.url, `/api/owner/clinics/${a.id}/staff`)).status).toBe(401);
    const mine = await api(server.url, '/api/owner/clinics', { token: ownerA.accessToken });
    expect(mine.body.clinics.map((c: { id: string }) => c.id)).toEqual([a.id]);
  });

  it('when staff act, then the audit log says who, what, when and from which device, without personal data', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Front desk' });
    const e = entry(clinic.id, { id: 'a1', day: SAT, arrive: [9, 0], status: 'waiting' });
    await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: [{ newDocumentState: e }] });
    const called = { ...e, status: 'called', calledAt: e.arrivedAt + 60_000, updatedAt: e.arrivedAt + 60_000 };
    await api(server.url, '/api/sync/v1/entries/push', {
      token: tablet.accessToken,
      body: [{ assumedMasterState: e, newDocumentState: called }],
    });
    const invited = await api(server.url, `/api/owner/clinics/${clinic.id}/invitations`, {
      token: owner.accessToken,
      body: { email: `new-${clinic.id.slice(0, 6)}@test.tn`, name: 'New Doctor', role: 'doctor' },
    });
    expect(invited.status).toBe(201);
    const log = await api(server.url, `/api/owner/clinics/${clinic.id}/audit`, { token: owner.accessToken });
    const [staffInvite, update, create] = log.body.events;
    expect(staffInvite).toMatchObject({
      action: 'staff.invite',
      actorName: expect.stringContaining('owner'),
      targetLabel: null,
      details: { role: 'doctor' },
    });
    expect(update).toMatchObject({
      action: 'entries.update',
      target: 'a1',
      // Named by its ticket, never by the patient.
      targetLabel: e.ticket,
      deviceName: 'Front desk',
      details: { status: ['waiting', 'called'], fields: ['calledAt', 'status'] },
    });
    expect(create).toMatchObject({ action: 'entries.create', actor: tablet.user.id, device: tablet.device!.id });
    expect(JSON.stringify(log.body)).not.toContain('Name a1');
    expect(JSON.stringify(log.body)).not.toContain('New Doctor');
  });

  it('when the owner changes settings or a doctor, then the change is a replicated document the tablets pull, and bad values are refused', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const staff = await login(server.url, clinic.emails.receptionist);
    const ok = await api(server.url, `/api/owner/clinics/${clinic.id}/settings`, {
      method: 'PATCH',
      token: owner.accessToken,
      body: { selfCheckIn: false, defaultConsultationMinutes: 20 },
    });
    expect(ok.status).toBe(200);
    const bad = await api(server.url, `/api/owner/clinics/${clinic.id}/settings`, {
      method: 'PATCH',
      token: owner.accessToken,
      body: { defaultConsultationMinutes: -3 },
    });
    expect(bad.status).toBe(400);
    const doc = await api(server.url, `/api/owner/clinics/${clinic.id}/doctors/doc-3`, {
      method: 'PUT',
      token: owner.accessToken,
      body: { name: 'Dr Three', room: '3', active: true },
    });
    expect(doc.status).toBe(200);
    const settings = await api(server.url, '/api/sync/v1/settings/pull', { token: staff.accessToken });
    expect(settings.body.documents[0]).toMatchObject({ selfCheckIn: false, defaultConsultationMinutes: 20 });
    const doctors = await api(server.url, '/api/sync/v1/doctors/pull', { token: staff.accessToken });
    expect(doctors.body.documents.map((d: { id: string }) => d.id).sort()).toEqual(['doc-1', 'doc-2', 'doc-3']);
    await api(server.url, `/api/owner/clinics/${clinic.id}/doctors/doc-2`, {
      method: 'PUT',
      token: owner.accessToken,
      body: { name: 'Dr Two', room: '2', active: false },
    });
    const listed = await api(server.url, `/api/owner/clinics/${clinic.id}/doctors`, { token: owner.accessToken });
    expect(listed.body.doctors.map((d: { id: string; active: boolean }) => [d.id, d.active])).toEqual([
      ['doc-1', true],
      ['doc-3', true],
      ['doc-2', false],
    ]);
    const read = await api(server.url, `/api/owner/clinics/${clinic.id}/settings`, { token: owner.accessToken });
    expect(read.body).toMatchObject({ selfCheckIn: false, defaultConsultationMinutes: 20 });
  });

  it("when the owner changes the tablets' window of past days, then the next pull answers it; bad values, other roles and a suspended clinic are refused", async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const staff = await login(server.url, clinic.emails.receptionist);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const path = `/api/owner/clinics/${clinic.id}/window`;
    const pulled = async () =>
      (await api(server.url, '/api/sync/v1/entries/pull?seq=0&limit=10', { token: tablet.accessToken })).body.window;
    expect(await pulled()).toEqual({ pastDays: 1 });
    expect((await api(server.url, path, { token: owner.accessToken })).body).toEqual({ pastDays: 1 });

    const put = (body: unknown, token = owner.accessToken) => api(server.url, path, { method: 'PUT', token, body });
    expect(await put({ pastDays: 5 })).toMatchObject({ status: 200, body: { pastDays: 5 } });
    expect(await pulled()).toEqual({ pastDays: 5 });
    expect((await api(server.url, path, { token: owner.accessToken })).body).toEqual({ pastDays: 5 });
    expect(await put({ pastDays: 0 })).toMatchObject({ status: 200, body: { pastDays: 0 } });
    expect(await pulled()).toEqual({ pastDays: 0 });
    // The same value again writes nothing and audits nothing.
    expect((await put({ pastDays: 0 })).status).toBe(200);

    for (const pastDays of [8, -1, 'x', 2.5, null]) {
      const r = await put({ pastDays });
      expect({ pastDays, status: r.status, code: r.body.error?.code }).toEqual({ pastDays, status: 400, code: 'invalid_body' });
      expect(r.body.error.issues[0].path).toEqual(['pastDays']);
    }
    expect((await put({ pastDays: 2, extra: true })).status).toBe(400);
    expect((await put({ pastDays: 2 }, staff.accessToken)).status).toBe(403);
    expect((await put({ pastDays: 2 }, tablet.accessToken)).status).toBe(403);
    expect((await api(server.url, path, { token: staff.accessToken })).status).toBe(403);
    expect((await api(server.url, path, { token: tablet.accessToken })).status).toBe(403);
    expect(await pulled()).toEqual({ pastDays: 0 });

    const events = await api(server.url, `/api/owner/clinics/${clinic.id}/audit`, { token: owner.accessToken });
    expect(
      events.body.events.filter((e: { action: string }) => e.action === 'clinic.window').map((e: { details: unknown }) => e.details),
    ).toEqual([
      { pastDays: 0, was: 5 },
      { pastDays: 5, was: 1 },
    ]);

    await db.query(`UPDATE clinics SET status = 'suspended' WHERE id = $1`, [clinic.id]);
    const suspended = await put({ pastDays: 3 });
    expect({ status: suspended.status, code: suspended.body.error.code }).toEqual({ status: 403, code: 'clinic_suspended' });
    expect((await api(server.url, path, { token: owner.accessToken })).body).toEqual({ pastDays: 0 });
  });

  it('when a tablet replicates a settings change, then the clinic name and time zone the server uses (owner list, reports, check-in) follow it', async () => {
    const clinic = await seededClinic();
    const owner = await login(server.url, clinic.emails.owner);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const pulled = await api(server.url, '/api/sync/v1/settings/pull', { token: tablet.accessToken });
    const cur = pulled.body.documents[0];
    const renamed = { ...cur, name: 'Cabinet Renommé', timeZone: 'America/Montreal', updatedAt: cur.updatedAt + 1 };
    const push = await api(server.url, '/api/sync/v1/settings/push', {
      token: tablet.accessToken,
      body: [{ assumedMasterState: cur, newDocumentState: renamed }],
    });
    expect(push.body).toMatchObject({ conflicts: [] });
    const listed = await api(server.url, '/api/owner/clinics', { token: owner.accessToken });
    expect(listed.body.clinics.find((c: { id: string }) => c.id === clinic.id)).toEqual({
      id: clinic.id,
      name: 'Cabinet Renommé',
      timeZone: 'America/Montreal',
    });
    const report = await api(server.url, `/api/owner/clinics/${clinic.id}/reports?from=${SAT}&to=${SUN}`, { token: owner.accessToken });
    expect(report.body.timeZone).toBe('America/Montreal');
    const form = await api(server.url, `/api/checkin/v1/${clinic.id}`);
    expect(form.body.clinic.name).toBe('Cabinet Renommé');
    // The same through the owner area: one source, whoever writes it.
    await api(server.url, `/api/owner/clinics/${clinic.id}/settings`, {
      method: 'PATCH',
      token: owner.accessToken,
      body: { timeZone: TZ },
    });
    const again = await api(server.url, '/api/owner/clinics', { token: owner.accessToken });
    expect(again.body.clinics.find((c: { id: string }) => c.id === clinic.id).timeZone).toBe(TZ);
  });
});

describe('retention', () => {
  it('when the job runs, then every visit older than the period loses name and phone whatever its end, newer ones keep them, and the figures are unchanged', async () => {
    const { eraseExpiredVisits } = await import('./retention.ts');
    const clinic = await seededClinic();
    const owner = await login(server.url, clinic.emails.owner);
    const staff = await login(server.url, clinic.emails.receptionist);
    const waitingToday = entry(clinic.id, { id: 'w1', day: '2026-06-01', arrive: [9, 0], status: 'waiting' });
    await pushDocs(db, clinic.id, 'entries', [{ newDocumentState: waitingToday }]);
    const report = () => api(server.url, `/api/owner/clinics/${clinic.id}/reports?from=${SAT}&to=${SUN}`, { token: owner.accessToken });
    const before = (await report()).body;
    const seq = (await db.query<{ seq: number }>('SELECT seq FROM clinics WHERE id = $1', [clinic.id]))[0]!.seq;
    // 90 days of retention, run on 2026-06-28 (cutoff 2026-03-30): the earlier March visits are due whatever their end
    // (v8 was left waiting, then deleted); v9 (on the cutoff day) and the June one are not.
    const now = Date.UTC(2026, 5, 28, 12);
    const { done: erased } = await eraseExpiredVisits(db, new Documents(db), now);
    expect(erased).toBeGreaterThanOrEqual(8);
    const rows = await listDocs<Entry>(db, clinic.id, 'entries', { withDeleted: true });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8']) expect(byId.get(id)).toMatchObject({ name: '—', phone: null });
    expect(byId.get('v9')!.name).toBe('Name v9');
    expect(byId.get('w1')!.name).toBe('Name w1');
    expect((await report()).body).toEqual(before);
    // No tablet gets the erased names back: visits past the tablet's window are not pulled at all, the others as erased.
    const pulled = await api(server.url, `/api/sync/v1/entries/pull?seq=${seq}&limit=100`, { token: staff.accessToken });
    const erasedIds = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'];
    expect(pulled.body.documents.filter((d: Entry) => erasedIds.includes(d.id) && d.name !== '—')).toEqual([]);
    expect((await eraseExpiredVisits(db, new Documents(db), now)).done).toBe(0);
  });

  it('when the job runs, then push subscriptions go with their visit past the period whatever its end, and those of vanished visits once the period has passed', async () => {
    const { eraseExpiredVisits } = await import('./retention.ts');
    const clinic = await seededClinic();
    const waiting = entry(clinic.id, { id: 'w1', day: '2026-06-01', arrive: [9, 0], status: 'waiting' });
    const deleted = { ...entry(clinic.id, { id: 'x1', day: '2026-06-01', arrive: [9, 0], status: 'waiting' }), _deleted: true };
    await pushDocs(db, clinic.id, 'entries', [{ newDocumentState: waiting }, { newDocumentState: deleted }]);
    const subscribe = (entryId: string, usedAt: string) =>
      db.query(
        `INSERT INTO push_subscriptions (clinic_id, entry_id, endpoint, p256dh, auth, lang, created_at, updated_at)
         VALUES ($1, $2, $3, 'k', 'a', 'fr', $4, $4)`,
        [clinic.id, entryId, `https://push.example/${entryId}`, usedAt],
      );
    // v1: finished in March; v6: cancelled in March; v9: on the cutoff day, never finished; w1: waiting in June;
    // x1: deleted; ghost: never reached the server. 90 days before 2026-06-28 is 2026-03-30.
    await subscribe('v1', '2026-03-07T09:00:00Z');
    await subscribe('v6', '2026-03-07T09:00:00Z');
    await subscribe('v9', '2026-03-07T09:00:00Z');
    await subscribe('w1', '2026-06-01T09:00:00Z');
    await subscribe('x1', '2026-03-01T09:00:00Z');
    await subscribe('ghost-old', '2026-03-01T09:00:00Z');
    await subscribe('ghost-new', '2026-06-20T09:00:00Z');
    await eraseExpiredVisits(db, new Documents(db), Date.UTC(2026, 5, 28, 12));
    const left = await db.query<{ entry_id: string }>('SELECT entry_id FROM push_subscriptions WHERE clinic_id = $1 ORDER BY entry_id', [
      clinic.id,
    ]);
    expect(left.map((r) => r.entry_id)).toEqual(['ghost-new', 'v9', 'w1']);
  });
});
