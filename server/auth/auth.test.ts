// Sign-in, refresh-token rotation and device enrolment over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, PASSWORD, startTestServer } from '../../testkit/harness.ts';
import type { RunningServer } from '../main.ts';

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

describe('login', () => {
  it('when the password is wrong or the account unknown, then 401 with the same answer for both', async () => {
    const clinic = await createClinic(db);
    const wrong = await api(server.url, '/api/auth/login', { body: { email: clinic.emails.receptionist, password: 'nope' } });
    const unknown = await api(server.url, '/api/auth/login', { body: { email: 'nobody@test.tn', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('when credentials are right, then an access token, a refresh token and the role come back; the email is case-insensitive', async () => {
    const clinic = await createClinic(db);
    const r = await api(server.url, '/api/auth/login', { body: { email: clinic.emails.owner.toUpperCase(), password: PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'owner', clinic: { id: clinic.id }, device: null });
    expect(r.body.accessTokenExpiresAt).toBeGreaterThan(Date.now());
    const stored = await db.query<{ token_hash: Buffer }>('SELECT token_hash FROM sessions WHERE clinic_id = $1', [clinic.id]);
    // Only a hash of the refresh token is stored.
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0]!.token_hash).toString('base64url')).not.toBe(r.body.refreshToken);
  });

  it('when tablets enrol, then each gets its own ticket series; a doctor cannot enrol a device', async () => {
    const clinic = await createClinic(db);
    const one = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'one' });
    const two = await login(server.url, clinic.emails.owner, { kind: 'reception', name: 'two' });
    expect([one.device!.series, two.device!.series]).toEqual(['A', 'B']);
    const doc = await api(server.url, '/api/auth/login', {
      body: { email: clinic.emails.doctor, password: PASSWORD, device: { kind: 'reception', name: 'x' } },
    });
    expect(doc.status).toBe(403);
  });

  it('when login attempts exceed the limit, then 429 with the error shape', async () => {
    const limited = await startTestServer(db, { LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await api(limited.url, '/api/auth/login', { body: { email: 'x@test.tn', password: 'y' } })).status);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const r = await api(limited.url, '/api/auth/login', { body: { email: 'x@test.tn', password: 'y' } });
      expect(r.body.error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});

describe('refresh', () => {
  it('when refreshed, then the token rotates; a retry of the old token soon after (lost response) still works', async () => {
    const clinic = await createClinic(db);
    const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const first = await api(server.url, '/api/auth/refresh', { body: { refreshToken: grant.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(grant.refreshToken);
    expect(first.body.device.id).toBe(grant.device!.id);
    const retry = await api(server.url, '/api/auth/refresh', { body: { refreshToken: grant.refreshToken } });
    expect(retry.status).toBe(200);
    const next = await api(server.url, '/api/auth/refresh', { body: { refreshToken: retry.body.refreshToken } });
    expect(next.status).toBe(200);
  });

  it('when an old refresh token is replayed after the grace window, then the whole session is revoked', async () => {
    const clinic = await createClinic(db);
    const grant = await login(server.url, clinic.emails.receptionist);
    const first = await api(server.url, '/api/auth/refresh', { body: { refreshToken: grant.refreshToken } });
    await db.query(`UPDATE sessions SET rotated_at = now() - interval '1 hour' WHERE clinic_id = $1`, [clinic.id]);
    const replay = await api(server.url, '/api/auth/refresh', { body: { refreshToken: grant.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('revoked');
    // The legitimate holder is logged out too: a copied token means the session is compromised.
    const legit = await api(server.url, '/api/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(legit.status).toBe(401);
  });

  it('when an access token is expired, then requests get 401 token_expired (the client refreshes)', async () => {
    const shortLived = await startTestServer(db, { ACCESS_TOKEN_TTL_SECONDS: '30' });
    try {
      const clinic = await createClinic(db);
      const grant = await login(shortLived.url, clinic.emails.receptionist);
      const { SignJWT } = await import('jose');
      const [row] = await db.query<{ value: string }>(`SELECT value FROM server_secrets WHERE name = 'jwt'`);
      const claims = JSON.parse(Buffer.from(grant.accessToken.split('.')[1]!, 'base64url').toString());
      const expired = await new SignJWT({ cid: claims.cid, role: claims.role, sid: claims.sid })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.sub)
        .setIssuer('doctorq')
        .setAudience('doctorq:staff')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
        .sign(new TextEncoder().encode(row!.value));
      const r = await api(shortLived.url, '/api/sync/v1/entries/pull', { token: expired });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('token_expired');
    } finally {
      await shortLived.close();
    }
  });
});
