// Defect 6: a stolen refresh token replayed inside the retry grace window must
// not fork the session. A replay gets the very successor the first use got
// (so the device and the replayer hold one token between them), never a branch
// of its own that locks the real device out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
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

const refresh = (refreshToken: string) => api(server.url, '/api/auth/refresh', { body: { refreshToken } });

describe('refresh-token replay inside the grace window', () => {
  it('when a rotated token is replayed within the grace window, then the replay gets the same successor and the device keeps working', async () => {
    const clinic = await createClinic(db);
    const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const device = await refresh(grant.refreshToken);
    expect(device.status).toBe(200);

    const thief = await refresh(grant.refreshToken);
    expect(thief.status).toBe(200);
    expect(thief.body.refreshToken).toBe(device.body.refreshToken);

    // The real device is not locked out: its token is still the session's current one.
    const next = await refresh(device.body.refreshToken);
    expect(next.status).toBe(200);
    // And the session never had two live branches: one session row, one current token.
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE clinic_id = $1 AND revoked_at IS NULL', [
      clinic.id,
    ]);
    expect(rows[0]!.n).toBe(1);
  });

  it('when the successor has itself been rotated, then replaying the first token gets nothing, and the holder of the newest keeps the session', async () => {
    const clinic = await createClinic(db);
    const grant = await login(server.url, clinic.emails.receptionist);
    const first = await refresh(grant.refreshToken);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);
    const replay = await refresh(grant.refreshToken);
    expect(replay.status).toBe(401);
    expect((await refresh(second.body.refreshToken)).status).toBe(200);
  });

  it('when the device and a replayer race with the same old token, then both end with the same refresh token, which works', async () => {
    const clinic = await createClinic(db);
    const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    await refresh(grant.refreshToken);
    const [a, b] = await Promise.all([refresh(grant.refreshToken), refresh(grant.refreshToken)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.refreshToken).toBe(b.body.refreshToken);
    expect((await refresh(a.body.refreshToken)).status).toBe(200);
  });
});
