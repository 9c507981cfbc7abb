// Every protected endpoint × every bad credential → denied with the right
// status and the one error shape, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { booking } from '../../testkit/appointments.ts';
import type { RunningServer } from '../main.ts';
import { type PathIds, targets } from '../../testkit/routes.ts';
import { badCredentials, clinicFingerprint, victimClinic, type Victim } from '../../testkit/credentials.ts';
import { DOCTOR_DEFAULTS, SETTINGS_DEFAULTS } from '../../shared/doc-defaults.ts';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let victim: Victim;
let creds: Record<string, string | undefined>;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  victim = await victimClinic(db, server.url);
  creds = await badCredentials(db, server.url, victim);
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

/** ownClinicOnly: the route only ever reaches the caller's own clinic (no clinic in the path), so another clinic's token gets 200 with its own data. */
interface Endpoint {
  method: string;
  path: string;
  body?: unknown;
  ownClinicOnly: boolean;
}

/** A body that gets past validation where the route needs one, so the refusal tested is the credential's. */
function bodyFor(key: string, path: string, v: Victim): unknown {
  const now = Date.now();
  const pushed: Record<string, unknown> = {
    entries: wire(walkIn([], v.clinic.id, 'Intruder')),
    doctors: {
      id: 'doc-mole',
      clinicId: v.clinic.id,
      name: 'Dr Mole',
      room: '9',
      active: true,
      ...DOCTOR_DEFAULTS,
      updatedAt: now,
      _deleted: false,
    },
    settings: {
      id: v.clinic.id,
      clinicId: v.clinic.id,
      name: 'Taken Over',
      timeZone: 'Africa/Tunis',
      languages: ['fr'],
      ticketPrefix: '',
      defaultConsultationMinutes: 15,
      selfCheckIn: true,
      display: 'tickets',
      retentionDays: 90,
      ...SETTINGS_DEFAULTS,
      updatedAt: now,
      _deleted: false,
    },
    appointments: wire(booking(v.clinic.id, 'doc-1', now + 86_400_000, { now, name: 'Intruder' })),
  };
  const bodies: Record<string, unknown> = {
    'POST /api/sync/v1/:collection/push': [{ newDocumentState: pushed[/\/sync\/v1\/(\w+)\/push/.exec(path)?.[1] ?? ''] }],
    'POST /api/owner/clinics/:clinicId/invitations': { email: 'mole@test.tn', name: 'Mole', role: 'owner' },
    'PATCH /api/owner/clinics/:clinicId/staff/:userId': { role: 'doctor' },
    'POST /api/auth/password': { currentPassword: 'a guess', newPassword: 'a new long password' },
    'PATCH /api/owner/clinics/:clinicId/settings': { selfCheckIn: false },
    'PUT /api/owner/clinics/:clinicId/doctors/:doctorId': { name: 'Dr Mole', room: '1', active: true },
    'PUT /api/owner/clinics/:clinicId/hours': { spans: [{ weekday: 1, open: '08:00', close: '12:00' }] },
    'PUT /api/owner/clinics/:clinicId/window': { pastDays: 7 },
    'POST /api/owner/clinics/:clinicId/enrolment-codes': { kind: 'reception' },
  };
  return bodies[key];
}

/**
 * Every route of the permission table that only staff tokens may call (derived
 * from it: a new staff route is in the matrix without being listed), aimed at
 * the victim clinic's real ids.
 */
const STAFF_ONLY = new Set(['owner', 'receptionist', 'doctor', 'reception', 'room', 'display']);
function endpoints(v: Victim): Endpoint[] {
  const ids: PathIds = {
    clinicId: v.clinic.id,
    userId: v.owner.user.id,
    deviceId: v.tablet.device!.id,
    invitationId: v.clinic.id,
    doctorId: 'doc-1',
    provider: 'signed',
  };
  return targets(ids, (r) => r.who.length > 0 && r.who.every((c) => STAFF_ONLY.has(c))).map((t) => ({
    method: t.method,
    path: t.path,
    body: bodyFor(t.key, t.path, v),
    // The reception's ping names no clinic either: another clinic's token says its own reception is there.
    ownClinicOnly: (t.method === 'GET' || t.key === 'POST /api/sync/v1/alive') && !t.row.path.includes(':clinicId'),
  }));
}

/** What each credential must get: 401 when it is not a valid staff token, 403 when valid but not for this clinic. */
const EXPECTED: Record<string, number[]> = {
  'no token': [401],
  'patient ticket link': [401],
  expired: [401],
  revoked: [401],
  'signature tampered': [401],
  'claims tampered': [401],
  'alg none': [401],
  'wrong audience': [401],
  garbage: [401],
  // A token of another clinic carries its own clinic: routes naming this clinic, and a push of its document, get 403.
  'another clinic': [403],
};
const expected = (e: Endpoint, name: string) => (name === 'another clinic' && e.ownClinicOnly ? [200] : EXPECTED[name]!);

