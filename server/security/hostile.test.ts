// Hostile input (issue 14): bodies, strings and documents built to break the
// server, each against the real app and a real database. One describe per
// class of defect; every case here answered 5xx or stored what it should not
// before its fix.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { api, createClinic, login, openTestDb, pushDocs, testConfig } from '../../testkit/harness.ts';
import { MAX_DOCUMENT_BYTES } from '../../shared/schemas.ts';
import { clinicDay } from '../../shared/tickets.ts';
import { walkIn, wire } from '../../testkit/entries.ts';
import { startServer, type RunningServer } from '../main.ts';
import { listDocs, readDoc } from '../docs/reads.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
let server: RunningServer;
let logged = '';
beforeAll(async () => {
  db = await openTestDb();
  const sink = new Writable({
    write(chunk, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  server = await startServer({ config: testConfig({ LOG_LEVEL: 'info' }), db, log: pino({ level: 'info' }, sink) });
});
afterAll(async () => {
  await server.close();
  await db.dispose();
});

const nested = (depth: number, leaf: string) => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

describe('deeply nested JSON', () => {
  it('when a body nests deeper than the limit anywhere, then 400 too_deep before any handler, and the shallow twin still works', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const e = wire(walkIn([], clinic.id, 'Nested Attack'));
    const deep = nested(50_000, '1');
    const bodies = [
      `[{"assumedMasterState":{"_deleted":false,"x":${deep}},"newDocumentState":${JSON.stringify(e)}}]`,
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      // Brackets inside strings are text, not depth.
      `{"email":"${'['.repeat(40)}","password":${nested(40, '"x"')}}`,
    ];
    for (const [path, body] of [
      ['/api/sync/v1/entries/push', bodies[0]],
      ['/api/sync/v1/entries/push', bodies[1]],
      ['/api/auth/login', bodies[2]],
      [`/api/checkin/v1/${clinic.id}`, bodies[1]],
    ] as const) {
      const r = await api(server.url, path, { token: tablet.accessToken, body });
      expect({ path, status: r.status, code: r.body?.error?.code }).toEqual({ path, status: 400, code: 'too_deep' });
    }
    // Refused as the client's fault, not logged as a server error.
    expect(logged).not.toContain('unhandled error');
    const shallow = `[{"newDocumentState":${JSON.stringify({ ...e, name: '[[[[{{{{ not depth' })}}]`;
    const ok = await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: shallow });
    expect({ status: ok.status, conflicts: ok.body.conflicts }).toEqual({ status: 200, conflicts: [] });
  });
});

