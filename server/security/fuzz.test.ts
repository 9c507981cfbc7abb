// Property-based fuzzing of every route of the permission table (derived from
// it: a new route is fuzzed without being listed here): malformed bodies,
// wrong types, huge strings, control characters, deep nesting, wrong content
// types, queries, headers and another clinic's ids get a 4xx with the one
// error shape, never a 5xx, and change nothing in the clinic.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createClinic, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { type PathIds, type Target, concretePaths, rowKey, targets } from '../../testkit/routes.ts';
import { WIRE_COLLECTIONS } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';
import { clinicFingerprint, victimClinic, type Victim } from '../../testkit/credentials.ts';
import { PERMISSIONS } from './permissions.ts';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let v: Victim;
/** Who calls, and with which ids in the path. */
let callers: { name: string; token: string | null; routes: Target[] }[];
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  v = await victimClinic(db, server.url);
  const display = await login(server.url, v.clinic.emails.owner, { kind: 'display', name: 'Hall TV' });
  const attacker = await login(server.url, (await createClinic(db)).emails.owner);
  // An owner who has not verified their email cannot make enrolment codes: a fuzzed `{}` must not make one either.
  await db.query('UPDATE users SET email_verified_at = NULL WHERE id IN (SELECT user_id FROM memberships WHERE clinic_id = $1)', [
    v.clinic.id,
  ]);
  // The clinic's real ids: what an attacker from another clinic would aim at.
  const victimIds: PathIds = {
    clinicId: v.clinic.id,
    userId: v.owner.user.id,
    deviceId: v.tablet.device!.id,
    invitationId: randomUUID(),
    doctorId: 'doc-1',
    provider: 'signed',
  };
  // The owner's own clinic, other ids made up: the owner may really delete a device or a colleague.
  const ownerIds: PathIds = { ...victimIds, userId: randomUUID(), deviceId: randomUUID(), doctorId: 'doc-9' };
  const all = (ids: PathIds) => targets(ids);
  callers = [
    { name: 'owner', token: v.owner.accessToken, routes: targets(ownerIds, (r) => !ACTS_WITHOUT_A_BODY.has(rowKey(r))) },
    { name: 'another clinic', token: attacker.accessToken, routes: all(victimIds) },
    { name: 'display', token: display.accessToken, routes: all(victimIds) },
    { name: 'tablet', token: v.tablet.accessToken, routes: all(victimIds) },
    { name: 'anonymous', token: null, routes: all(victimIds) },
  ];
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

/**
 * Routes that do their work whatever the body says: fuzzed with the owner's
 * own token they would really do it (and the clinic would change). Every
 * other caller still fuzzes them.
 */
const ACTS_WITHOUT_A_BODY = new Set([
  'POST /api/owner/clinics/:clinicId/setup/complete',
  'POST /api/owner/clinics/:clinicId/devices/revoke-unseen',
  'POST /api/owner/clinics/:clinicId/verification',
]);

const RUNS = 60;
const SWEEP_CALLERS = ['owner', 'another clinic', 'anonymous'];
/** The sweep sends every hostile body to every route as three callers: thousands of requests, a minute on PGlite under load. */
const SWEEP_TIMEOUT_MS = 180_000;
const ERROR_SHAPE = /^\{"error":\{"code":"[a-z_]+","message":"(?:[^"\\]|\\.)*"(,"issues":\[.*\])?\}\}$/s;

async function send(method: string, path: string, body: string | undefined, headers: Record<string, string>) {
  const ctl = new AbortController();
  const res = await fetch(server.url + path, { method, body: method === 'GET' ? undefined : body, headers, signal: ctl.signal });
  let text = '';
  // A stream never ends: stop it unread.
  if (res.headers.get('content-type')?.includes('event-stream')) ctl.abort();
  else text = await res.text();
  return { status: res.status, text };
}

function checkAnswer(what: string, r: { status: number; text: string }): void {
  expect([what, r.status < 500]).toEqual([what, true]);
  if (r.status >= 400) expect([what, r.text]).toEqual([what, expect.stringMatching(ERROR_SHAPE)]);
}

const headersOf = (token: string | null, type = 'application/json') => ({
  'content-type': type,
  'x-doctorq-schema': String(SCHEMA_VERSION),
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

/** The field names the routes read, each set to one hostile value. */
const FIELDS = [
  'email',
  'name',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'refreshToken',
  'code',
  'role',
  'kind',
  'device',
  'requestId',
  'phone',
  'timeZone',
  'spans',
  'clinicName',
  'planId',
  'status',
  'selfCheckIn',
  'endpoint',
  'keys',
];
const everyField = (value: unknown) => JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, value])));
const CONTROL = '\u0000\u0007\u001b[2J\u202e\r\n\t=cmd|';

