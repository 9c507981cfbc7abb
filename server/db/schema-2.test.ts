// The backfills (migrations/0017_schema_2.sql, 0020_schema_3.sql) against
// documents a schema-1 server stored: they must come out valid, and equal to
// what the tablets' own migration makes of the same documents, or every
// migrated tablet would conflict with the server on its next push.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from './database.ts';
import { FUNCTIONS_SUBDIR, MIGRATIONS_DIR, migrate } from './migrate.ts';
import { WIRE_COLLECTIONS } from '../../shared/schemas.ts';
import { UPGRADE } from '../../shared/doc-defaults.ts';

const LAST_OF_SCHEMA_1 = 13;
let root: string;
let db: Database;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'doctorq-schema2-'));
  const before = join(root, 'migrations');
  await mkdir(before);
  await cp(join(MIGRATIONS_DIR, FUNCTIONS_SUBDIR), join(before, FUNCTIONS_SUBDIR), { recursive: true });
  for (const f of await readdir(MIGRATIONS_DIR)) {
    if (/^\d{4}_/.test(f) && Number(f.slice(0, 4)) <= LAST_OF_SCHEMA_1) await cp(join(MIGRATIONS_DIR, f), join(before, f));
  }
  db = await openDatabase({ poolSize: 1, dataDir: join(root, 'data') });
  await migrate(db, before);
});
afterAll(async () => {
  await db?.close();
  await rm(root, { recursive: true, force: true });
});

const clinicId = randomUUID();
const v1 = {
  entries: {
    id: 'e1',
    clinicId,
    day: '2026-12-01',
    ticket: 'A-001',
    name: 'Salma Trabelsi',
    phone: '+216 20 000 001',
    doctorId: null,
    priority: 'normal',
    status: 'cancelled',
    rank: 'a0',
    source: 'reception',
    arrivedAt: 1,
    calledAt: null,
    startedAt: null,
    endedAt: 2,
    updatedAt: 2,
    _deleted: false,
  },
  doctors: { id: 'd1', clinicId, name: 'Dr One', room: '1', active: true, updatedAt: 1, _deleted: false },
  settings: {
    id: clinicId,
    clinicId,
    name: 'Cabinet',
    timeZone: 'Africa/Tunis',
    languages: ['fr', 'ar'],
    ticketPrefix: '',
    defaultConsultationMinutes: 15,
    selfCheckIn: true,
    display: 'tickets',
    retentionDays: 90,
    updatedAt: 1,
    _deleted: false,
  },
};
const hours = { spans: [{ weekday: 1, open: '08:00', close: '16:00' }] };

describe('schema 2 backfill', () => {
  it('when schema-1 documents are migrated, then each is valid and equal to the tablet-migrated copy, and the settings carry the hours under a new sequence number', async () => {
    await db.query(`INSERT INTO clinics (id, name, seq, opening_hours) VALUES ($1, 'Cabinet', 3, $2)`, [clinicId, JSON.stringify(hours)]);
    let seq = 0;
    for (const [c, doc] of Object.entries(v1)) {
      await db.query('INSERT INTO docs (clinic_id, collection, id, seq, data) VALUES ($1, $2, $3, $4, $5)', [
        clinicId,
        c,
        doc.id,
        ++seq,
        JSON.stringify(doc),
      ]);
    }

    await migrate(db);

    for (const c of Object.keys(v1) as (keyof typeof v1)[]) {
      const [row] = await db.query<{ data: Record<string, unknown>; seq: number }>(
        'SELECT data, seq FROM docs WHERE clinic_id = $1 AND collection = $2',
        [clinicId, c],
      );
      expect(WIRE_COLLECTIONS[c].safeParse(row!.data).success, c).toBe(true);
      const onTablet = (UPGRADE[c] as (d: object) => object)(v1[c]);
      if (c === 'settings') {
        expect(row!.data).toEqual({ ...onTablet, hours });
        expect(row!.seq).toBe(4);
      } else {
        expect(row!.data).toEqual(onTablet);
      }
    }
  });
});