describe('isolation matrix', () => {
  it('when any protected endpoint gets a bad credential, then it is denied with the right status and nothing changes', async () => {
    const before = await clinicFingerprint(db, victim.clinic.id);
    const failures: string[] = [];
    const all = endpoints(victim);
    // The matrix covers the owner area, replication and account routes at least (a filter gone wrong would empty it).
    expect(all.length).toBeGreaterThan(30);
    for (const e of all) {
      for (const [name, token] of Object.entries(creds)) {
        const ctl = new AbortController();
        const res = await fetch(server.url + e.path, {
          method: e.method,
          signal: ctl.signal,
          headers: {
            'content-type': 'application/json',
            'x-doctorq-schema': String(SCHEMA_VERSION),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          ...(e.body === undefined ? {} : { body: JSON.stringify(e.body) }),
        });
        let text = '';
        // A stream never ends: stop it unread.
        if (res.headers.get('content-type')?.includes('event-stream')) ctl.abort();
        else text = await res.text();
        const label = `${e.method} ${e.path} with ${name}: ${res.status}`;
        if (!expected(e, name).includes(res.status)) failures.push(label);
        if (res.status >= 400 && !/^\{"error":\{"code":"[a-z_]+","message":/.test(text))
          failures.push(`${label}: bad error body ${text.slice(0, 80)}`);
        if (res.status === 200 && e.method === 'GET' && text.includes(victim.clinic.id))
          failures.push(`${label}: leaked the clinic's data`);
      }
    }
    expect(failures).toEqual([]);
    expect(await clinicFingerprint(db, victim.clinic.id)).toEqual(before);
  });

  it("when another clinic's owner names this clinic's device, member or invitation in their own clinic's path, then 404 and nothing changes", async () => {
    const token = creds['another clinic']!;
    const theirs = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { cid: string }).cid;
    const [invitation] = await db.query<{ id: string }>(
      `INSERT INTO staff_invitations (clinic_id, id, token_hash, email, name, role, invited_by, expires_at)
       VALUES ($1, gen_random_uuid(), decode(md5(random()::text), 'hex'), 'invitee@test.tn', 'Invitee', 'doctor', $2, now() + interval '1 day') RETURNING id`,
      [victim.clinic.id, victim.owner.user.id],
    );
    const before = await clinicFingerprint(db, victim.clinic.id);
    const ids: PathIds = {
      clinicId: theirs,
      userId: victim.owner.user.id,
      deviceId: victim.tablet.device!.id,
      invitationId: invitation!.id,
      doctorId: 'doc-1',
      provider: 'signed',
    };
    const aimed = targets(ids, (r) => r.path.includes(':clinicId/') && /:(userId|deviceId|invitationId)/.test(r.path));
    expect(aimed.length).toBeGreaterThanOrEqual(5);
    for (const t of aimed) {
      const r = await api(server.url, t.path, { method: t.method, token, body: bodyFor(t.key, t.path, victim) ?? {} });
      expect([t.key, r.status]).toEqual([t.key, 404]);
    }
    expect(await clinicFingerprint(db, victim.clinic.id)).toEqual(before);
    const [open] = await db.query<{ cancelled: boolean }>(
      'SELECT cancelled_at IS NOT NULL AS cancelled FROM staff_invitations WHERE id = $1',
      [invitation!.id],
    );
    expect(open!.cancelled).toBe(false);
  });

  it("when another clinic's staff pulls, then nothing of this clinic comes back", async () => {
    await api(server.url, '/api/sync/v1/entries/push', {
      token: victim.tablet.accessToken,
      body: [{ newDocumentState: wire(walkIn([], victim.clinic.id, 'Private Patient')) }],
    });
    const booked = await api(server.url, '/api/sync/v1/appointments/push', {
      token: victim.tablet.accessToken,
      body: [{ newDocumentState: wire(booking(victim.clinic.id, 'doc-1', Date.now() + 86_400_000, { name: 'Private Booking' })) }],
    });
    expect(booked.status).toBe(200);
    for (const c of ['entries', 'doctors', 'settings', 'appointments']) {
      const r = await api(server.url, `/api/sync/v1/${c}/pull`, { token: creds['another clinic'] });
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toContain(victim.clinic.id);
    }
  });

  it('when the public stream gets a bad credential, then 401', async () => {
    for (const name of ['no token', 'expired', 'signature tampered', 'alg none', 'garbage', 'revoked']) {
      const r = await api(server.url, '/api/queue/v1/stream', { token: creds[name] });
      expect({ name, status: r.status }).toEqual({ name, status: 401 });
      expect(r.body.error.code).toMatch(/^[a-z_]+$/);
    }
  });
});
