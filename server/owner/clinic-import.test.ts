// The round trip: a clinic exported over HTTP, imported into a fresh clinic,
// gives the same reports and the same visits; a file cut short or spoiled
// leaves nothing behind.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHistory, api, createClinic, login, openTestDb, pushDocs, startTestServer, type TestClinic } from '../../testkit/harness.ts';
import { dayBefore, HISTORY_ZONE } from '../../testkit/history.ts';
import { variedVisits } from '../../testkit/varied-visits.ts';
import { withClinic } from '../db/tenant.ts';
import { listDocs } from '../docs/reads.ts';
import { Documents } from '../docs/writes.ts';
import { CollectionName } from '../../shared/schemas.ts';
import type { RunningServer } from '../main.ts';
import { fileLines, ImportError, importClinic } from './clinic-import.ts';
import { clinicReport } from './reports.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let source: TestClinic;
let exported: string;
const now = Date.now();
const DAYS = [9, 8, 6, 3, 2].map((back) => dayBefore(now, HISTORY_ZONE, back));
const FROM = DAYS[0]!;
const TO = DAYS.at(-1)!;

async function* linesOf(text: string) {
  yield* text.split('\n');
}

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  source = await createClinic(db);
  await addHistory(db, source.id, variedVisits(source.id, DAYS, 27, HISTORY_ZONE));
  const [gone] = variedVisits(source.id, [TO], 1, HISTORY_ZONE);
  await pushDocs(db, source.id, 'entries', [{ newDocumentState: { ...gone!, id: 'deleted-visit', _deleted: true } }]);
  const token = (await login(server.url, source.emails.owner)).accessToken;
  // A doctor who left: their visits keep their name in the reports and exports.
  expect(
    (
      await api(server.url, `/api/owner/clinics/${source.id}/doctors/doc-2`, {
        method: 'PUT',
        token,
        body: { name: 'Dr Two', room: '2', active: false },
      })
    ).status,
  ).toBe(200);
  const res = await fetch(`${server.url}/api/owner/clinics/${source.id}/export.jsonl`, { headers: { authorization: `Bearer ${token}` } });
  exported = await res.text();
});
afterAll(async () => {
  await server?.close();
  await db?.dispose();
});

const visitsJson = async (clinicId: string, token: string, names: 0 | 1) =>
  (await api(server.url, `/api/owner/clinics/${clinicId}/visits.json?from=${FROM}&to=${TO}&names=${names}`, { token })).body;
const clinicsOf = async (email: string) =>
  (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1', [
      email,
    ])
  )[0]!.n;

describe('export, then import into a fresh clinic', () => {
  it('when imported, then the reports, the visits (names too) and every document are identical, and the audit log came along', async () => {
    const target = await createClinic(db);
    const r = await importClinic(new Documents(db), linesOf(exported), { ownerEmail: target.emails.owner, plan: 'clinic' });
    expect(r.clinicId).not.toBe(source.id);

    const report = (id: string) => withClinic(db, id, (tx) => clinicReport(tx, id, FROM, TO, HISTORY_ZONE));
    const before = await report(source.id);
    expect(before.totals.visits).toBe(DAYS.length * 27);
    expect(await report(r.clinicId)).toEqual(before);

    const sourceToken = (await login(server.url, source.emails.owner)).accessToken;
    const targetToken = (await login(server.url, target.emails.owner)).accessToken;
    for (const names of [0, 1] as const)
      expect(await visitsJson(r.clinicId, targetToken, names)).toEqual(await visitsJson(source.id, sourceToken, names));

    for (const collection of CollectionName.options) {
      const docs = async (id: string) =>
        (await withClinic(db, id, (tx) => listDocs(tx, id, collection, { withDeleted: true })))
          .map(({ clinicId: _c, ...d }) => ({ ...d, id: d.id === id ? 'the clinic' : d.id }))
          .sort((a, b) => String(a.id).localeCompare(String(b.id)));
      expect({ collection, docs: await docs(r.clinicId) }).toEqual({ collection, docs: await docs(source.id) });
    }

    const audit = await api(server.url, `/api/owner/clinics/${r.clinicId}/audit?limit=500`, { token: targetToken });
    const actions: string[] = audit.body.events.map((e: { action: string }) => e.action);
    expect(actions).toContain('clinic.import');
    expect(actions).toContain('doctors.update');
    expect(actions).toContain('export.clinic');
    const clinics = await api(server.url, '/api/owner/clinics', { token: targetToken });
    expect(clinics.body.clinics.map((c: { id: string }) => c.id)).toContain(r.clinicId);
  });

  it('when the file is cut short, spoiled, or the owner unknown, then the import is refused and no clinic is left behind', async () => {
    const target = await createClinic(db);
    const lines = exported.trimEnd().split('\n');
    const cases: [string, string[], string][] = [
      ['cut short', lines.slice(0, -1), target.emails.owner],
      ['cut mid-way', [...lines.slice(0, 40), lines.at(-1)!], target.emails.owner],
      ['a line spoiled', [lines[0]!, '{"type":"doc","collection":"users","data":{}}', ...lines.slice(1)], target.emails.owner],
      ['not JSON', [lines[0]!, 'password,hash', ...lines.slice(1)], target.emails.owner],
      ['no header', lines.slice(1), target.emails.owner],
      ['unknown owner', lines, 'nobody@test.tn'],
    ];
    // The target owner's clinics, not all of them: other files create clinics on the same database meanwhile.
    const count = await clinicsOf(target.emails.owner);
    for (const [what, file, owner] of cases) {
      const err = await importClinic(new Documents(db), linesOf(file.join('\n')), { ownerEmail: owner, plan: 'clinic' }).catch(
        (e: unknown) => e,
      );
      expect({ what, refused: err instanceof ImportError }).toEqual({ what, refused: true });
    }
    expect(await clinicsOf(target.emails.owner)).toBe(count);
  });
});

describe('the import file', () => {
  it('when the import reads a file after awaiting the database, then it gets every line from the first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doctorq-import-'));
    try {
      const path = join(dir, 'clinic.jsonl');
      await writeFile(path, exported);
      const lines = fileLines(path);
      // The import awaits the database (the owner's account) before its first line; the file is read meanwhile.
      await db.query('SELECT 1');
      await new Promise((r) => setTimeout(r, 200));
      const read: string[] = [];
      for await (const line of lines) read.push(line);
      expect(read).toEqual(exported.trimEnd().split('\n'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
