// The permission table, enforced: every row called with every kind of
// credential; docs/security.md shows exactly the table; and every route a
// route file declares has a row (a new route without one fails here).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import type { RunningServer } from '../main.ts';
import { addOperator } from '../operator/accounts.ts';
import type { OperatorGrant } from '../../shared/saas.ts';
import { CREDENTIALS, type Credential, PERMISSIONS, type RouteRow, renderPermissionTable } from './permissions.ts';
import { SCHEMA_VERSION } from '../../shared/protocol.ts';

const ROOT = join(import.meta.dirname, '../..');
const METRICS_TOKEN = 'metrics-token-of-the-permission-test';
const OP_PASSWORD = 'operator password 1';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let clinic: TestClinic;
let operatorEmail: string;
const tokens = new Map<Credential, string | null>();

const operatorToken = async () =>
  (await api<OperatorGrant>(server.url, '/api/operator/login', { body: { email: operatorEmail, password: OP_PASSWORD } })).body.accessToken;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { METRICS_TOKEN, SIGNUP_RATE_LIMIT_PER_HOUR: '1000' });
  clinic = await createClinic(db);
  await db.query('UPDATE users SET email_verified_at = now() WHERE lower(email) = lower($1)', [clinic.emails.owner]);
  operatorEmail = (await addOperator(db, { email: `ops-${randomUUID()}@doctorq.tn`, name: 'Ops', password: OP_PASSWORD })).email;
  const checkIn = await api<{ token: string }>(server.url, `/api/checkin/v1/${clinic.id}`, {
    body: { requestId: randomUUID(), name: 'Patient Table' },
  });
  expect(checkIn.status).toBe(201);
  tokens.set('owner', (await login(server.url, clinic.emails.owner)).accessToken);
  tokens.set('receptionist', (await login(server.url, clinic.emails.receptionist)).accessToken);
  tokens.set('doctor', (await login(server.url, clinic.emails.doctor)).accessToken);
  // Both devices enrolled by the owner: the worst case, a device must still get only its kind's authority.
  tokens.set('reception', (await login(server.url, clinic.emails.owner, { kind: 'reception', name: 'Desk' })).accessToken);
  tokens.set('display', (await login(server.url, clinic.emails.owner, { kind: 'display', name: 'TV' })).accessToken);
  tokens.set(
    'room',
    (await login(server.url, clinic.emails.owner, { kind: 'doctor', name: 'Room 1', doctorId: clinic.doctors[0]!.id })).accessToken,
  );
  tokens.set('ticket', checkIn.body.token);
  tokens.set('operator', await operatorToken());
  tokens.set('anonymous', null);
});
afterAll(async () => {
  await server?.close();
  await db?.dispose();
});

const concrete = (path: string) =>
  path
    .replace(':clinicId', clinic.id)
    .replace(':deviceId', randomUUID())
    .replace(':invitationId', randomUUID())
    .replace(':userId', randomUUID())
    .replace(':doctorId', 'doc-permissions')
    .replace(':collection', 'entries')
    .replace(':provider', 'no-such-provider')
    .replace('/*', '/');

/**
 * Refused at the trust boundary: 401, or 403 `forbidden`. Anything else
 * (200, 400 for the deliberately empty body, 404, a plan's 403) got past it.
 */
async function refused(row: RouteRow, token: string | null): Promise<{ refused: boolean; status: number; code?: string }> {
  const res = await fetch(server.url + concrete(row.path), {
    method: row.method,
    headers: {
      'x-doctorq-schema': String(SCHEMA_VERSION),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(row.method === 'GET' ? {} : { 'content-type': 'application/json' }),
    },
    ...(row.method === 'GET' ? {} : { body: '{}' }),
  });
  let code: string | undefined;
  // JSON, not JSON Lines (the whole-clinic export), which is an answer too.
  if (/^application\/json\b/.test(res.headers.get('content-type') ?? ''))
    code = ((await res.json()) as { error?: { code?: string } }).error?.code;
  // A stream that opened stays open: its status is the answer.
  else await res.body?.cancel();
  return { refused: res.status === 401 || (res.status === 403 && code === 'forbidden'), status: res.status, ...(code ? { code } : {}) };
}

describe('the permission table, route by route', () => {
  for (const row of PERMISSIONS) {
    it(`${row.method} ${row.path}: ${row.who.length ? row.who.join(', ') : 'nobody'} pass, every other credential is refused`, async () => {
      const seen: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const c of CREDENTIALS) {
        // Signing out ends the operator's session: that row gets a session of its own.
        const token = row.path === '/api/operator/logout' && c === 'operator' ? await operatorToken() : (tokens.get(c) ?? null);
        const r = await refused(row, token);
        seen[c] = `${r.refused ? 'refused' : 'allowed'} (${r.status}${r.code ? ` ${r.code}` : ''})`;
        want[c] = row.who.includes(c) ? 'allowed' : 'refused';
      }
      expect(Object.fromEntries(Object.entries(seen).map(([c, s]) => [c, s.split(' ')[0]]))).toEqual(want);
    });
  }

  it('when the metrics token is given, then /metrics answers (no credential of the table does)', async () => {
    expect((await api(server.url, '/metrics', { token: METRICS_TOKEN })).status).toBe(200);
  });
});

/** Every `r.get('/x'`/`app.post('/y'` in the server's sources: what the table must cover. */
function declaredRoutes(): { file: string; method: string; route: string }[] {
  const found: { file: string; method: string; route: string }[] = [];
  const files = readdirSync(join(ROOT, 'server'), { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  for (const f of files) {
    const text = readFileSync(join(ROOT, 'server', f), 'utf8');
    for (const m of text.matchAll(/\b(?:r|app|router)\.(get|post|put|patch|delete)\(\s*'(\/[^']*)'/g))
      found.push({ file: `server/${f.replaceAll('\\', '/')}`, method: m[1]!.toUpperCase(), route: m[2]! });
  }
  return found;
}

describe('the table covers the app', () => {
  it('when a route file declares a route, then the table has its row, and every row names a route that exists', () => {
    const declared = declaredRoutes();
    const key = (file: string, method: string, route: string) => `${method} ${route} in ${file}`;
    const rows = PERMISSIONS.flatMap((r) => (r.source ? [key(r.source.file, r.method, r.source.route)] : []));
    const routes = declared.map((d) => key(d.file, d.method, d.route));
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((k) => !rows.includes(k))).toEqual([]);
    expect(rows.filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('when docs/security.md is read, then its permission table is exactly the one the tests enforce', () => {
    const doc = readFileSync(join(ROOT, 'docs/security.md'), 'utf8');
    const m = /<!-- permission-table:start[^>]*-->\n([\s\S]*?)\n<!-- permission-table:end -->/.exec(doc);
    expect(m, 'docs/security.md lost its permission-table markers').not.toBeNull();
    expect(m![1]).toBe(renderPermissionTable());
  });
});
