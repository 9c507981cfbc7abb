// Property-based fuzzing of every endpoint: malformed bodies, queries,
// headers, paths and documents get a 4xx with the one error shape, never a
// 5xx, and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openTestDb, startTestServer } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { WIRE_COLLECTIONS } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';
import { clinicFingerprint, victimClinic, type Victim } from '../../testkit/credentials.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let v: Victim;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  v = await victimClinic(db, server.url);
  // An owner who has not verified their email cannot make enrolment codes: a fuzzed `{}` must not make one either.
  await db.query('UPDATE users SET email_verified_at = NULL WHERE id IN (SELECT user_id FROM memberships WHERE clinic_id = $1)', [
    v.clinic.id,
  ]);
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

const RUNS = 60;
const ERROR_SHAPE = /^\{"error":\{"code":"[a-z_]+","message":"(?:[^"\\]|\\.)*"(,"issues":\[.*\])?\}\}$/s;

async function send(method: string, path: string, body: string | undefined, headers: Record<string, string>) {
  const ctl = new AbortController();
  const res = await fetch(server.url + path, { method, body, headers, signal: ctl.signal });
  let text = '';
  // A stream never ends: stop it unread.
  if (res.headers.get('content-type')?.includes('event-stream')) ctl.abort();
  else text = await res.text();
  return { status: res.status, text };
}

function checkAnswer(r: { status: number; text: string }): void {
  expect(r.status).toBeLessThan(500);
  if (r.status >= 400) expect(r.text).toMatch(ERROR_SHAPE);
}

const routes = () =>
  [
    ['POST', '/api/auth/login'],
    ['POST', '/api/auth/refresh'],
    ['POST', '/api/auth/logout'],
    ['POST', '/api/sync/v1/entries/push'],
    ['POST', '/api/sync/v1/doctors/push'],
    ['POST', '/api/sync/v1/settings/push'],
    ['POST', `/api/checkin/v1/${v.clinic.id}`],
    ['POST', `/api/owner/clinics/${v.clinic.id}/invitations`],
    ['PATCH', `/api/owner/clinics/${v.clinic.id}/staff/${v.clinic.id}`],
    ['POST', '/api/auth/invitation'],
    ['POST', '/api/auth/invitation/accept'],
    ['POST', '/api/auth/password-reset'],
    ['POST', '/api/auth/password'],
    ['PATCH', `/api/owner/clinics/${v.clinic.id}/settings`],
    ['PUT', `/api/owner/clinics/${v.clinic.id}/doctors/doc-9`],
    ['POST', '/api/signup'],
    ['POST', '/api/signup/verify'],
    ['POST', '/api/auth/enrol'],
    ['PUT', `/api/owner/clinics/${v.clinic.id}/hours`],
    ['POST', `/api/owner/clinics/${v.clinic.id}/enrolment-codes`],
    ['POST', '/api/operator/login'],
    ['PATCH', `/api/operator/clinics/${v.clinic.id}`],
    ['POST', '/api/billing/webhook/signed'],
  ] as const;

describe('fuzzing', () => {
  it('when bodies are arbitrary JSON or bytes, then 4xx with the error shape and no state change', async () => {
    const before = await clinicFingerprint(db, v.clinic.id);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes()),
        fc.oneof(
          fc.jsonValue().map((j) => JSON.stringify(j)),
          fc.string(),
          fc.constant('{"a":'),
          fc.constant('[[[[[['),
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async ([method, path], body, type) => {
          checkAnswer(
            await send(method, path, body, {
              'content-type': type,
              'x-doctorq-schema': '1',
              authorization: `Bearer ${v.owner.accessToken}`,
            }),
          );
        },
      ),
      { numRuns: RUNS * 2 },
    );
    expect(await clinicFingerprint(db, v.clinic.id)).toEqual(before);
  });

  it('when queries, headers and paths are arbitrary, then never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/sync/v1/entries/pull',
          `/api/owner/clinics/${v.clinic.id}/reports`,
          `/api/owner/clinics/${v.clinic.id}/audit`,
          '/api/sync/v1/',
        ),
        fc.dictionary(
          fc.constantFrom('seq', 'limit', 'from', 'to', 'before', 'x'),
          fc.oneof(fc.string(), fc.integer().map(String), fc.constant('-1'), fc.constant('1e309')),
        ),
        fc.string({ maxLength: 40 }),
        fc.oneof(fc.constant(v.owner.accessToken), fc.string(), fc.base64String()),
        fc.oneof(fc.constant('1'), fc.string({ maxLength: 5 })),
        async (path, query, suffix, token, schema) => {
          const qs = new URLSearchParams(query).toString();
          const p = `${path}${path.endsWith('/') ? encodeURIComponent(suffix) : ''}?${qs}`;
          checkAnswer(await send('GET', p, undefined, { authorization: `Bearer ${token}`, 'x-doctorq-schema': schema }));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('when a valid document has one field replaced by anything, then the server accepts it exactly when the shared schema does', async () => {
    const base = wire(walkIn([], v.clinic.id, 'Fuzz Base'));
    const keys = Object.keys(base) as (keyof typeof base)[];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), fc.jsonValue(), async (key, value) => {
        const doc = { ...base, id: `fz${Math.random().toString(36).slice(2, 12)}`, [key]: value };
        const r = await send('POST', '/api/sync/v1/entries/push', JSON.stringify([{ newDocumentState: doc }]), {
          'content-type': 'application/json',
          'x-doctorq-schema': '1',
          authorization: `Bearer ${v.tablet.accessToken}`,
        });
        checkAnswer(r);
        const valid = WIRE_COLLECTIONS.entries.safeParse(doc).success && doc.clinicId === v.clinic.id;
        expect(r.status === 200).toBe(valid);
      }),
      { numRuns: RUNS },
    );
  });
});