const HOSTILE: [string, string, string?][] = [
  ['malformed JSON', '{"email":'],
  ['deep nesting', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
  ['deep objects', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
  ['control characters', everyField(CONTROL)],
  ['long strings', everyField('x'.repeat(10_000))],
  ['wrong types: numbers', everyField(1e308)],
  ['wrong types: infinite', `{${FIELDS.map((f) => `"${f}":1e999`).join(',')}}`],
  ['wrong types: arrays', everyField([['a'], { $gt: '' }])],
  ['wrong types: null', everyField(null)],
  ['prototype keys', '{"__proto__":{"role":"owner"},"constructor":{"prototype":{"admin":true}}}'],
  ['not an object', '"just a string"'],
  ['an array', '[]'],
  ['wrong content type', everyField('a@b.tn'), 'text/plain'],
  ['form content type', 'email=a%40b.tn&password=x', 'application/x-www-form-urlencoded'],
];

describe('fuzzing every route of the permission table', () => {
  it('when the table is made concrete, then every route of it is a fuzz target, with every path parameter filled', () => {
    const fuzzed = new Set(
      targets({ clinicId: 'c', userId: 'u', deviceId: 'd', invitationId: 'i', doctorId: 'o', provider: 'p' }).map((t) => t.key),
    );
    const missing = PERMISSIONS.filter((r) => r.source !== null && !fuzzed.has(rowKey(r))).map(rowKey);
    expect(missing).toEqual([]);
    expect(() =>
      concretePaths(
        { ...PERMISSIONS[0]!, path: '/api/owner/clinics/:clinicId/widgets/:widgetId' },
        {
          clinicId: 'c',
          userId: 'u',
          deviceId: 'd',
          invitationId: 'i',
          doctorId: 'o',
          provider: 'p',
        },
      ),
    ).toThrow(/widgetId/);
  });

  it(
    'when each route gets hostile bodies from its owner, another clinic and anonymously, then 4xx with the error shape, never a 5xx, and no change',
    async () => {
      const before = await clinicFingerprint(db, v.clinic.id);
      const failures: string[] = [];
      // The devices' refusals are the attacker's (403 before the body is read): the random bodies below cover them.
      for (const caller of callers.filter((c) => SWEEP_CALLERS.includes(c.name))) {
        for (const t of caller.routes) {
          if (t.method === 'GET') continue;
          for (const [what, body, type] of HOSTILE) {
            const r = await send(t.method, t.path, body, headersOf(caller.token, type));
            const label = `${t.method} ${t.path} as ${caller.name} with ${what}: ${r.status}`;
            if (r.status >= 500) failures.push(label);
            else if (r.status >= 400 && !ERROR_SHAPE.test(r.text)) failures.push(`${label}: ${r.text.slice(0, 80)}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(await clinicFingerprint(db, v.clinic.id)).toEqual(before);
    },
    SWEEP_TIMEOUT_MS,
  );

  it('when a body is over the size limit, then every route answers 413 with the error shape', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(1_100_000) });
    const owner = callers[0]!;
    for (const t of owner.routes.filter((r) => r.method !== 'GET')) {
      const r = await send(t.method, t.path, huge, headersOf(owner.token));
      checkAnswer(`${t.method} ${t.path}`, r);
      expect([t.path, r.status]).toEqual([t.path, 413]);
    }
  });

  it('when bodies are arbitrary JSON or bytes, then 4xx with the error shape and no state change', async () => {
    const before = await clinicFingerprint(db, v.clinic.id);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...callers).chain((c) => fc.tuple(fc.constant(c), fc.constantFrom(...c.routes.filter((t) => t.method !== 'GET')))),
        fc.oneof(
          fc.jsonValue().map((j) => JSON.stringify(j)),
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.constant('{"a":'),
          fc.constant('[[[[[['),
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async ([caller, t], body, type) => {
          checkAnswer(`${t.method} ${t.path} as ${caller.name}`, await send(t.method, t.path, body, headersOf(caller.token, type)));
        },
      ),
      { numRuns: RUNS * 4 },
    );
    expect(await clinicFingerprint(db, v.clinic.id)).toEqual(before);
  });

  it('when queries, headers and paths of the GET routes are arbitrary, then never a 5xx', async () => {
    const gets = callers.flatMap((c) => c.routes.filter((t) => t.method === 'GET').map((t) => t.path));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...gets, '/api/sync/v1/'),
        fc.dictionary(
          fc.constantFrom('seq', 'limit', 'from', 'to', 'before', 'q', 'status', 'offset', 'x'),
          fc.oneof(fc.string(), fc.integer().map(String), fc.constant('-1'), fc.constant('1e309'), fc.constant('\u0000')),
        ),
        fc.string({ maxLength: 40 }),
        fc.oneof(fc.constant(v.owner.accessToken), fc.constant(v.tablet.accessToken), fc.string(), fc.base64String()),
        fc.oneof(fc.constant('1'), fc.string({ maxLength: 5 })),
        async (path, query, suffix, token, schema) => {
          const qs = new URLSearchParams(query).toString();
          const p = `${path}${path.endsWith('/') ? encodeURIComponent(suffix) : ''}?${qs}`;
          checkAnswer(`GET ${p}`, await send('GET', p, undefined, { authorization: `Bearer ${token}`, 'x-doctorq-schema': schema }));
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('when a valid document has one field replaced by anything, then the server accepts it exactly when the shared schema does', async () => {
    const base = wire(walkIn([], v.clinic.id, 'Fuzz Base'));
    const keys = Object.keys(base) as (keyof typeof base)[];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), fc.jsonValue(), async (key, value) => {
        const doc = { ...base, id: `fz${Math.random().toString(36).slice(2, 12)}`, [key]: value };
        const r = await send(
          'POST',
          '/api/sync/v1/entries/push',
          JSON.stringify([{ newDocumentState: doc }]),
          headersOf(v.tablet.accessToken),
        );
        checkAnswer('push', r);
        const valid = WIRE_COLLECTIONS.entries.safeParse(doc).success && doc.clinicId === v.clinic.id;
        expect(r.status === 200).toBe(valid);
      }),
      { numRuns: RUNS },
    );
  });
});
