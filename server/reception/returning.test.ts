// The returning-patient look-up over real HTTP against the real database:
// refusals first, then what it finds, and what it never finds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createClinic, login, openTestDb, pushDocs, startTestServer } from '../../testkit/harness.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { clinicDay } from '../../shared/tickets.ts';
import type { Entry } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';
import { LOOKUPS_PER_MINUTE } from './returning-routes.ts';

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

const PATH = '/api/reception/v1/returning';
const daysAgo = (n: number) => clinicDay(Date.now() - n * 86_400_000, 'Africa/Tunis');

async function clinicWithVisits() {
  const clinic = await createClinic(db);
  const visit = (name: string, phone: string | null, day: string, status: Entry['status'] = 'done'): Entry => ({
    ...walkIn([], clinic.id, name),
    day,
    phone,
    status,
  });
  const visits = [
    visit('Leila Mansour', '+216 20 123 456', daysAgo(30)),
    visit('Leila Mansour', '+216 20 123 456', daysAgo(10), 'no_show'),
    visit('Leila Mansour', '+216 20 123 456', daysAgo(2), 'not_seen'),
    visit('Karim Mansour', '20123456', daysAgo(5)),
    // Past the 90-day retention period (not yet erased by the job): never suggested.
    visit('Leila Ancienne', '+216 20 123 999', daysAgo(120)),
  ];
  await pushDocs(
    db,
    clinic.id,
    'entries',
    visits.map((v) => ({ newDocumentState: wire(v) })),
  );
  return clinic;
}

describe('GET /api/reception/v1/returning', () => {
  it('when the caller has no token or a display token, then 401 and 403; too little typed finds nothing, too much is 400', async () => {
    const clinic = await clinicWithVisits();
    expect((await api(server.url, `${PATH}?q=leila`)).status).toBe(401);
    const tv = await login(server.url, clinic.emails.owner, { kind: 'display', name: 'TV' });
    expect((await api(server.url, `${PATH}?q=leila`, { token: tv.accessToken })).status).toBe(403);
    const desk = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    expect((await api(server.url, `${PATH}?q=le`, { token: desk.accessToken })).body).toEqual({ patients: [] });
    expect((await api(server.url, PATH, { token: desk.accessToken })).body).toEqual({ patients: [] });
    const long = await api(server.url, `${PATH}?q=${'a'.repeat(61)}`, { token: desk.accessToken });
    expect([long.status, long.body.error.code]).toEqual([400, 'invalid_query']);
    // A NUL cannot reach Postgres (it would answer 500): refused at the boundary.
    const nul = await api(server.url, `${PATH}?q=${encodeURIComponent('abc\u0000')}`, { token: desk.accessToken });
    expect([nul.status, nul.body.error.code]).toEqual([400, 'invalid_query']);
  });

  it('when a phone number is typed at the desk, then the names on that number with visit and no-show counts, within the retention period', async () => {
    const clinic = await clinicWithVisits();
    const desk = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const r = await api(server.url, `${PATH}?q=${encodeURIComponent('20 123')}`, { token: desk.accessToken });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      patients: [
        { name: 'Leila Mansour', phone: '+216 20 123 456', visits: 3, noShows: 1, lastDay: daysAgo(2) },
        { name: 'Karim Mansour', phone: '20123456', visits: 1, noShows: 0, lastDay: daysAgo(5) },
      ],
    });
    const byName = await api(server.url, `${PATH}?q=leila`, { token: desk.accessToken });
    expect(byName.body.patients.map((p: { name: string }) => p.name)).toEqual(['Leila Mansour']);
    // A wildcard typed is a letter, not "everyone".
    expect((await api(server.url, `${PATH}?q=${encodeURIComponent('%%%')}`, { token: desk.accessToken })).body).toEqual({ patients: [] });
  });

  it("when another clinic's receptionist types the same number, then nothing of this clinic", async () => {
    await clinicWithVisits();
    const other = await createClinic(db);
    const staff = await login(server.url, other.emails.receptionist);
    const r = await api(server.url, `${PATH}?q=${encodeURIComponent('20 123')}`, { token: staff.accessToken });
    expect(r.body).toEqual({ patients: [] });
  });

  it('when one session looks up more than the limit in a minute, then 429', async () => {
    const clinic = await createClinic(db);
    const staff = await login(server.url, clinic.emails.receptionist);
    for (let i = 0; i < LOOKUPS_PER_MINUTE; i++)
      expect((await api(server.url, `${PATH}?q=abc`, { token: staff.accessToken })).status).toBe(200);
    const over = await api(server.url, `${PATH}?q=abc`, { token: staff.accessToken });
    expect([over.status, over.body.error.code]).toEqual([429, 'rate_limited']);
  });
});