describe('control characters and what errors log', () => {
  const HOSTILE = [
    'Nul\u0000Name',
    'Bell\u0007Name',
    'Esc\u001b[31mName',
    'Del\u007fName',
    'C1\u0085Name',
    'Lone\ud800Half',
    'Line\u2028Sep',
  ];

  it('when a free-text field carries a control character or a lone surrogate, then 422 on every route that stores text, nothing stored, no 5xx', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const owner = await login(server.url, clinic.emails.owner);
    for (const name of HOSTILE) {
      const checkIn = await api(server.url, `/api/checkin/v1/${clinic.id}`, { body: { requestId: randomUUID(), name } });
      expect({ name, status: checkIn.status, code: checkIn.body.error.code }).toEqual({ name, status: 422, code: 'invalid_body' });
      const e = wire(walkIn([], clinic.id, name));
      const pushed = await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: [{ newDocumentState: e }] });
      expect({ name, status: pushed.status, code: pushed.body.error.code }).toEqual({ name, status: 422, code: 'invalid_document' });
      const doctor = { ...clinic.doctors[0]!, room: name, _deleted: false };
      const room = await api(server.url, '/api/sync/v1/doctors/push', { token: tablet.accessToken, body: [{ newDocumentState: doctor }] });
      expect({ name, status: room.status }).toEqual({ name, status: 422 });
      const patch = await api(server.url, `/api/owner/clinics/${clinic.id}/settings`, {
        method: 'PATCH',
        token: owner.accessToken,
        body: { name },
      });
      expect({ name, status: patch.status }).toEqual({ name, status: 400 });
    }
    // A NUL where no schema looks (the assumed state of a push) never reaches Postgres's JSON parser as a value to store.
    const e = wire(walkIn([], clinic.id, 'Plain Name'));
    const assumed = await api(server.url, '/api/sync/v1/entries/push', {
      token: tablet.accessToken,
      body: [{ assumedMasterState: { ...e, name: 'x\u0000' }, newDocumentState: e }],
    });
    expect(assumed.status).toBe(200);
    expect(await listDocs(db, clinic.id, 'entries')).toEqual([e]);
  });

  it('when a database error quotes the row it refused, then the log has its code and never the values', async () => {
    const secret = 'Yasmine Secret-Patient';
    const err = await db.query('SELECT $1::jsonb', [`{"name":"${secret}\\u0000"}`]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    // The raw error does carry the value: the serializer is what keeps it out.
    expect(JSON.stringify(pino.stdSerializers.err(err as Error)) + String((err as Error).message)).toContain('Secret');
    // The server's own logger, as every route and job logs through it.
    logged = '';
    server.log.error({ err }, 'failed');
    expect(logged).toContain('"code":"22P05"');
    expect(logged).not.toContain('Secret');
  });
});

describe('what is stored is what was validated', () => {
  it('when names are padded far past their limit with spaces, then the trimmed value is stored and served, never the raw one', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const pad = ' '.repeat(330_000);
    const e = wire(walkIn([], clinic.id, `${pad}Ali Ben Salah${pad}`));
    const r = await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: [{ newDocumentState: e }] });
    expect(r.status).toBe(200);
    const doctor = { ...clinic.doctors[0]!, name: `\t${pad}Dr Padded${pad}\n`, room: `${' '.repeat(300_000)}3`, _deleted: false };
    const d = await api(server.url, '/api/sync/v1/doctors/push', {
      token: tablet.accessToken,
      body: [{ assumedMasterState: wire(clinic.doctors[0]!), newDocumentState: doctor }],
    });
    expect(d.body).toMatchObject({ conflicts: [] });
    expect((await readDoc(db, clinic.id, 'entries', e.id))?.name).toBe('Ali Ben Salah');
    const form = await api(server.url, `/api/checkin/v1/${clinic.id}`);
    expect(form.body.doctors.find((x: { id: string }) => x.id === 'doc-1')).toMatchObject({ id: 'doc-1', name: 'Dr Padded', room: '3' });
    expect(JSON.stringify(form.body).length).toBeLessThan(1000);
    // Decomposed and composed forms of one name are one stored value.
    const nfd = wire(walkIn([], clinic.id, 'Ame\u0301lie'));
    await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: [{ newDocumentState: nfd }] });
    expect((await readDoc(db, clinic.id, 'entries', nfd.id))?.name).toBe('Am\u00e9lie');
  });

  it('when any writer passes a document over the size cap, then it is refused whole', async () => {
    const clinic = await createClinic(db);
    const e = wire(walkIn([], clinic.id, 'Big'));
    const huge = { ...e, name: 'x'.repeat(MAX_DOCUMENT_BYTES) };
    await expect(pushDocs(db, clinic.id, 'entries', [{ newDocumentState: huge }])).rejects.toMatchObject({
      status: 422,
      code: 'invalid_document',
    });
    expect(await readDoc(db, clinic.id, 'entries', e.id)).toBeNull();
  });

  it("when a clinic's documents would grow past its plan's storage quota, then 403 storage_quota, and shrinking stays allowed", async () => {
    const clinic = await createClinic(db);
    await db.query(`UPDATE clinics SET plan_id = 'trial' WHERE id = $1`, [clinic.id]);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    // The counter is exact: the sum of the documents' JSON text.
    const [{ counted, actual }] = (await db.query(
      `SELECT c.doc_bytes::int AS counted, (SELECT sum(octet_length(d.data::text))::int FROM docs d WHERE d.clinic_id = c.id) AS actual
         FROM clinics c WHERE c.id = $1`,
      [clinic.id],
    )) as [{ counted: number; actual: number }];
    expect(counted).toBe(actual);
    const [{ max }] = (await db.query(`SELECT max_storage_bytes::float8 AS max FROM plans WHERE id = 'trial'`)) as [{ max: number }];
    // Bring the clinic near its quota without writing 20 MB in a test.
    await db.query('UPDATE clinics SET doc_bytes = $2 WHERE id = $1', [clinic.id, max - 600]);
    const push = (docs: object[], assumed?: object) =>
      api(server.url, '/api/sync/v1/entries/push', {
        token: tablet.accessToken,
        body: docs.map((d) => ({ ...(assumed ? { assumedMasterState: assumed } : {}), newDocumentState: d })),
      });
    const a = wire(walkIn([], clinic.id, 'First Fits'));
    expect((await push([a])).status).toBe(200);
    const b = wire(walkIn([a], clinic.id, 'Second Overflows'));
    const refused = await push([b]);
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 403, code: 'storage_quota' });
    expect(await readDoc(db, clinic.id, 'entries', b.id)).toBeNull();
    const shorter = { ...a, name: 'F' };
    expect((await push([shorter], a)).status).toBe(200);
    const plans = await api(server.url, '/api/plans');
    expect(plans.body.plans.find((p: { id: string }) => p.id === 'trial').maxStorageBytes).toBe(max);
  });
});

