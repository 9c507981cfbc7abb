// The owner's exports over real HTTP: a period's visits as CSV and JSON (names
// only when asked, audited either way), the whole clinic as JSON Lines, and
// every refusal.
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHistory, api, createClinic, login, openTestDb, pushDocs, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import { dayBefore, HISTORY_ZONE, pastVisits } from '../../testkit/history.ts';
import { TRICKY_NAMES, variedVisits } from '../../testkit/varied-visits.ts';
import { ExportLine } from '../../shared/clinic-export.ts';
import { NAME_COLUMNS, VISIT_COLUMNS, VisitExportRow } from '../../shared/visit-export.ts';
import type { Entry } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';
import { ROWS_HEADER } from '../../shared/paths.ts';
import { EXPORT_PAGE_ROWS } from './export-routes.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let clinic: TestClinic;
let owner: string;
let visits: Entry[];
const now = Date.now();
const DAYS = [3, 2, 1].map((back) => dayBefore(now, HISTORY_ZONE, back));
const [FIRST, , LAST] = DAYS as [string, string, string];
const PER_DAY = 30;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  clinic = await createClinic(db);
  owner = (await login(server.url, clinic.emails.owner)).accessToken;
  visits = variedVisits(clinic.id, DAYS, PER_DAY, HISTORY_ZONE);
  await addHistory(db, clinic.id, visits);
  // A deleted visit and one the day before the period: neither is exported.
  const [gone] = variedVisits(clinic.id, [LAST], 1, HISTORY_ZONE);
  await pushDocs(db, clinic.id, 'entries', [{ newDocumentState: { ...gone!, id: 'deleted-visit', _deleted: true } }]);
  await addHistory(db, clinic.id, variedVisits(clinic.id, [dayBefore(now, HISTORY_ZONE, 4)], 2, HISTORY_ZONE));
});
afterAll(async () => {
  await server?.close();
  await db?.dispose();
});

