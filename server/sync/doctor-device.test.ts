// The doctor's own screen as a device: enrolled bound to one doctor, replicating
// the visits without their phone numbers (shared/doctor-copy.ts), writing them
// beside the desk without a conflict over the number; and two writers of one
// visit decided by the hybrid clock (shared/clock.ts), not by a fast tablet clock.
// Real server, real database (Postgres with DATABASE_URL, PGlite otherwise), real RxDB tablets.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, api, createClinic, eventually, login, openTestDb, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import { DeviceClock, EntryActions, Network, startTablet, type TestTablet } from '../../testkit/rx-client.ts';
import { walkIn } from '../../testkit/entries.ts';
import type { RunningServer } from '../main.ts';
import type { Entry } from '../../shared/schemas.ts';
import type { Grant } from '../auth/sessions.ts';
import { readDoc } from '../docs/reads.ts';
import { SCHEMA_VERSION, SERVER_TIME_HEADER } from '../../shared/protocol.ts';

const DAY = '2026-11-28';
const PHONE = '+216 20 123 456';
const TEN_MINUTES = 10 * 60_000;

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
const tablets: TestTablet[] = [];

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
// RxDB's free tier opens at most 13 collections per process: close each test's tablets.
afterEach(async () => {
  await Promise.all(tablets.splice(0).map((t) => t.close()));
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

async function verified(): Promise<TestClinic> {
  const clinic = await createClinic(db);
  await db.query('UPDATE users SET email_verified_at = now() WHERE lower(email) = lower($1)', [clinic.emails.owner]);
  return clinic;
}

const roomOf = (clinic: TestClinic, email = clinic.emails.owner) =>
  login(server.url, email, { kind: 'doctor', name: 'Room 1', doctorId: clinic.doctors[0]!.id });

async function tablet(grant: Grant, opts: { network?: Network; clock?: DeviceClock } = {}) {
  const clock = opts.clock ?? new DeviceClock();
  const t = await startTablet(server.url, grant, {
    ...(opts.network ? { fetch: opts.network.fetch } : {}),
    deviceClock: clock,
  });
  tablets.push(t);
  await t.sync.awaitInSync();
  const actions = new EntryActions(t.db.entries, { clinicId: grant.clinic.id, series: grant.device!.series }, () => DAY, clock);
  return { t, actions };
}

const entryOn = async (t: TestTablet, id: string) => (await t.db.entries.findOne(id).exec())?.toJSON() as Entry | undefined;

describe('enrolling a doctor device', () => {
  it('when signed in as a doctor device with its doctor, then the grant names the doctor and holds no signing key', async () => {
    const clinic = await verified();
    const grant = await roomOf(clinic);
    expect(grant.device).toMatchObject({ kind: 'doctor', doctorId: clinic.doctors[0]!.id, capabilityKey: null });
    const again = await api<Grant>(server.url, '/api/auth/refresh', { body: { refreshToken: grant.refreshToken } });
    expect(again.body.device?.doctorId).toBe(clinic.doctors[0]!.id);
  });

  it('when the doctor is missing or unknown, or a reception names one, then enrolment is refused', async () => {
    const clinic = await verified();
    const tryLogin = (device: object) =>
      api(server.url, '/api/auth/login', { body: { email: clinic.emails.owner, password: PASSWORD, device } });
    expect((await tryLogin({ kind: 'doctor', name: 'Room' })).status).toBe(400);
    expect((await tryLogin({ kind: 'reception', name: 'Desk', doctorId: clinic.doctors[0]!.id })).status).toBe(400);
    expect((await tryLogin({ kind: 'doctor', name: 'Room', doctorId: 'no-such-doctor' })).status).toBe(422);
  });

  it('when a doctor person signs in on a device, then a doctor device is allowed and a reception tablet is not', async () => {
    const clinic = await verified();
    expect((await roomOf(clinic, clinic.emails.doctor)).device?.kind).toBe('doctor');
    await expect(login(server.url, clinic.emails.doctor, { kind: 'reception', name: 'Desk' })).rejects.toThrow(/403/);
  });

  it('when the owner makes a code for a doctor device, then the code binds it to that doctor and opens the doctor page', async () => {
    const clinic = await verified();
    const owner = await login(server.url, clinic.emails.owner);
    const doctorId = clinic.doctors[1]!.id;
    const made = await api<{ code: string; url: string }>(server.url, `/api/owner/clinics/${clinic.id}/enrolment-codes`, {
      token: owner.accessToken,
      body: { kind: 'doctor', doctorId },
    });
    expect(made.status).toBe(201);
    expect(made.body.url).toContain('/doctor.html?enrol=');
    const used = await api<Grant>(server.url, '/api/auth/enrol', {
      body: { code: made.body.code, device: { kind: 'doctor', name: 'Room 2' } },
    });
    expect(used.body.device).toMatchObject({ kind: 'doctor', doctorId });
  });
});

describe("a doctor device's copy of the visits", () => {
  it('when it pulls, or hears a change on its stream, then no phone number reaches it', async () => {
    const clinic = await verified();
    const { t: desk } = await tablet(await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' }));
    const first = { ...walkIn([], clinic.id, 'Amel Haddad', { doctorId: clinic.doctors[0]!.id }), phone: PHONE };
    await desk.db.entries.insert(first);
    await desk.sync.awaitInSync();
    const grant = await roomOf(clinic);
    const pulled = await api<{ documents: Entry[] }>(server.url, '/api/sync/v1/entries/pull?seq=0', { token: grant.accessToken });
    expect(pulled.body.documents.map((d) => d.name)).toEqual(['Amel Haddad']);
    expect(JSON.stringify(pulled.body)).not.toContain('20 123 456');

    const { t: room } = await tablet(grant);
    const second = { ...walkIn([first], clinic.id, 'Sami Ferchichi'), phone: '+216 55 000 111' };
    await desk.db.entries.insert(second);
    await eventually(async () => expect((await entryOn(room, second.id))?.name).toBe('Sami Ferchichi'));
    expect((await entryOn(room, first.id))?.phone).toBeNull();
    expect((await entryOn(room, second.id))?.phone).toBeNull();
  });

  it('when it calls the next patient, then the desk sees the call, the stored phone is kept, and nothing conflicts', async () => {
    const clinic = await verified();
    const { t: desk } = await tablet(await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' }));
    const e = { ...walkIn([], clinic.id, 'Amel Haddad', { doctorId: clinic.doctors[0]!.id }), phone: PHONE };
    await desk.db.entries.insert(e);
    await desk.sync.awaitInSync();
    const { t: room, actions } = await tablet(await roomOf(clinic));
    const conflicts: unknown[] = [];
    room.sync.replications.entries.subjects.conflict.subscribe((c) => conflicts.push(c));

    await actions.callNext(clinic.doctors[0]!.id);
    await room.sync.awaitInSync();
    await eventually(async () => expect((await entryOn(desk, e.id))?.status).toBe('called'));
    const stored = await readDoc<Entry>(db, clinic.id, 'entries', e.id);
    expect(stored).toMatchObject({ status: 'called', phone: PHONE });
    expect((await entryOn(desk, e.id))?.phone).toBe(PHONE);
    expect((await entryOn(room, e.id))?.phone).toBeNull();
    expect(conflicts).toEqual([]);
  });

  it('when it pushes the same change twice (an answer lost), then the second push is no conflict and the phone stays', async () => {
    const clinic = await verified();
    const owner = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const e = { ...walkIn([], clinic.id, 'Amel Haddad'), phone: PHONE, _deleted: false };
    const push = (token: string, rows: object[]) =>
      api<{ conflicts: Entry[] }>(server.url, '/api/sync/v1/entries/push', { token, body: rows });
    expect((await push(owner.accessToken, [{ newDocumentState: e }])).body.conflicts).toEqual([]);
    const room = await roomOf(clinic);
    const seen = { ...e, phone: null };
    const called = { ...seen, status: 'called', calledAt: e.updatedAt + 1, updatedAt: e.updatedAt + 1 };
    const row = { assumedMasterState: seen, newDocumentState: called };
    expect((await push(room.accessToken, [row])).body.conflicts).toEqual([]);
    // The retry, its phone restored, equals the stored visit: not a conflict, and nothing written again.
    const seqBefore = await db.query<{ seq: number }>('SELECT seq FROM clinics WHERE id = $1', [clinic.id]);
    expect((await push(room.accessToken, [row])).body.conflicts).toEqual([]);
    expect(await db.query('SELECT seq FROM clinics WHERE id = $1', [clinic.id])).toEqual(seqBefore);
    // A push that really is behind gets the server's copy back, without the phone.
    const stale = {
      assumedMasterState: seen,
      newDocumentState: { ...seen, status: 'cancelled', endedAt: e.updatedAt + 2, updatedAt: e.updatedAt + 2 },
    };
    expect((await push(room.accessToken, [stale])).body.conflicts).toEqual([{ ...called, phone: null }]);
    expect(await readDoc(db, clinic.id, 'entries', e.id)).toMatchObject({ status: 'called', phone: PHONE });
  });
});

describe('two writers of one visit, the desk clock 10 minutes fast', () => {
  it('every answer carries the server clock', async () => {
    const clinic = await verified();
    const grant = await roomOf(clinic);
    const r = await fetch(`${server.url}/api/sync/v1/doctors/pull`, {
      headers: { authorization: `Bearer ${grant.accessToken}`, 'x-doctorq-schema': String(SCHEMA_VERSION) },
    });
    expect(Math.abs(Number(r.headers.get(SERVER_TIME_HEADER)) - Date.now())).toBeLessThan(5_000);
  });

  it('when desk and room change the same visit offline, then the later real change wins after reconnection, not the fast clock', async () => {
    const clinic = await verified();
    const doctorId = clinic.doctors[0]!.id;
    const deskNet = new Network();
    const roomNet = new Network();
    const fastDesk = new DeviceClock(null, () => Date.now() + TEN_MINUTES);
    const desk = await tablet(await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' }), {
      network: deskNet,
      clock: fastDesk,
    });
    const e = { ...walkIn([], clinic.id, 'Amel Haddad', { doctorId }), phone: PHONE };
    await desk.t.db.entries.insert(e);
    await desk.t.sync.awaitInSync();
    const room = await tablet(await roomOf(clinic), { network: roomNet });
    await eventually(async () => expect(await entryOn(room.t, e.id)).toBeDefined());

    deskNet.offline = true;
    roomNet.offline = true;
    // First the desk cancels (its clock says 10 minutes later than it is), then the room calls the patient in.
    await desk.actions.cancel(e.id, 'left');
    await new Promise((r) => setTimeout(r, 50));
    await room.actions.callNext(doctorId);
    expect((await entryOn(desk.t, e.id))?.updatedAt).toBeLessThan((await entryOn(room.t, e.id))!.updatedAt);

    deskNet.offline = false;
    desk.t.sync.reconnectNow();
    await desk.t.sync.awaitInSync();
    roomNet.offline = false;
    room.t.sync.reconnectNow();
    await eventually(async () => {
      expect((await entryOn(room.t, e.id))?.status).toBe('called');
      expect((await entryOn(desk.t, e.id))?.status).toBe('called');
      expect(await readDoc(db, clinic.id, 'entries', e.id)).toMatchObject({ status: 'called', phone: PHONE });
    }, 20_000);
  });
});