describe('fields a server computation relies on', () => {
  it('when a pushed entry carries a key, ticket or day the server could not compute with, then 422 and self check-in goes on', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const good = wire(walkIn([], clinic.id, 'Good Entry'));
    for (const bad of [
      { rank: 'a10' },
      { rank: 'a1V0' },
      { rank: 'b0' },
      { rank: 'A' },
      { rank: '0' },
      { ticket: 'A-' },
      { ticket: '<b>-1' },
      { day: '2026-13-45' },
    ]) {
      const r = await api(server.url, '/api/sync/v1/entries/push', {
        token: tablet.accessToken,
        body: [{ newDocumentState: { ...good, ...bad } }],
      });
      expect({ bad, status: r.status, code: r.body.error.code }).toEqual({ bad, status: 422, code: 'invalid_document' });
    }
    // A bad key already stored (from before this check) is passed over, not thrown on.
    const today = clinicDay(Date.now(), 'Africa/Tunis');
    await db.query(`INSERT INTO docs (clinic_id, collection, id, seq, data) VALUES ($1, 'entries', 'legacy-bad', 0, $2::jsonb)`, [
      clinic.id,
      JSON.stringify({ ...good, id: 'legacy-bad', day: today, rank: 'a10' }),
    ]);
    const checkIn = await api(server.url, `/api/checkin/v1/${clinic.id}`, { body: { requestId: randomUUID(), name: 'After Bad' } });
    expect(checkIn.status).toBe(201);
  });
});

describe('keys built from what a client typed', () => {
  it('when check-ins spell the clinic id in other cases, then they share the clinic limit and the entry names the clinic in its one spelling', async () => {
    const limited = await startServer({ config: testConfig({ CHECKIN_RATE_LIMIT_PER_CLINIC: '3' }), db, log: pino({ level: 'silent' }) });
    try {
      const clinic = await createClinic(db);
      const spellings = [clinic.id, clinic.id.toUpperCase(), clinic.id.replace(/[a-f]/, (c) => c.toUpperCase())];
      const codes = [];
      for (let i = 0; i < 6; i++)
        codes.push(
          (await api(limited.url, `/api/checkin/v1/${spellings[i % 3]}`, { body: { requestId: randomUUID(), name: `Case ${i}` } })).status,
        );
      expect(codes).toEqual([201, 201, 201, 429, 429, 429]);
      const stored = await listDocs<{ clinicId: string }>(db, clinic.id, 'entries');
      expect(stored.map((e) => e.clinicId)).toEqual([clinic.id, clinic.id, clinic.id]);
    } finally {
      await limited.close();
    }
  });
});