const get = (path: string, token: string | null = owner) =>
  fetch(server.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const visitsPath = (format: 'csv' | 'json', q: string) => `/api/owner/clinics/${clinic.id}/visits.${format}?${q}`;
const period = `from=${FIRST}&to=${LAST}`;

async function auditOf(clinicId: string, token: string, action: string) {
  const r = await api(server.url, `/api/owner/clinics/${clinicId}/audit?limit=500`, { token });
  return (r.body.events as { action: string; details: Record<string, unknown> }[]).filter((e) => e.action === action);
}

describe('the visits export', () => {
  it('when the owner exports a period as CSV without names, then one row a visit of the period, no name, no phone, a BOM and the row count', async () => {
    const res = await get(visitsPath('csv', period));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`doctorq-visits-${FIRST}-${LAST}.csv`);
    expect(res.headers.get(ROWS_HEADER)).toBe(String(DAYS.length * PER_DAY));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows: string[][] = parse(text, { bom: true });
    expect(rows[0]).toEqual([...VISIT_COLUMNS]);
    expect(rows).toHaveLength(1 + DAYS.length * PER_DAY);
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(DAYS));
    for (const n of [...TRICKY_NAMES, 'Patient', '+216 20']) expect(text).not.toContain(n);
    const first = Object.fromEntries(VISIT_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(first).toMatchObject({
      day: FIRST,
      ticket: 'H-001',
      doctor: 'Dr One',
      status: 'done',
      wait_minutes: '10',
      consultation_minutes: '15',
    });
    expect(first.arrived_at).toMatch(new RegExp(`^${FIRST}T08:00:00\\+01:00$`));
  });

  it('when the owner asks for names, then each row has its name and phone, formulas neutralised and Arabic as typed', async () => {
    const res = await get(visitsPath('csv', `${period}&names=1`));
    const rows: string[][] = parse(await res.text(), { bom: true });
    expect(rows[0]).toEqual([...VISIT_COLUMNS, ...NAME_COLUMNS]);
    const names = rows.slice(1).map((r) => r[VISIT_COLUMNS.length]);
    expect(names).toContain('سلمى بن علي');
    expect(names).toContain('\'=HYPERLINK("http://x")');
    expect(names).toContain("'+216 trick");
    expect(names).toContain("'@SUM(A1)");
    expect(names.filter((n) => n?.startsWith('='))).toEqual([]);
    // Phones start with +: neutralised too, a spreadsheet would compute them.
    expect(rows.slice(1).map((r) => r.at(-1))).toContain("'+216 20 100 000");
  });

  it('when exported as JSON, then the same visits as an array of rows, names only when asked', async () => {
    const plain = await get(visitsPath('json', period));
    expect(plain.headers.get('content-type')).toContain('application/json');
    const rows = VisitExportRow.array().parse(await plain.json());
    expect(rows).toHaveLength(DAYS.length * PER_DAY);
    expect(rows.every((r) => r.name === undefined && r.phone === undefined)).toBe(true);
    expect(rows.find((r) => r.status === 'cancelled')).toMatchObject({ cancelReason: expect.any(String), waitMinutes: null });
    const named = VisitExportRow.array().parse(await (await get(visitsPath('json', `${period}&names=1`))).json());
    expect(named.map((r) => r.name)).toContain('=HYPERLINK("http://x")');
    expect(named.map(({ name: _n, phone: _p, ...rest }) => rest)).toEqual(rows);
  });

  it('when an export is made, then the audit log says which period, format and whether names were in it', async () => {
    const c = await createClinic(db);
    const token = (await login(server.url, c.emails.owner)).accessToken;
    await (await get(`/api/owner/clinics/${c.id}/visits.csv?from=${FIRST}&to=${LAST}`, token)).text();
    await (await get(`/api/owner/clinics/${c.id}/visits.json?from=${FIRST}&to=${LAST}&names=1`, token)).text();
    const events = await auditOf(c.id, token, 'export.visits');
    expect(events.map((e) => e.details)).toEqual([
      { from: FIRST, to: LAST, names: true, format: 'json' },
      { from: FIRST, to: LAST, names: false, format: 'csv' },
    ]);
  });

  // Seeding 1,500 visits takes its time on a loaded machine.
  it('when the period holds more visits than a page, then every visit comes once, in day order', { timeout: 120_000 }, async () => {
    const c = await createClinic(db);
    const token = (await login(server.url, c.emails.owner)).accessToken;
    const many = pastVisits(c.id, { now, timeZone: HISTORY_ZONE, days: 3, perDay: Math.ceil(EXPORT_PAGE_ROWS / 2) });
    await addHistory(db, c.id, many);
    const res = await get(`/api/owner/clinics/${c.id}/visits.json?from=${many[0]!.day}&to=${many.at(-1)!.day}`, token);
    const rows = VisitExportRow.array().parse(await res.json());
    expect(rows).toHaveLength(many.length);
    expect(new Set(rows.map((r) => `${r.day} ${r.ticket}`)).size).toBe(many.length);
    expect(rows.map((r) => r.day)).toEqual([...rows.map((r) => r.day)].sort());
  });

  it('when the client goes away mid-download, then the server goes on answering', async () => {
    const ac = new AbortController();
    const res = await fetch(server.url + visitsPath('csv', period), { headers: { authorization: `Bearer ${owner}` }, signal: ac.signal });
    await res.body!.getReader().read();
    ac.abort();
    const again = await get(visitsPath('json', period));
    expect(VisitExportRow.array().parse(await again.json())).toHaveLength(DAYS.length * PER_DAY);
  });
});

