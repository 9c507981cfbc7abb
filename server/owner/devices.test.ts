// Devices an owner can manage: "last seen" moves (at most every few minutes)
// when a device refreshes or opens its stream; devices unseen for long are
// revoked in one go; revoking a lost tablet keeps the ticket links it signed
// before (its waiting patients keep their page), a stolen one's stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { api, createClinic, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { openSse } from '../../testkit/sse.ts';
import { PATIENT_AUDIENCE, signTicketToken } from '../../shared/capability.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { endOfClinicDay } from '../../shared/time.ts';
import type { Grant } from '../../shared/auth.ts';
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

const today = () => clinicDay(Date.now(), 'Africa/Tunis');
const lastSeen = async (deviceId: string) =>
  new Date(
    (await db.query<{ last_seen_at: Date }>('SELECT last_seen_at FROM devices WHERE id = $1', [deviceId]))[0]!.last_seen_at,
  ).getTime();
const seenAgo = (deviceId: string, minutes: number) =>
  db.query(`UPDATE devices SET last_seen_at = now() - make_interval(mins => $2) WHERE id = $1`, [deviceId, minutes]);

describe('last seen', () => {
  it('when a tablet refreshes or opens its stream, then its last seen moves, at most once every few minutes', async () => {
    const clinic = await createClinic(db);
    const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const id = grant.device!.id;

    await seenAgo(id, 60);
    const before = await lastSeen(id);
    const refreshed = await api<Grant>(server.url, '/api/auth/refresh', { body: { refreshToken: grant.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(await lastSeen(id)).toBeGreaterThan(before + 50 * 60_000);

    // Seen a minute ago: a refresh now does not write again.
    await seenAgo(id, 1);
    const recent = await lastSeen(id);
    expect((await api(server.url, '/api/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } })).status).toBe(200);
    expect(await lastSeen(id)).toBe(recent);

    await seenAgo(id, 60);
    const stale = await lastSeen(id);
    const stream = await openSse(`${server.url}/api/sync/v1/stream`, refreshed.body.accessToken);
    expect(stream.status).toBe(200);
    expect(await lastSeen(id)).toBeGreaterThan(stale + 50 * 60_000);
    stream.close();
  });

  it('when the owner lists devices, then each shows when it was last seen', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const list = await api(server.url, `/api/owner/clinics/${clinic.id}/devices`, { token: owner.accessToken });
    expect(list.body.devices).toEqual([
      expect.objectContaining({ id: grant.device!.id, last_seen_at: expect.any(String), revoked_at: null }),
    ]);
  });
});

describe('revoking devices', () => {
  it('when the owner revokes devices unseen for 30 days, then exactly those are revoked, signed out and audited', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const old = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Forgotten browser' });
    const used = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    await seenAgo(old.device!.id, 31 * 24 * 60);
    await seenAgo(used.device!.id, 29 * 24 * 60);

    const r = await api(server.url, `/api/owner/clinics/${clinic.id}/devices/revoke-unseen`, { token: owner.accessToken, body: {} });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ revoked: [old.device!.id] });
    expect((await api(server.url, '/api/auth/refresh', { body: { refreshToken: old.refreshToken } })).body.error.code).toBe('revoked');
    expect((await api(server.url, '/api/auth/refresh', { body: { refreshToken: used.refreshToken } })).status).toBe(200);
    const audit = await api(server.url, `/api/owner/clinics/${clinic.id}/audit`, { token: owner.accessToken });
    expect(
      audit.body.events.filter((e: { action: string }) => e.action === 'device.revoke').map((e: { target: string }) => e.target),
    ).toEqual([old.device!.id]);
    // Only an owner of the clinic.
    const desk = await login(server.url, clinic.emails.receptionist);
    expect(
      (await api(server.url, `/api/owner/clinics/${clinic.id}/devices/revoke-unseen`, { token: desk.accessToken, body: {} })).status,
    ).toBe(403);
  });

  async function tabletWithLinks() {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const grant = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const key = new TextEncoder().encode(grant.device!.capabilityKey!);
    const link = (entryId: string) =>
      signTicketToken({ clinicId: clinic.id, entryId, day: today(), timeZone: 'Africa/Tunis' }, grant.device!.id, key);
    const opens = async (token: string) => {
      const s = await openSse(`${server.url}/api/queue/v1/stream`, token);
      s.close();
      return s.status;
    };
    const revoke = (stolen: boolean) =>
      api(server.url, `/api/owner/clinics/${clinic.id}/devices/${grant.device!.id}?stolen=${stolen}`, {
        method: 'DELETE',
        token: owner.accessToken,
      });
    return { clinic, grant, key, link, opens, revoke };
  }

  it('when the owner revokes a lost tablet, then the ticket links it issued before keep working, and links it signs afterwards are refused', async () => {
    const { grant, key, link, opens, revoke, clinic } = await tabletWithLinks();
    const before = await link('entry-before');
    expect((await revoke(false)).status).toBe(204);
    // The tablet's sessions end at once.
    expect((await api(server.url, '/api/auth/refresh', { body: { refreshToken: grant.refreshToken } })).body.error.code).toBe('revoked');
    expect(await opens(before)).toBe(200);

    // Whoever found the tablet signs a new link: refused.
    const after = await new SignJWT({ cid: clinic.id, eid: 'entry-after' })
      .setProtectedHeader({ alg: 'HS256', kid: grant.device!.id })
      .setAudience(PATIENT_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) + 2)
      .setExpirationTime(Math.floor(endOfClinicDay(today(), 'Africa/Tunis') / 1000))
      .sign(key);
    expect(await opens(after)).toBe(401);
    // Backdated, but for a day that ends long after the revocation: refused too.
    const backdated = await new SignJWT({ cid: clinic.id, eid: 'entry-later-day' })
      .setProtectedHeader({ alg: 'HS256', kid: grant.device!.id })
      .setAudience(PATIENT_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) + 3 * 86_400)
      .sign(key);
    expect(await opens(backdated)).toBe(401);
  });

  it('when the owner says the tablet was stolen, then every ticket link it issued stops', async () => {
    const { link, opens, revoke } = await tabletWithLinks();
    const before = await link('entry-before');
    expect((await revoke(true)).status).toBe(204);
    expect(await opens(before)).toBe(401);
  });

  it('when the revocation choice is malformed, then 400 and nothing is revoked', async () => {
    const { opens, link, clinic, grant } = await tabletWithLinks();
    const owner = await login(server.url, clinic.emails.owner);
    const r = await api(server.url, `/api/owner/clinics/${clinic.id}/devices/${grant.device!.id}?stolen=maybe`, {
      method: 'DELETE',
      token: owner.accessToken,
    });
    expect(r.status).toBe(400);
    expect(await opens(await link('e'))).toBe(200);
  });
});