describe("the owner's CSV export", () => {
  it('when a doctor is named to break out of a cell, then the name stays one quoted cell and no cell starts a formula', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const owner = await login(server.url, clinic.emails.owner);
    const name = 'Dr X,=1+2,=HYPERLINK("http://evil.test","x")';
    const doctor = { ...wire(clinic.doctors[0]!), name };
    await api(server.url, '/api/sync/v1/doctors/push', {
      token: tablet.accessToken,
      body: [{ assumedMasterState: wire(clinic.doctors[0]!), newDocumentState: doctor }],
    });
    const now = Date.now() - 3_600_000;
    const day = clinicDay(now, 'Africa/Tunis');
    const seen = {
      ...wire(walkIn([], clinic.id, 'Seen Patient', { doctorId: 'doc-1', now })),
      day,
      status: 'done',
      calledAt: now + 60_000,
      startedAt: now + 120_000,
      endedAt: now + 720_000,
    };
    expect(
      (await api(server.url, '/api/sync/v1/entries/push', { token: tablet.accessToken, body: [{ newDocumentState: seen }] })).status,
    ).toBe(200);
    const res = await fetch(`${server.url}/api/owner/clinics/${clinic.id}/reports.csv?from=${day}&to=${day}`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    const text = await res.text();
    expect(text).toContain('"consultation:Dr X,=1+2,=HYPERLINK(""http://evil.test"",""x"")",1,10,10');
    // Split as a spreadsheet would (quotes respected): no cell starts with a formula character.
    const cells = text.match(/"(?:[^"]|"")*"|[^,\r\n]+/g) ?? [];
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});

describe('time zones', () => {
  it('when the owner or a tablet sets a zone Intl does not know, then it is refused and check-in keeps working', async () => {
    const clinic = await createClinic(db);
    const tablet = await login(server.url, clinic.emails.receptionist, { kind: 'reception', name: 'desk' });
    const owner = await login(server.url, clinic.emails.owner);
    for (const timeZone of ['Mars/Olympus', 'UTC+99', '../../etc/passwd']) {
      const patch = await api(server.url, `/api/owner/clinics/${clinic.id}/settings`, {
        method: 'PATCH',
        token: owner.accessToken,
        body: { timeZone },
      });
      expect({ timeZone, status: patch.status }).toEqual({ timeZone, status: 400 });
      const settings = (await readDoc(db, clinic.id, 'settings', clinic.id))!;
      const pushed = await api(server.url, '/api/sync/v1/settings/push', {
        token: tablet.accessToken,
        body: [{ assumedMasterState: settings, newDocumentState: { ...settings, timeZone } }],
      });
      expect({ timeZone, status: pushed.status }).toEqual({ timeZone, status: 422 });
    }
    expect((await api(server.url, `/api/checkin/v1/${clinic.id}`)).status).toBe(200);
  });
});

describe('check-in idempotency keys', () => {
  it("when a check-in's requestId is another entry's public id, then it never answers with that entry's ticket link", async () => {
    const clinic = await createClinic(db);
    const victim = await api(server.url, `/api/checkin/v1/${clinic.id}`, { body: { requestId: randomUUID(), name: 'Victim' } });
    expect(victim.status).toBe(201);
    const attack = await api(server.url, `/api/checkin/v1/${clinic.id}`, { body: { requestId: victim.body.entryId, name: 'Attacker' } });
    expect(attack.body.entryId).not.toBe(victim.body.entryId);
    expect(attack.body.ticket).not.toBe(victim.body.ticket);
  });
});
