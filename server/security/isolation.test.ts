// Every protected endpoint × every bad credential → denied with the right
// status and the one error shape, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import type { RunningServer } from '../main.ts';
import { badCredentials, clinicFingerprint, victimClinic, type Victim } from '../../testkit/credentials.ts';

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
  path: (v: Victim) => string;
  body?: (v: Victim) => unknown;
  ownClinicOnly?: boolean;
}
const A = (v: Victim) => v.clinic.id;
const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: () => '/api/sync/v1/entries/pull', ownClinicOnly: true },
  {
    method: 'POST',
    path: () => '/api/sync/v1/entries/push',
    body: (v) => [{ newDocumentState: wire(walkIn([], v.clinic.id, 'Intruder')) }],
  },
  { method: 'GET', path: () => '/api/sync/v1/stream', ownClinicOnly: true },
  { method: 'GET', path: (v) => `/api/owner/clinics/${A(v)}/reports?from=2026-01-01&to=2026-01-31` },
  { method: 'GET', path: (v) => `/api/owner/clinics/${A(v)}/reports.csv?from=2026-01-01&to=2026-01-31` },
  { method: 'GET', path: (v) => `/api/owner/clinics/${A(v)}/staff` },
  {
    method: 'POST',
    path: (v) => `/api/owner/clinics/${A(v)}/invitations`,
    body: () => ({ email: 'mole@test.tn', name: 'Mole', role: 'owner' }),
  },
  { method: 'GET', path: (v) => `/api/owner/clinics/${A(v)}/invitations` },
  { method: 'DELETE', path: (v) => `/api/owner/clinics/${A(v)}/invitations/${A(v)}` },
  { method: 'PATCH', path: (v) => `/api/owner/clinics/${A(v)}/staff/${v.owner.user.id}`, body: () => ({ role: 'doctor' }) },
  { method: 'DELETE', path: (v) => `/api/owner/clinics/${A(v)}/staff/${v.owner.user.id}` },
  { method: 'POST', path: (v) => `/api/owner/clinics/${A(v)}/staff/${v.owner.user.id}/password-reset` },
  { method: 'POST', path: () => '/api/auth/password', body: () => ({ currentPassword: 'a guess', newPassword: 'a new long password' }) },
  { method: 'GET', path: (v) => `/api/owner/clinics/${A(v)}/devices` },
  { method: 'DELETE', path: (v) => `/api/owner/clinics/${A(v)}/devices/${v.tablet.device!.id}` },
  { method: 'GET', path: (v) => `/api/owner/clinics/${A(v)}/audit` },
  { method: 'PATCH', path: (v) => `/api/owner/clinics/${A(v)}/settings`, body: () => ({ selfCheckIn: false }) },
  { method: 'PUT', path: (v) => `/api/owner/clinics/${A(v)}/doctors/doc-1`, body: () => ({ name: 'Dr Mole', room: '1', active: true }) },
  { method: 'GET', path: (v) => `/api/owner/clinics/${A(v)}/subscription` },
  { method: 'GET', path: (v) => `/api/owner/clinics/${A(v)}/setup` },
  { method: 'POST', path: (v) => `/api/owner/clinics/${A(v)}/setup/complete` },
  { method: 'GET', path: (v) => `/api/owner/clinics/${A(v)}/hours` },
  {
    method: 'PUT',
    path: (v) => `/api/owner/clinics/${A(v)}/hours`,
    body: () => ({ spans: [{ weekday: 1, open: '08:00', close: '12:00' }] }),
  },
  { method: 'POST', path: (v) => `/api/owner/clinics/${A(v)}/verification` },
  { method: 'POST', path: (v) => `/api/owner/clinics/${A(v)}/enrolment-codes`, body: () => ({ kind: 'reception' }) },
];

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
    for (const e of ENDPOINTS) {
      for (const [name, token] of Object.entries(creds)) {
        const ctl = new AbortController();
        const res = await fetch(server.url + e.path(victim), {
          method: e.method,
          signal: ctl.signal,
          headers: { 'content-type': 'application/json', 'x-doctorq-schema': '1', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          ...(e.body ? { body: JSON.stringify(e.body(victim)) } : {}),
        });
        let text = '';
        // A stream never ends: stop it unread.
        if (res.headers.get('content-type')?.includes('event-stream')) ctl.abort();
        else text = await res.text();
        const label = `${e.method} ${e.path(victim)} with ${name}: ${res.status}`;
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

  it("when another clinic's staff pulls, then nothing of this clinic comes back", async () => {
    await api(server.url, '/api/sync/v1/entries/push', {
      token: victim.tablet.accessToken,
      body: [{ newDocumentState: wire(walkIn([], victim.clinic.id, 'Private Patient')) }],
    });
    for (const c of ['entries', 'doctors', 'settings']) {
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