describe('the whole-clinic export', () => {
  it('when the owner exports the clinic, then a header, every document of every collection, the audit log and an end line counting them', async () => {
    const res = await get(`/api/owner/clinics/${clinic.id}/export.jsonl`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const text = await res.text();
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => ExportLine.parse(JSON.parse(l)));
    expect(res.headers.get(ROWS_HEADER)).toBe(String(lines.length));
    const [header, ...rest] = lines;
    expect(header).toMatchObject({
      type: 'header',
      format: 'doctorq-clinic-export',
      version: 1,
      clinic: { id: clinic.id, timeZone: 'Africa/Tunis' },
    });
    const docs = rest.filter((l) => l.type === 'doc');
    expect(docs.filter((l) => l.collection === 'entries')).toHaveLength(visits.length + 1 + 2);
    expect(docs.filter((l) => l.collection === 'doctors')).toHaveLength(2);
    expect(docs.filter((l) => l.collection === 'settings')).toHaveLength(1);
    expect(docs.some((l) => l.data.id === 'deleted-visit' && l.data._deleted === true)).toBe(true);
    expect(rest.filter((l) => l.type === 'audit').length).toBeGreaterThan(visits.length);
    expect(lines.at(-1)).toEqual({ type: 'end', lines: lines.length - 1 });
    const exported = await auditOf(clinic.id, owner, 'export.clinic');
    expect(exported.length).toBeGreaterThan(0);
  });

  it('when devices are enrolled and people signed in, then no secret is in the export', async () => {
    const c = await createClinic(db);
    const token = (await login(server.url, c.emails.owner)).accessToken;
    await login(server.url, c.emails.owner, { kind: 'reception', name: 'Desk' });
    const secrets = await db.query<{ v: string }>(
      `SELECT capability_key AS v FROM devices WHERE clinic_id = $1
       UNION ALL SELECT u.password_hash FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.clinic_id = $1
       UNION ALL SELECT encode(token_hash, 'hex') FROM sessions WHERE clinic_id = $1`,
      [c.id],
    );
    expect(secrets.length).toBeGreaterThan(3);
    const text = await (await get(`/api/owner/clinics/${c.id}/export.jsonl`, token)).text();
    for (const s of secrets) expect(text).not.toContain(s.v);
    expect(text).not.toMatch(/password|capability|token_hash|@test\.tn/);
  });
});

describe('refusals', () => {
  const paths = (id: string) => [
    `/api/owner/clinics/${id}/visits.csv?${period}`,
    `/api/owner/clinics/${id}/visits.json?${period}`,
    `/api/owner/clinics/${id}/export.jsonl`,
  ];

  it('when anyone but the owner asks (staff, devices, another clinic’s owner, no one), then 401 or 403 and nothing is audited', async () => {
    const other = await createClinic(db);
    const callers: Record<string, string | null> = {
      receptionist: (await login(server.url, clinic.emails.receptionist)).accessToken,
      doctor: (await login(server.url, clinic.emails.doctor)).accessToken,
      'reception device': (await login(server.url, clinic.emails.owner, { kind: 'reception', name: 'Desk' })).accessToken,
      'display device': (await login(server.url, clinic.emails.owner, { kind: 'display', name: 'TV' })).accessToken,
      'doctor device': (await login(server.url, clinic.emails.owner, { kind: 'doctor', name: 'Room', doctorId: 'doc-1' })).accessToken,
      'another owner': (await login(server.url, other.emails.owner)).accessToken,
      anonymous: null,
    };
    const before = (await auditOf(clinic.id, owner, 'export.visits')).length;
    for (const [who, token] of Object.entries(callers))
      for (const p of paths(clinic.id)) {
        const res = await get(p, token);
        await res.body?.cancel();
        expect({ who, p, status: res.status }).toEqual({ who, p, status: token ? 403 : 401 });
      }
    expect((await auditOf(clinic.id, owner, 'export.visits')).length).toBe(before);
  });

  it('when the period or the names choice is bad, then 400 invalid_query and nothing is exported', async () => {
    for (const q of [
      `from=${LAST}&to=${FIRST}`,
      'from=2024-01-01&to=2025-01-01',
      `${period}&names=2`,
      `${period}&names=true`,
      `from=${FIRST}`,
      'from=2026-02-30&to=2026-03-01',
      '',
    ]) {
      const r = await api(server.url, visitsPath('csv', q), { token: owner });
      expect({ q, status: r.status, code: r.body.error?.code }).toEqual({ q, status: 400, code: 'invalid_query' });
    }
  });

  it('when the clinic id is not a clinic id, then 404', async () => {
    expect((await get(`/api/owner/clinics/not-a-uuid/export.jsonl`)).status).toBe(404);
    expect((await get(`/api/owner/clinics/${randomUUID()}/export.jsonl`)).status).toBe(403);
  });
});
