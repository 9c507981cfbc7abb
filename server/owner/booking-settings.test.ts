// The owner's appointment settings: a doctor's bookable schedule through the
// doctor route and the clinic's booking rules through the settings route, both
// replicated documents the tablets pull.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, startTestServer } from '../../testkit/harness.ts';
import { BOOKING_DEFAULTS } from '../../shared/doc-defaults.ts';
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

const SCHEDULE = { slotMinutes: 20, breaks: [{ from: '12:00', to: '13:00' }], daysOff: [0, 6] };

describe('owner booking settings', () => {
  it('when the owner gives a doctor a schedule, then the tablets pull it, a later edit without it keeps it, and null makes the doctor walk-ins only', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const path = `/api/owner/clinics/${clinic.id}/doctors/doc-1`;
    const put = (body: unknown) => api(server.url, path, { method: 'PUT', token: owner.accessToken, body });
    const pulledBooking = async () => {
      const pulled = await api(server.url, '/api/sync/v1/doctors/pull?seq=0&limit=10', { token: tablet.accessToken });
      return pulled.body.documents.find((d: { id: string }) => d.id === 'doc-1').booking;
    };

    const set = await put({ name: 'Dr One', room: '1', active: true, booking: SCHEDULE });
    expect(set.status).toBe(200);
    expect(set.body.booking).toEqual(SCHEDULE);
    expect(await pulledBooking()).toEqual(SCHEDULE);

    const renamed = await put({ name: 'Dr Uno', room: '1', active: true });
    expect(renamed.body).toMatchObject({ name: 'Dr Uno', booking: SCHEDULE });

    const off = await put({ name: 'Dr Uno', room: '1', active: true, booking: null });
    expect(off.body.booking).toBeNull();
    expect(await pulledBooking()).toBeNull();
  });

  it('when a schedule is out of bounds, then the doctor route refuses it with 400 and the doctor is unchanged', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const path = `/api/owner/clinics/${clinic.id}/doctors/doc-2`;
    const bad = [
      { ...SCHEDULE, slotMinutes: 2 },
      { ...SCHEDULE, breaks: [{ from: '13:00', to: '12:00' }] },
      { ...SCHEDULE, daysOff: [7] },
      { ...SCHEDULE, extra: true },
    ];
    for (const booking of bad) {
      const r = await api(server.url, path, {
        method: 'PUT',
        token: owner.accessToken,
        body: { name: 'Dr Two', room: '2', active: true, booking },
      });
      expect({ booking, status: r.status, code: r.body.error?.code }).toEqual({ booking, status: 400, code: 'invalid_body' });
    }
    const listed = await api(server.url, `/api/owner/clinics/${clinic.id}/doctors`, { token: owner.accessToken });
    expect(listed.body.doctors.find((d: { id: string }) => d.id === 'doc-2').booking).toBeNull();
  });

  it('when the owner sets the clinic booking rules, then the settings document holds them; a partial or bad object is refused', async () => {
    const clinic = await createClinic(db);
    const owner = await login(server.url, clinic.emails.owner);
    const path = `/api/owner/clinics/${clinic.id}/settings`;
    const patch = (body: unknown) => api(server.url, path, { method: 'PATCH', token: owner.accessToken, body });
    const rules = { online: true, daysAhead: 30, earlyMinutes: 15, lateMinutes: 5, lateAs: 'slot', reminders: false };

    const ok = await patch({ booking: rules });
    expect(ok.status).toBe(200);
    expect((await api(server.url, path, { token: owner.accessToken })).body.booking).toEqual(rules);

    for (const booking of [{ online: false }, { ...rules, daysAhead: 0 }, { ...rules, lateAs: 'never' }, { ...rules, earlyMinutes: 241 }]) {
      const r = await patch({ booking });
      expect({ booking, status: r.status }).toEqual({ booking, status: 400 });
    }
    expect((await api(server.url, path, { token: owner.accessToken })).body.booking).toEqual(rules);
  });

  it('when someone else than the owner writes booking settings, then they are refused and nothing changes', async () => {
    const clinic = await createClinic(db);
    const other = await createClinic(db);
    const receptionist = await login(server.url, clinic.emails.receptionist);
    const otherOwner = await login(server.url, other.emails.owner);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'Desk' });
    const settingsPath = `/api/owner/clinics/${clinic.id}/settings`;
    const doctorPath = `/api/owner/clinics/${clinic.id}/doctors/doc-1`;
    const body = { booking: { ...BOOKING_DEFAULTS, online: true } };
    const doctorBody = { name: 'Dr One', room: '1', active: true, booking: SCHEDULE };
    for (const token of [receptionist.accessToken, otherOwner.accessToken, tablet.accessToken]) {
      expect((await api(server.url, settingsPath, { method: 'PATCH', token, body })).status).toBe(403);
      expect((await api(server.url, doctorPath, { method: 'PUT', token, body: doctorBody })).status).toBe(403);
    }
    expect((await api(server.url, settingsPath, { method: 'PATCH', body })).status).toBe(401);

    await db.query(`UPDATE clinics SET status = 'suspended' WHERE id = $1`, [clinic.id]);
    const owner = await login(server.url, clinic.emails.owner);
    const suspended = await api(server.url, doctorPath, { method: 'PUT', token: owner.accessToken, body: doctorBody });
    expect({ status: suspended.status, code: suspended.body.error.code }).toEqual({ status: 403, code: 'clinic_suspended' });
    await db.query(`UPDATE clinics SET status = 'active' WHERE id = $1`, [clinic.id]);
    const settings = await api(server.url, settingsPath, { token: owner.accessToken });
    expect(settings.body.booking).toEqual(BOOKING_DEFAULTS);
  });
});
