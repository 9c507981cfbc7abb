// Defect 11, the race: an owner-area write that starts while a suspension is
// being committed must not slip in beside it. The write checks the status
// again inside its own transaction, under the clinic's row lock, which the
// suspension holds until it commits. (On PGlite, one connection serialises
// everything, so the race cannot happen there; the test still checks the answer.)
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createClinic,
  eventually,
  login,
  openTestDb,
  startTestServer,
  usingPostgres,
  type ApiResponse,
} from '../../testkit/harness.ts';
import { mailedToken } from '../../testkit/mailbox.ts';
import { setStatus } from '../billing/subscription.ts';
import type { RunningServer } from '../main.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.dispose();
});

type Answer = ApiResponse<{ error?: { code: string } } | null>;

/** Requests of this test's server waiting on a row lock (Postgres only). */
async function waitingOnALock(): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
  );
  return row!.n;
}

/**
 * Starts `write` while a suspension of the clinic is open and not yet
 * committed, lets the write reach the database, then commits the suspension.
 */
async function writeDuringSuspension(clinicId: string, write: () => Promise<Answer>): Promise<Answer> {
  let answered = false;
  let pending: Promise<Answer> | undefined;
  await db.transaction(async (tx) => {
    await setStatus(tx, clinicId, 'suspended', 'system', 'test');
    pending = write().finally(() => {
      answered = true;
    });
    // The write either waits on the clinic's row (fixed) or answers at once, having slipped in.
    if (usingPostgres) await eventually(async () => expect(answered || (await waitingOnALock()) > 0).toBe(true));
  });
  return pending!;
}

describe('defect 11: owner-area writes racing a suspension', () => {
  it('when the suspension commits while the owner invites, changes a role, sets hours or completes setup, then each answers 403 clinic_suspended and changes nothing', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const reception = await login(server.url, clinic.emails.receptionist);
    const path = (p: string) => `/api/owner/clinics/${clinic.id}${p}`;
    const reactivate = () => db.transaction((tx) => setStatus(tx, clinic.id, 'active', 'system', 'test'));
    const email = `race-${randomUUID()}@test.tn`;
    const writes: [string, () => Promise<Answer>][] = [
      ['invite', () => api(server.url, path('/invitations'), { token: owner.accessToken, body: { email, name: 'Racer', role: 'owner' } })],
      [
        'role',
        () => api(server.url, path(`/staff/${reception.user.id}`), { method: 'PATCH', token: owner.accessToken, body: { role: 'owner' } }),
      ],
      [
        'hours',
        () =>
          api(server.url, path('/hours'), {
            method: 'PUT',
            token: owner.accessToken,
            body: { spans: [{ weekday: 1, open: '08:00', close: '12:00' }] },
          }),
      ],
      ['setup', () => api(server.url, path('/setup/complete'), { token: owner.accessToken, body: {} })],
    ];
    for (const [what, write] of writes) {
      const r = await writeDuringSuspension(clinic.id, write);
      expect([what, r.status, r.body?.error?.code]).toEqual([what, 403, 'clinic_suspended']);
      await reactivate();
    }
    expect(await db.query('SELECT 1 FROM staff_invitations WHERE email = $1', [email])).toEqual([]);
    const [c] = await db.query<{ hours: unknown; setup: unknown }>(
      'SELECT opening_hours AS hours, setup_completed_at AS setup FROM clinics WHERE id = $1',
      [clinic.id],
    );
    expect(c).toEqual({ hours: null, setup: null });
    const [m] = await db.query<{ role: string }>('SELECT role FROM memberships WHERE clinic_id = $1 AND user_id = $2', [
      clinic.id,
      reception.user.id,
    ]);
    expect(m!.role).toBe('receptionist');
  });

  it('when an invitation made before the suspension is accepted during it, then it answers 403 clinic_suspended and adds no one', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const email = `late-${randomUUID()}@test.tn`;
    const made = await api(server.url, `/api/owner/clinics/${clinic.id}/invitations`, {
      token: owner.accessToken,
      body: { email, name: 'Late Joiner', role: 'receptionist' },
    });
    expect(made.status).toBe(201);
    await db.transaction((tx) => setStatus(tx, clinic.id, 'suspended', 'system', 'test'));
    const token = await mailedToken(db, email, 'invite');
    const r = await api(server.url, '/api/auth/invitation/accept', { body: { token, password: 'a new password of mine' } });
    expect([r.status, r.body.error?.code]).toEqual([403, 'clinic_suspended']);
    expect(await db.query('SELECT 1 FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.email = $1', [email])).toEqual([]);
  });
});
